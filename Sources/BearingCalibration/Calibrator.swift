import BearingMetrics
import BearingPanel
import BearingVector
import Foundation

/// A calibrated `Weights` value and the report of how it was obtained.
public struct CalibrationResult: Sendable, Hashable {
    public var weights: Weights
    public var report: CalibrationReport
}

/// Fits the three churn models on chosen panel rows and returns them as `Weights`, so all of
/// them score through BearingVector's one kernel.
///
/// Every model starts from the default weights (`DefaultWeights.make(columns:…)`) standardised
/// on the training rows (mean, population sd of non-missing values; missing → z = 0: the
/// contract of `FeatureStandardization`); their domain-signed direction/magnitude weights,
/// ghost rules and thresholds are what `logistic` and `health` keep for categorising.
///
/// - `logistic`: L2 logistic regression (`LogisticRegression`, C from options, default 1) of
///   churn on every standardised feature, `attribute.*` included; `WeightedFeature.churn` =
///   coefficients, link intercept = intercept, link direction/magnitude/ghost = 0.
/// - `health`: h = (1/K) Σ_j s_j z_j over every feature, `attribute.*` included, with signs
///   from `HealthSigns` (a signs file, else the training data's direction, else the name);
///   churn logit = a + b·h by an unpenalised 1-D logistic fit; stored as `churn_j = b·s_j/K`.
/// - `vector`: see `VectorCalibration` (never uses `attribute.*`).
///
/// Rows are fitted in period order (row order within a period); a backtest's walk-forward fits
/// go through the same code (`FitSession`).
public enum Calibrator {
    public static func calibrate(
        _ panel: HistoryPanel, model: ModelKind, rows: [Int32], options: CalibrationOptions
    ) throws(CalibrationError) -> CalibrationResult {
        // Rows of a period still running have no outcome to learn from.
        let rows = panel.rowsWithKnownOutcome(rows)
        guard !rows.isEmpty else { throw .noTrainingRows("no panel rows fall in the training periods") }
        guard !signalIndices(panel).isEmpty else {
            throw .noTrainingRows("the panel has no outcome.*, experience.*, engagement.* or attribute.* columns to fit on")
        }
        var session = FitSession(data: PeriodOrderedRows(panel: panel, rows: rows), options: options)
        let periods = 0..<session.data.periods.count
        guard let fit = try session.fit([model], periods: periods)[model] else {
            throw .noTrainingRows("no \(model.rawValue) model could be fitted")
        }
        return CalibrationResult(weights: fit.weights, report: try makeReport(session.data, positions: 0..<session.data.count, fit))
    }

    /// Feature columns the baselines (`logistic`, `health`) fit on: every feature, `attribute.*`
    /// (plan, channel, services) included. The vector never uses `attribute.*` (`VectorDesign`).
    static func signalIndices(_ panel: HistoryPanel) -> [Int] {
        Array(panel.features.indices)
    }

    /// Default weights standardised on the training range: the default categorisation and ghost
    /// rules, the training standardisation of `features` (whose statistics `standardization`
    /// holds, in that order) and calibration provenance. With `includeAttributes`, the
    /// `attribute.*` features among `features` get specs too (weights 0 until the caller sets them).
    static func baseWeights(
        data: PeriodOrderedRows, positions: Range<Int>, standardization: FeatureStandardization, features: [Int],
        kind: ModelKind, options: CalibrationOptions, includeAttributes: Bool = false, note: String
    ) -> Weights {
        let panel = data.panel
        let n = positions.count
        var columns: [DefaultWeights.ColumnSummary] = []
        var attributes: [WeightedFeature] = []
        for (k, j) in features.enumerated() {
            let column = panel.features[j]
            let missing = standardization.missingCounts[k]
            let summary = WeightedFeature(
                name: column.name, group: column.group, mean: standardization.means[k], sd: standardization.scales[k],
                count: n - missing, missing: missing)
            if column.group != .attribute {
                columns.append(summary)
            } else if includeAttributes {
                attributes.append(summary)
            }
        }
        let churned = data.churned(positions)
        let periods = data.periodList(positions)
        var w = DefaultWeights.make(
            columns: columns, churnRate: churned > 0 ? Double(churned) / Double(n) : nil, periods: periods,
            bearingVersion: options.bearingVersion)
        w.kind = kind
        w.features += attributes
        w.provenance = Provenance(
            source: "calibrate", dataFile: options.dataFile, dataHash: options.dataHash, periods: periods,
            bearingVersion: options.bearingVersion, note: note)
        return w
    }

    /// The report of one fit: training churn by category (through the kernel, as the weights
    /// will score), solver status, signs and notes.
    static func makeReport(_ data: PeriodOrderedRows, positions: Range<Int>, _ fit: ModelFit) throws(CalibrationError) -> CalibrationReport {
        let scored = try Scoring.score(matrix: data.featureMatrix(positions: positions), fits: data.fits(positions), weights: fit.weights)
        let labels = Array(data.labels[positions])
        let rates = GroupRates.byCategory(categories: scored.categories, labels: labels, probabilities: scored.probabilities)
        return CalibrationReport(
            model: fit.model, trainingRows: positions.count, trainingChurned: data.churned(positions),
            trainingPeriods: data.periodList(positions), c: fit.c, crossValidation: fit.crossValidation,
            newtonIterations: fit.fit.iterations, converged: fit.fit.converged, signs: fit.signs, categoryChurn: rates,
            categoryOrderHolds: GroupRates.orderHolds(rates), ownsCategories: fit.model == .vector, notes: fit.notes)
    }

    /// The report of a fit on arbitrary `rows` (the "calibrate from here" path).
    static func makeReport(
        _ panel: HistoryPanel, rows: [Int32], weights: Weights, model: ModelKind, c: Double?, fit: LogisticFit, notes: [String]
    ) throws(CalibrationError) -> CalibrationReport {
        let data = PeriodOrderedRows(panel: panel, rows: rows)
        return try makeReport(data, positions: 0..<data.count, ModelFit(model: model, weights: weights, fit: fit, c: c, notes: notes))
    }
}

/// Scores panel rows with `Weights` through BearingVector's kernel.
public enum Scoring {
    public struct Scored: Sendable, Hashable {
        public var probabilities: [Double]
        public var categories: [VectorCategory]
        public var cohorts: [Cohort]
    }

    public static func score(
        _ panel: HistoryPanel, rows: [Int32], weights: Weights, threads: Int = 1
    ) throws(CalibrationError) -> Scored {
        try score(matrix: FeatureMatrix(panel: panel, rows: rows), fits: rows.map { panel.fit[Int($0)] }, weights: weights, threads: threads)
    }

    /// Scores the rows of `matrix`, whose fits are `fits`.
    static func score(matrix: FeatureMatrix, fits: [Fit], weights: Weights, threads: Int = 1) throws(CalibrationError) -> Scored {
        let scorer: VectorScorer
        do {
            scorer = try VectorScorer(weights: weights, matrix: matrix)
        } catch {
            throw .invalidOption("the calibrated weights cannot score this panel: \(error)")
        }
        let s = scorer.scores(matrix, threads: threads)
        let categories = (0..<s.count).map { s.vectorCategory($0) }
        let cohorts = fits.indices.map { Cohort(fit: fits[$0], category: categories[$0]) }
        return Scored(probabilities: s.churnProbability.map(Double.init), categories: categories, cohorts: cohorts)
    }
}
