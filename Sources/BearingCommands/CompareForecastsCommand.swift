import ArgumentParser
import BearingContracts
import BearingPipeline

/// `bearing compare-forecasts`: walk-forward over past periods, quota vs vector vs actual.
public struct CompareForecastsCommand: TextCommand {
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
            The quota forecast is --quota (a rate, or a quota file's annual targets); without \
            it, each segment's trailing observed expansion rate from earlier periods only, \
            recorded per segment and period in comparison.json (quota). \
            Weights given with --weights should be calibrated on periods before those compared.

            Writes DIR/comparison.json and DIR/comparison.csv.

            Example:
              bearing compare-forecasts history.csv \\
                --milestones Scenarios/milestones-example.yaml --out compare
              bearing compare-forecasts history.csv \\
                --milestones Scenarios/milestones-example.yaml --quota 0.05 --out compare
            """)

    @OptionGroup var model: ForecastModelOptions

    @Option(help: "Periods used for fitting before the first compared period.")
    var minTraining: Int = 1

    @OptionGroup var output: OutputFolderOption

    @OptionGroup var quiet: QuietFlag

    public init() {}

    public func validate() throws {
        guard minTraining >= 1 else { throw ValidationError("--min-training must be at least 1, got \(minTraining)") }
    }

    func execute() throws -> String {
        let progress = quiet.reporter
        let (settings, inputs) = try model.load(progress)
        progress.note("walking forward over \(max(0, inputs.history.periods.count - minTraining)) periods")
        let result = try CompareForecastsStage.run(inputs: inputs, settings: settings, minimumTrainingPeriods: minTraining)
        try OutputFolder.write(result.files, into: output.out)
        return result.text
    }
}
