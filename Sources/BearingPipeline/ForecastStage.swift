import BearingContracts
import BearingForecast
import BearingPanel

/// `forecast`: next-period (or a past period's) expansion and churn from milestone cohorts and
/// Success Vectors, beside the quota forecast.
public enum ForecastStage {
    public typealias Output = ForecastRunOutput<ExpansionForecast>

    /// Forecasts the period after the history, or `period` from its own start-of-period rows.
    public static func run(inputs: ForecastInputs, settings: ForecastSettings, period: String?) throws -> Output {
        let h = inputs.history
        let forecast: ExpansionForecast
        if let period {
            let target = try h.period(period, option: "--period")
            forecast = try ExpansionForecaster.forecast(
                panel: h.panel, index: h.index, categories: inputs.categories, churnProbabilities: inputs.churnProbabilities,
                catalogue: inputs.catalogue, period: target, options: settings.forecasterOptions, strength: settings.kappa,
                halfLife: settings.recencyHalfLife, includeActuals: true)
        } else {
            forecast = try ExpansionForecaster.forecastNextPeriod(
                panel: h.panel, index: h.index, categories: inputs.categories, churnProbabilities: inputs.churnProbabilities,
                catalogue: inputs.catalogue, options: settings.forecasterOptions, strength: settings.kappa,
                halfLife: settings.recencyHalfLife)
        }
        return try Output(
            result: forecast, inputs: inputs, settings: settings,
            table: OutputFile(name: MilestoneCohortsTable.fileName, bytes: MilestoneCohortsTable.render(forecast)),
            renewalPeriods: "the period", text: render(forecast))
    }

    public static func render(_ f: ExpansionForecast) -> String {
        var s = "Forecast for \(f.period) (\(f.trials) trials, seed \(f.seed))\n\(f.quota.summary)\n\n"
        s += "Expansion ARR\n"
        s += TextTable.render(
            ["segment", "customers", "book ARR", "quota", "vector E", "P10", "P50", "P90"],
            f.segments.map {
                [
                    $0.segment, String($0.customers), TextTable.money($0.bookARR), TextTable.money($0.quotaExpansionARR),
                    TextTable.money($0.expectedExpansionARR), TextTable.money($0.expansionP10), TextTable.money($0.expansionP50),
                    TextTable.money($0.expansionP90),
                ]
            })
        if let total = f.total, let actual = total.actualExpansionARR, let churned = total.actualChurnedARR {
            s += "Actual: expansion \(TextTable.money(actual)), churned \(TextTable.money(churned)) (all segments)\n"
        }
        s += "\nChurned ARR\n"
        s += TextTable.render(
            ["segment", "expected", "good fit", "bad fit", "P10", "P50", "P90"],
            f.segments.map {
                [
                    $0.segment, TextTable.money($0.expectedChurnedARR), TextTable.money($0.expectedChurnedARRGoodFit),
                    TextTable.money($0.expectedChurnedARRBadFit), TextTable.money($0.churnedP10), TextTable.money($0.churnedP50),
                    TextTable.money($0.churnedP90),
                ]
            })
        s += "\nMilestone cohorts\n"
        if !f.milestonesWithoutHistory.isEmpty {
            s +=
                "note: no history for \(f.milestonesWithoutHistory.joined(separator: ", ")): reach and take rates are those pooled over all milestones\n"
        }
        s += TextTable.render(
            [
                "milestone", "segment", "category", "customers", "reach next", "within horizon", "list upsell", "realised upsell",
                "take", "expected ARR",
            ],
            f.cohorts.map {
                [
                    $0.milestone, $0.segment, $0.category, String($0.customers), String(format: "%.1f", $0.expectedReachers),
                    String(format: "%.1f (\($0.horizon))", $0.expectedReachersWithinHorizon), TextTable.money($0.upsellARR),
                    TextTable.money($0.realisedUpsellARR), TextTable.percent($0.takeRate), TextTable.money($0.expectedExpansionARR),
                ]
            })
        return s
    }
}
