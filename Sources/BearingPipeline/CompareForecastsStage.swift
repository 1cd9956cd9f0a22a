import BearingContracts
import BearingForecast

/// `compare-forecasts`: walk forward over past periods, quota vs vector vs actual expansion.
public enum CompareForecastsStage {
    public typealias Output = ForecastRunOutput<ForecastComparison>

    public static func run(inputs: ForecastInputs, settings: ForecastSettings, minimumTrainingPeriods: Int) throws -> Output {
        let h = inputs.history
        let comparison = try ForecastComparison.walkForward(
            panel: h.panel, index: h.index, categories: inputs.categories, churnProbabilities: inputs.churnProbabilities,
            catalogue: inputs.catalogue, options: settings.forecasterOptions, strength: settings.kappa,
            halfLife: settings.recencyHalfLife, minimumTrainingPeriods: minimumTrainingPeriods)
        return try Output(
            result: comparison, inputs: inputs, settings: settings,
            table: OutputFile(name: ForecastComparisonTable.fileName, bytes: ForecastComparisonTable.render(comparison)),
            renewalPeriods: "each period", text: render(comparison))
    }

    public static func render(_ c: ForecastComparison) -> String {
        var s = "Walk-forward comparison of expansion forecasts (\(c.trials) trials)\n\(c.quota.summary)\n\n"
        s += TextTable.render(
            ["period", "segment", "actual", "quota", "vector P50", "P10", "P90", "covered"],
            c.rows.map {
                [
                    $0.period, $0.segment, TextTable.money($0.actualExpansionARR), TextTable.money($0.quotaExpansionARR),
                    TextTable.money($0.vectorP50), TextTable.money($0.vectorP10), TextTable.money($0.vectorP90), $0.covered ? "yes" : "no",
                ]
            })
        s += "\n"
        s += TextTable.render(
            ["segment", "periods", "quota MAPE", "vector MAPE", "quota bias", "vector bias", "P10-P90 coverage"],
            c.summaries.map {
                [
                    $0.segment, String($0.periods), TextTable.percent($0.quotaMAPE), TextTable.percent($0.vectorMAPE),
                    TextTable.percent($0.quotaBias), TextTable.percent($0.vectorBias), TextTable.percent($0.coverage),
                ]
            })
        return s
    }
}
