import BearingCalibration
import BearingContracts
import BearingPanel
import BearingVector

/// `calibrate`: fits one model's weights on the periods up to and including `until`.
public enum CalibrationStage {
    /// What `calibrate` writes and prints.
    public struct Output: Sendable {
        public var result: CalibrationResult
        /// `weights.json` (named `fileName`).
        public var file: OutputFile
        public var text: String
    }

    public static func run(
        history: HistoryInput, model: ModelKind, until: String, c: Double?, fileName: String = "weights.json",
        signs: HealthSignOverrides? = nil, progress: ProgressSink = .silent
    ) throws -> Output {
        let last = try history.period(until, option: "--until")
        let rows = PanelRows.rows(of: history.panel, through: last)
        guard let first = history.periods.first, !rows.isEmpty else {
            throw ContractError(path: history.path, message: "no rows are at or before \(until)")
        }
        progress.note("fitting \(model.rawValue) on \(rows.count) rows, \(first.label) to \(last.label)")
        let options = CalibrationOptions(
            c: c, bearingVersion: BearingVersion.current, dataFile: history.fileName, dataHash: history.sha256, healthSigns: signs)
        let result = try Calibrator.calibrate(history.panel, model: model, rows: rows, options: options)
        return Output(
            result: result, file: try OutputFile.json(fileName, result.weights), text: render(result, out: fileName))
    }

    /// The fit as text: data, regularisation, link, features, thresholds, training churn by category.
    public static func render(_ result: CalibrationResult, out: String) -> String {
        let r = result.report
        let w = result.weights
        var s = "Calibrated \(r.model.rawValue) on \(r.trainingRows) rows (\(r.trainingChurned) churned), periods "
        s += "\(r.trainingPeriods.first?.label ?? "-") to \(r.trainingPeriods.last?.label ?? "-")\n"
        if let c = r.c { s += "  C = \(c) (lambda = \(1 / c))\(r.crossValidation.isEmpty ? "" : ", chosen by time-series cross-validation")\n" }
        for p in r.crossValidation {
            s +=
                "    C = \(p.c): mean validation log loss \(p.meanLogLoss.isFinite ? String(format: "%.5f", p.meanLogLoss) : "-") over \(p.folds) fold(s)\n"
        }
        s += "  Newton iterations \(r.newtonIterations), converged \(r.converged ? "yes" : "NO")\n"
        let l = w.churnLink
        s += String(
            format: "  churn link: intercept %.4f, direction %.4f, magnitude %.4f, ghost %.4f\n", l.intercept, l.direction, l.magnitude, l.ghost)
        s += "  feature                              mean         sd  direction  magnitude      churn\n"
        for f in w.features {
            s +=
                "  " + TextTable.pad(f.name, 32)
                + String(format: " %10.4g %10.4g %10.4f %10.4f %10.4f", f.mean, f.sd, f.direction, f.magnitude, f.churn)
            s += f.missing > 0 ? "  (\(f.missing) missing imputed)\n" : "\n"
        }
        // Categories and their thresholds belong to the vector model: a logistic or health fit's
        // weights carry default thresholds that say nothing about that model.
        if r.ownsCategories {
            let t = w.thresholds
            s += String(
                format: "  thresholds: positive direction > %.3f and magnitude >= %.3f; negative direction < %.3f; %d ghost rule(s)\n",
                t.positiveDirection, t.positiveMagnitude, t.negativeDirection, t.ghost.count)
            s += "  training churn by category: "
            s += r.categoryChurn.map { "\($0.group) \($0.rows > 0 ? String(format: "%.1f%%", 100 * $0.churnRate) : "-") (\($0.rows))" }
                .joined(separator: ", ")
            s += r.categoryOrderHolds ? "  [ordered]\n" : "  [NOT ordered ghost > negative > neutral > positive]\n"
        }
        for sign in r.signs { s += "  sign \(sign.feature): \(sign.sign > 0 ? "+" : "-") (\(sign.source.rawValue))\n" }
        for note in r.notes { s += "  note: \(note)\n" }
        s += "  wrote \(out)\n"
        return s
    }
}
