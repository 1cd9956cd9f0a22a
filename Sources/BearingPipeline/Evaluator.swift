import BearingCalibration
import BearingContracts
import BearingPanel
import BearingVector

/// `serve`'s engine: one backtest window of a history held in memory, answering "how would
/// these weights have done?" fast enough to follow a slider.
///
/// Built once: the window's feature columns as a `FeatureMatrix` (the kernel streams them
/// directly), outcomes and fit per row, the calibrated weights (given, or fitted on the periods
/// before the window) and the health baseline (fitted on the same periods), with both
/// baselines' metrics. Each `evaluate` then costs one SIMD scoring pass and linear metric
/// passes (`RankedScores` instead of comparison sorts), and returns the numbers `backtest`
/// would report for the same rows and weights (`EvaluatorTests`).
public struct Evaluator: Sendable {
    public struct Options: Sendable {
        /// First period of the window; nil: the period after the first half of the history.
        public var from: String?
        /// Last period of the window; nil: the last period.
        public var to: String?
        /// Cores for scoring and calibration.
        public var threads: Int
        /// Fixed C for the vector calibration (nil: cross-validated, as `calibrate`).
        public var c: Double?

        public init(from: String? = nil, to: String? = nil, threads: Int = 1, c: Double? = nil) {
            self.from = from
            self.to = to
            self.threads = threads
            self.c = c
        }
    }

    public let window: EvaluationWindow
    /// The reference "reset to calibrated" returns to.
    public let calibrated: Weights
    /// The equal-weight health score fitted on the training periods.
    public let health: Weights
    public let calibratedMetrics: HeadlineMetrics
    public let healthMetrics: HeadlineMetrics
    /// Panel rows of the window (period by period, row order within each), in scoring order.
    public let rows: [Int32]
    /// Panel rows of the training periods, in row order.
    public let trainingRows: [Int32]
    /// Where the history came from (for the provenance of tuned weights).
    public let dataFile: String
    public let dataHash: String
    /// The history, for "calibrate from here".
    let panel: HistoryPanel
    let scoring: WindowScoring

    /// Reads the window and fits the baselines; `calibrated` nil fits the vector model on the
    /// periods before the window, as `calibrate --until` would. `calibration` overrides the fits'
    /// settings (default: `calibrate`'s, with `options.c` and this history's provenance).
    public init(
        history: HistoryInput, calibrated: Weights?, options: Options, calibration: CalibrationOptions? = nil,
        progress: ProgressSink = .silent
    ) throws {
        let periods = history.periods
        guard periods.count >= 2 else {
            throw ContractError(
                path: history.path,
                message: "the history has \(periods.count) period(s); tuning needs at least 2 (one to fit the baselines on, one to evaluate)")
        }
        let first = try options.from.map { try history.period($0, option: "--from") } ?? periods[periods.count / 2]
        let last = try options.to.map { try history.period($0, option: "--to") } ?? periods[periods.count - 1]
        guard first <= last else {
            throw ContractError(path: "", message: "--from \(first.label) is after --to \(last.label)")
        }
        guard let firstPeriod = periods.first, first > firstPeriod else {
            throw ContractError(
                path: "", message: "--from \(first.label) leaves no earlier period to fit the calibrated and health baselines on")
        }
        let training = periods.filter { $0 < first }
        var rows: [Int32] = []
        for p in periods where p >= first && p <= last { rows.append(contentsOf: history.index.rows(in: p)) }
        let trainingRows = PanelRows.rows(of: history.panel, in: Set(training))
        let panel = history.panel
        let calibration =
            calibration
            ?? CalibrationOptions(
                c: options.c, threads: options.threads, bearingVersion: BearingVersion.current, dataFile: history.fileName,
                dataHash: history.sha256)
        let reference: Weights
        if let calibrated {
            reference = calibrated
        } else {
            progress.note(
                "calibrating the vector model on \(trainingRows.count) rows (\(training.first?.label ?? "")...\(training.last?.label ?? ""))")
            reference = try Calibrator.calibrate(panel, model: .vector, rows: trainingRows, options: calibration).weights
        }
        progress.note("fitting the health baseline")
        let health = try Calibrator.calibrate(panel, model: .health, rows: trainingRows, options: calibration).weights
        let labels = rows.map { panel.churned[Int($0)] }
        self.window = EvaluationWindow(
            first: first, last: last, trainingPeriods: training, rows: rows.count, churned: labels.reduce(0) { $0 + ($1 ? 1 : 0) })
        self.rows = rows
        self.trainingRows = trainingRows
        self.panel = panel
        let scoring = WindowScoring(
            matrix: FeatureMatrix(panel: panel, rows: rows), labels: labels, fits: rows.map { panel.fit[Int($0)] },
            threads: max(1, options.threads))
        self.scoring = scoring
        self.dataFile = history.fileName
        self.dataHash = history.sha256
        self.calibrated = reference
        self.health = health
        progress.note("scoring the baselines on \(rows.count) rows (\(first.label)...\(last.label))")
        self.calibratedMetrics = try scoring.score(reference).metrics
        self.healthMetrics = try scoring.score(health).metrics
    }

    /// How `weights` score the window, beside the calibrated and health baselines.
    public func evaluate(_ weights: Weights) throws -> EvaluationResult {
        let s = try scoring.score(weights)
        let metrics = s.metrics
        return EvaluationResult(
            window: window, model: weights.kind, metrics: metrics, meanProbability: s.meanProbability,
            churnByCategory: s.byCategory, churnByCohort: s.byCohort, categoryOrderHolds: GroupRates.orderHolds(s.byCategory),
            vectorMap: VectorMapDensity(direction: s.scores.direction, magnitude: s.scores.magnitude, labels: scoring.labels),
            versusCalibrated: MetricComparison(
                baseline: "calibrated", baselineMetrics: calibratedMetrics, difference: metrics.minus(calibratedMetrics)),
            versusHealth: MetricComparison(
                baseline: "health", baselineMetrics: healthMetrics, difference: metrics.minus(healthMetrics)))
    }

    /// "Calibrate from here": `VectorCalibration.calibrate(_:rows:from:options:)` on the
    /// training periods, starting from `weights`' axes.
    public func calibrate(from weights: Weights) throws -> Weights {
        let options = CalibrationOptions(
            threads: scoring.threads, bearingVersion: BearingVersion.current, dataFile: dataFile, dataHash: dataHash)
        var fitted = try VectorCalibration.calibrate(panel, rows: trainingRows, from: weights, options: options).weights
        fitted.provenance = tunedProvenance(of: weights, note: "link and thresholds refitted on the training periods")
        return fitted
    }

    /// `weights` as a file to download: provenance says they were tuned by hand here, from
    /// which calibrated weights and on which history.
    public func handTuned(_ weights: Weights) -> Weights {
        var tuned = weights
        tuned.provenance = tunedProvenance(of: weights, note: nil)
        return tuned
    }

    private func tunedProvenance(of weights: Weights, note: String?) -> Provenance {
        let base = calibrated.provenance
        var text = "hand-tuned in bearing serve starting from \(base.source) weights"
        if let file = base.dataFile { text += " fitted on \(file)" }
        if let periods = base.periods.first.map({ "\($0.label)...\(base.periods.last?.label ?? $0.label)" }) {
            text += " (\(periods))"
        }
        text += "; evaluated on \(window.first.label)...\(window.last.label)"
        if let note { text += "; \(note)" }
        return Provenance(
            source: "hand-tuned", dataFile: dataFile, dataHash: dataHash, periods: window.trainingPeriods, seed: nil,
            bearingVersion: BearingVersion.current, note: text)
    }
}
