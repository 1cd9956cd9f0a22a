import ArgumentParser
import BearingForecast
import BearingPanel
import Foundation

/// `bearing compare-forecasts`: walk-forward over past periods, quota vs vector vs actual.
public struct CompareForecastsCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "compare-forecasts",
        abstract: "Walk forward over past periods: quota forecast vs vector forecast vs actual expansion.",
        discussion: """
            For each period after the first --min-training periods, reach, take and churn rates \
            and upsell values are fitted on earlier periods only (recency-weighted, --half-life) and the period is forecast from its \
            start-of-period rows, then set against its actual expansion ARR, per segment and \
            rolled up. MAPE = mean |forecast - actual| / actual over periods with expansion; \
            bias = (sum forecast - sum actual) / sum actual; coverage = share of periods with \
            P10 <= actual <= P90 (nominal 80%). The vector forecast is scored by its P50. \
            Weights given with --weights should be calibrated on periods before those compared.

            Writes DIR/comparison.json and DIR/comparison.csv.

            Example:
              bearing compare-forecasts history.csv \\
                --milestones Scenarios/milestones-example.yaml --quota 0.05 --out compare
            """)

    @OptionGroup var model: ForecastModelOptions

    @Option(help: "Periods used for fitting before the first compared period.")
    var minTraining: Int = 1

    @Option(help: "Output directory.")
    var out: String

    @Flag(help: "No progress messages.")
    var quiet = false

    public init() {}

    public func validate() throws {
        guard minTraining >= 1 else { throw ValidationError("--min-training must be at least 1, got \(minTraining)") }
    }

    public func run() throws {
        print(try execute(), terminator: "")
    }

    /// Does the work and writes the files; returns the text `run` prints (the workbench
    /// calls this in process).
    func execute() throws -> String {
        let progress = Progress(quiet: quiet)
        let inputs = try model.loadInputs(progress: progress)
        progress.note("walking forward over \(max(0, inputs.index.periods.count - minTraining)) periods")
        let comparison = try ForecastComparison.walkForward(
            panel: inputs.panel, index: inputs.index, categories: inputs.categories,
            churnProbabilities: inputs.churnProbabilities, catalogue: inputs.catalogue,
            options: model.forecasterOptions, strength: model.kappa,
            halfLife: model.recencyHalfLife, minimumTrainingPeriods: minTraining)
        let report = ComparisonReport(
            history: model.history, weights: inputs.weightsSource, milestones: model.milestones, kappa: model.kappa,
            halfLife: model.recencyHalfLife, bearingVersion: BearingVersion.current, comparison: comparison)
        try OutputDirectory.write(
            [("comparison.json", try OutputDirectory.json(report)), ("comparison.csv", Self.csv(comparison))], into: out)
        return Self.render(comparison)
    }

    static func csv(_ c: ForecastComparison) -> [UInt8] {
        var s = "period,segment,actual_expansion_arr,quota_expansion_arr,vector_expected_expansion_arr,vector_p10,vector_p50,vector_p90,covered,actual_churned_arr,expected_churned_arr\n"
        for r in c.rows {
            s += [
                r.period, csvCell(r.segment), csvNumber(r.actualExpansionARR), csvNumber(r.quotaExpansionARR),
                csvNumber(r.vectorExpectedExpansionARR), csvNumber(r.vectorP10), csvNumber(r.vectorP50), csvNumber(r.vectorP90),
                r.covered ? "1" : "0", csvNumber(r.actualChurnedARR), csvNumber(r.expectedChurnedARR),
            ].joined(separator: ",") + "\n"
        }
        return Array(s.utf8)
    }

    static func render(_ c: ForecastComparison) -> String {
        var s = "Walk-forward comparison of expansion forecasts (quota rate \(TextTable.percent(c.quotaRate)), \(c.trials) trials)\n\n"
        s += TextTable.render(
            ["period", "segment", "actual", "quota", "vector P50", "P10", "P90", "covered"],
            c.rows.map {
                [$0.period, $0.segment, TextTable.money($0.actualExpansionARR), TextTable.money($0.quotaExpansionARR),
                 TextTable.money($0.vectorP50), TextTable.money($0.vectorP10), TextTable.money($0.vectorP90), $0.covered ? "yes" : "no"]
            })
        s += "\n"
        s += TextTable.render(
            ["segment", "periods", "quota MAPE", "vector MAPE", "quota bias", "vector bias", "P10-P90 coverage"],
            c.summaries.map {
                [$0.segment, String($0.periods), TextTable.percent($0.quotaMAPE), TextTable.percent($0.vectorMAPE),
                 TextTable.percent($0.quotaBias), TextTable.percent($0.vectorBias), TextTable.percent($0.coverage)]
            })
        return s
    }
}

/// `comparison.json`: the comparison with where it came from.
struct ComparisonReport: Codable {
    var history: String
    var weights: String
    var milestones: String
    var kappa: Double
    /// Recency half-life in periods; absent when all periods weigh the same.
    var halfLife: Double?
    var bearingVersion: String
    var comparison: ForecastComparison
}
