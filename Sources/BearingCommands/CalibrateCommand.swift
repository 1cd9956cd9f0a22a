import ArgumentParser
import BearingContracts
import BearingPanel
import BearingPipeline
import BearingVector

/// `bearing calibrate HISTORY --model vector|logistic|health --until PERIOD --out weights.json`
public struct CalibrateCommand: TextCommand {
    public static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit Success Vector, logistic or health-score weights against churn history.",
        discussion: """
            Fits on every row whose period is at or before --until and writes weights.json \
            (feature schema, standardisation, weights, category thresholds, churn link, provenance \
            with the SHA-256 of HISTORY). Missing cells are imputed to the training mean.

            Models:
              vector    churn logit = b0 + b1*direction + b2*magnitude + b3*ghost; direction and \
            magnitude weights from one L2 logistic fit on outcome and experience features, \
            C by time-series cross-validation over the training periods (unless --c); \
            category thresholds chosen so training churn orders ghost > negative > neutral > positive.
              logistic  plain L2 logistic regression on all standardised features (C = 1/lambda, \
            default 1; matches scikit-learn's LogisticRegression).
              health    equal-weight health score (domain signs), mapped to churn by a 1-D logistic fit.

            Example:
              bearing calibrate history.csv --model vector --until 2025-Q2 \\
                --out weights.json
            """)

    @OptionGroup var input: HistoryArgument

    @Option(help: "The model to fit.")
    var model: ModelKind = .vector

    @Option(help: "Last period (inclusive) whose rows are fitted, e.g. 2025-Q2 or 2025-06.")
    var until: String

    @Option(help: "Where to write the weights JSON.")
    var out: String

    @Option(name: .customLong("c"), help: "Inverse L2 strength C (lambda = 1/C). Default: 1 for logistic, cross-validated for vector.")
    var c: Double?

    @Option(
        help: ArgumentHelp(
            "Health-score signs overriding the training data's (--model health): a YAML or JSON map of feature to 1 or -1.", valueName: "file"))
    var signs: String?

    @OptionGroup var quiet: QuietFlag

    public init() {}

    public func validate() throws {
        guard Period(label: until) != nil else {
            throw ValidationError("--until must be a period like 2025-Q2 or 2025-06, got '\(until)'")
        }
        if let c, !(c > 0 && c.isFinite) { throw ValidationError("--c must be a positive number, got \(c)") }
    }

    func execute() throws -> String {
        let progress = quiet.reporter
        let signOverrides = try signs.map(ConfigFiles.healthSigns)
        let history = try input.read(progress)
        let output = try CalibrationStage.run(
            history: history, model: model, until: until, c: c, fileName: out, signs: signOverrides, progress: progress.sink)
        try OutputFolder.write(output.file.bytes, to: out)
        return output.text
    }
}
