import ArgumentParser
import BearingCalibration
import BearingPanel
import BearingVector
import Foundation

/// `bearing calibrate HISTORY --model vector|logistic|health --until PERIOD --out weights.json`
public struct CalibrateCommand: ParsableCommand {
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
              bearing calibrate history.csv --model vector --until 2025-Q2 --out weights.json
            """)

    @Argument(help: "History panel CSV.")
    var history: String

    @Option(help: "vector, logistic or health.")
    var model: String = "vector"

    @Option(help: "Last period (inclusive) whose rows are fitted, e.g. 2025-Q2 or 2025-06.")
    var until: String

    @Option(help: "Where to write the weights JSON.")
    var out: String

    @Option(name: .customLong("c"), help: "Inverse L2 strength C (lambda = 1/C). Default: 1 for logistic, cross-validated for vector.")
    var c: Double?

    @Flag(help: "No progress on stderr.")
    var quiet = false

    public init() {}

    public func validate() throws {
        _ = try CalibrationCommandSupport.model(model)
        guard Period(label: until) != nil else {
            throw ValidationError("--until must be a period like 2025-Q2 or 2025-06, got '\(until)'")
        }
        if let c, !(c > 0 && c.isFinite) { throw ValidationError("--c must be a positive number, got \(c)") }
    }

    public func run() throws {
        let text = try Self.calibrate(
            history: history, model: CalibrationCommandSupport.model(model), until: until, out: out, c: c, quiet: quiet)
        print(text, terminator: "")
    }

    /// Reads, fits, writes the weights atomically and returns the summary it prints.
    static func calibrate(history: String, model: ModelKind, until: String, out: String, c: Double?, quiet: Bool) throws -> String {
        let progress = CalibrationCommandSupport.progressEnabled(quiet: quiet)
        if progress { CalibrationCommandSupport.note("reading \(history)") }
        let (panel, hash) = try CalibrationCommandSupport.readHistory(history)
        guard let parsed = Period(label: until) else { throw ValidationError("--until must be a period like 2025-Q2 or 2025-06") }
        guard parsed.granularity == panel.granularity else {
            throw CalibrationCommandError(
                description: "--until \(until) is a \(parsed.granularity.rawValue) but \(history) has \(panel.granularity.rawValue) periods")
        }
        let rows = PanelRows.rows(of: panel, through: parsed)
        guard !rows.isEmpty, let first = panel.distinctPeriods.first else {
            throw CalibrationCommandError(
                description: "no rows of \(history) are at or before \(until); its first period is \(panel.distinctPeriods.first?.label ?? "none")")
        }
        if progress { CalibrationCommandSupport.note("fitting \(model.rawValue) on \(rows.count) rows, \(first.label) to \(until)") }
        let options = CalibrationOptions(
            c: c, bearingVersion: BearingVersion.current, dataFile: URL(fileURLWithPath: history).lastPathComponent, dataHash: hash)
        let result = try Calibrator.calibrate(panel, model: model, rows: rows, options: options)
        try AtomicOutput.write([UInt8](result.weights.jsonData()), to: URL(fileURLWithPath: out))
        return Self.summary(result, out: out)
    }

    static func summary(_ result: CalibrationResult, out: String) -> String {
        let r = result.report
        let w = result.weights
        var s = "Calibrated \(r.model.rawValue) on \(r.trainingRows) rows (\(r.trainingChurned) churned), periods "
        s += "\(r.trainingPeriods.first?.label ?? "-") to \(r.trainingPeriods.last?.label ?? "-")\n"
        if let c = r.c { s += "  C = \(c) (lambda = \(1 / c))\(r.crossValidation.isEmpty ? "" : ", chosen by time-series cross-validation")\n" }
        for p in r.crossValidation {
            s += "    C = \(p.c): mean validation log loss \(p.meanLogLoss.isFinite ? String(format: "%.5f", p.meanLogLoss) : "-") over \(p.folds) fold(s)\n"
        }
        s += "  Newton iterations \(r.newtonIterations), converged \(r.converged ? "yes" : "NO")\n"
        let l = w.churnLink
        s += String(format: "  churn link: intercept %.4f, direction %.4f, magnitude %.4f, ghost %.4f\n", l.intercept, l.direction, l.magnitude, l.ghost)
        s += "  feature                              mean         sd  direction  magnitude      churn\n"
        for f in w.features {
            let name = f.name.count >= 32 ? f.name : f.name + String(repeating: " ", count: 32 - f.name.count)
            s += "  " + name + String(format: " %10.4g %10.4g %10.4f %10.4f %10.4f", f.mean, f.sd, f.direction, f.magnitude, f.churn)
            s += f.missing > 0 ? "  (\(f.missing) missing imputed)\n" : "\n"
        }
        let t = w.thresholds
        s += String(format: "  thresholds: positive direction > %.3f and magnitude >= %.3f; negative direction < %.3f; %d ghost rule(s)\n",
                    t.positiveDirection, t.positiveMagnitude, t.negativeDirection, t.ghost.count)
        s += "  training churn by category: "
        s += r.categoryChurn.map { "\($0.group) \($0.rows > 0 ? String(format: "%.1f%%", 100 * $0.churnRate) : "-") (\($0.rows))" }
            .joined(separator: ", ")
        s += r.categoryOrderHolds ? "  [ordered]\n" : "  [NOT ordered ghost > negative > neutral > positive]\n"
        for sign in r.signs { s += "  sign \(sign.feature): \(sign.sign > 0 ? "+" : "-") (\(sign.source.rawValue))\n" }
        for note in r.notes { s += "  note: \(note)\n" }
        s += "  wrote \(out)\n"
        return s
    }
}
