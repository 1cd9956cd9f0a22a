import ArgumentParser
import BearingCalibration
import BearingContracts
import BearingMetrics
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
            period and pooled, with 95% intervals from a customer bootstrap and paired verdicts \
            between models. Writes DIR/backtest.json and prints the tables.

            A one-period snapshot has no past to walk forward from: --split customers:5 \
            cross-validates by customer instead (labelled out-of-sample, not out-of-time). \
            With term contracts, --renewals-only judges the rows whose renewal falls in the \
            period. The health baseline takes each feature's sign from the training data unless \
            --signs names it.

            Examples:
              bearing backtest history.csv --models vector,logistic,health --out backtest/
              bearing backtest snapshot.csv --split customers:5 --out backtest/
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

    @Option(
        help: ArgumentHelp(
            "periods (walk-forward, out of time) or customers:K (stratified K-fold by customer, out of sample: for a one-period snapshot).",
            valueName: "periods|customers:K"))
    var split: BacktestSplit = .periods

    @Option(help: "Seed of the customer folds (--split customers:K).")
    var seed: UInt64 = BootstrapSettings.defaultSeed

    @Flag(help: "Judge only rows up for renewal in their period (renewal_date in the period); models still fit on every row.")
    var renewalsOnly = false

    @Option(help: ArgumentHelp("Health-score signs overriding the training data's: a YAML or JSON map of feature to 1 or -1.", valueName: "file"))
    var signs: String?

    @OptionGroup var quiet: QuietFlag

    public init() {}

    public func validate() throws {
        guard minTrainingPeriods >= 1 else { throw ValidationError("--min-training-periods must be at least 1") }
        if let c, !(c > 0 && c.isFinite) { throw ValidationError("--c must be a positive number, got \(c)") }
    }

    func execute() throws -> String {
        let progress = quiet.reporter
        let signOverrides = try signs.map(ConfigFiles.healthSigns)
        let history = try input.read(progress)
        let result = try BacktestStage.run(
            history: history, models: models.models, window: window, minimumTrainingPeriods: minTrainingPeriods, c: c,
            split: split, splitSeed: seed, renewalsOnly: renewalsOnly, signs: signOverrides, progress: progress.sink)
        try OutputFolder.write(result.files, into: output.out)
        return result.text + "\nwrote \(output.out)/\(BacktestDocument.fileName)\n"
    }
}
