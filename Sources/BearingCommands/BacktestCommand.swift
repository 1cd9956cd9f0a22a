import ArgumentParser
import BearingCalibration
import BearingContracts
import BearingPipeline
import BearingVector

/// `bearing backtest HISTORY --models vector,logistic,health --out DIR [--window expanding|rolling:N]`
public struct BacktestCommand: TextCommand {
    public static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Walk-forward backtest: fit on the past, forecast each next period's churn, compare.",
        discussion: """
            For every period t after the first --min-training-periods, each model is calibrated \
            on the periods before t only (all of them, or the last N with --window rolling:N), \
            scores the rows of t and is compared with churn in t: AUC, Brier score, log loss, \
            expected calibration error (10 equal-width bins), top-decile lift, and churn rate by \
            vector category (expected ghost > negative > neutral > positive) and by cohort, per \
            period and pooled. Writes DIR/backtest.json and prints the tables.

            Example:
              bearing backtest history.csv --models vector,logistic,health --out backtest/
            """)

    @OptionGroup var input: HistoryArgument

    @Option(help: "Comma-separated models: vector, logistic, health.")
    var models = ModelList([.vector, .logistic, .health])

    @OptionGroup var output: OutputFolderOption

    @Option(help: "expanding (all past periods) or rolling:N (the last N periods).")
    var window: BacktestWindow = .expanding

    @Option(help: "Periods of history before the first forecast.")
    var minTrainingPeriods: Int = 2

    @Option(name: .customLong("c"), help: "Fix C for vector and logistic (default: logistic 1, vector cross-validated).")
    var c: Double?

    @OptionGroup var quiet: QuietFlag

    public init() {}

    public func validate() throws {
        guard minTrainingPeriods >= 1 else { throw ValidationError("--min-training-periods must be at least 1") }
        if let c, !(c > 0 && c.isFinite) { throw ValidationError("--c must be a positive number, got \(c)") }
    }

    func execute() throws -> String {
        let progress = quiet.reporter
        let history = try input.read(progress)
        let result = try BacktestStage.run(
            history: history, models: models.models, window: window, minimumTrainingPeriods: minTrainingPeriods, c: c,
            progress: progress.sink)
        try OutputFolder.write(result.files, into: output.out)
        return result.text + "\nwrote \(output.out)/\(BacktestDocument.fileName)\n"
    }
}
