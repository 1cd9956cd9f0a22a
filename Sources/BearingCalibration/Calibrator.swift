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
/// Every model starts from `DefaultWeights.make(for:rows:)` on the training rows: its
/// standardisation (mean, population sd of non-missing values; missing → z = 0) is the one
/// `FeatureStandardization` learns, and its domain-signed direction/magnitude weights, ghost
/// rules and thresholds are what `logistic` and `health` keep for categorising.
///
/// - `logistic`: L2 logistic regression (`LogisticRegression`, C from options, default 1) of
///   churn on every standardised feature; `FeatureSpec.churn` = coefficients, link intercept =
///   intercept, link direction/magnitude/ghost = 0.
/// - `health`: h = (1/K) Σ_j s_j z_j with signs from `HealthSigns`; churn logit = a + b·h by an
///   unpenalised 1-D logistic fit; stored as `churn_j = b·s_j/K`.
/// - `vector`: see `VectorCalibration`.
public enum Calibrator {
    public static func calibrate(
        _ panel: HistoryPanel, model: ModelKind, rows: [Int32], options: CalibrationOptions
    ) throws(CalibrationError) -> CalibrationResult {
        // Rows of a period still running have no outcome to learn from.
        let rows = panel.rowsWithKnownOutcome(rows)
        guard !rows.isEmpty else { throw .noTrainingRows("no panel rows fall in the training periods") }
        guard !signalIndices(panel).isEmpty else {
            throw .noTrainingRows("the panel has no outcome.*, experience.* or engagement.* columns to fit on")
        }
        switch model {
        case .logistic: return try logistic(panel, rows: rows, options: options)
        case .health: return try health(panel, rows: rows, options: options)
        case .vector: return try VectorCalibration.calibrate(panel, rows: rows, options: options)
        }
    }

    /// Feature columns the baselines fit on: every group but `attribute.*`, which
    /// `DefaultWeights` (and so the weights schema) leaves out.
    static func signalIndices(_ panel: HistoryPanel) -> [Int] {
        panel.features.indices.filter { panel.features[$0].group != .attribute }
    }

    /// Weights with the default categorisation and the training standardisation.
    static func baseWeights(
        _ panel: HistoryPanel, rows: [Int32], standardization: FeatureStandardization, kind: ModelKind,
        options: CalibrationOptions, note: String
    ) -> Weights {
        var w = DefaultWeights.make(for: panel, rows: rows, bearingVersion: options.bearingVersion)
        w.kind = kind
        for j in w.features.indices {
            if let k = standardization.names.firstIndex(of: w.features[j].name) {
                w.features[j].mean = standardization.means[k]
                w.features[j].sd = standardization.scales[k]
            }
        }
        w.provenance = Provenance(
            source: "calibrate", dataFile: options.dataFile, dataHash: options.dataHash,
            periods: Array(Set(rows.map { panel.period[Int($0)] })).sorted(), bearingVersion: options.bearingVersion,
            note: note)
        return w
    }

    static func logistic(
        _ panel: HistoryPanel, rows: [Int32], options: CalibrationOptions
    ) throws(CalibrationError) -> CalibrationResult {
        let c = options.c ?? 1
        let set = try TrainingSet(panel: panel, rows: rows, featureIndices: signalIndices(panel))
        let fit = try LogisticRegression.fit(set.x, labels: set.labels, options: LogisticOptions(c: c, threads: options.threads))
        var w = baseWeights(
            panel, rows: rows, standardization: set.standardization, kind: .logistic, options: options,
            note: "L2 logistic regression on all standardised features, C = \(c) (lambda = 1/C); "
                + "standardisation and fit on the training periods; categories from default domain-signed weights")
        for j in w.features.indices {
            if let k = set.names.firstIndex(of: w.features[j].name) { w.features[j].churn = fit.coefficients[k] }
        }
        w.churnLink = ChurnLink(intercept: fit.intercept, direction: 0, magnitude: 0, ghost: 0)
        let report = try makeReport(
            panel, rows: rows, weights: w, model: .logistic, c: c, fit: fit, notes: fit.converged ? [] : ["Newton did not reach the gradient tolerance"])
        return CalibrationResult(weights: w, report: report)
    }

    static func health(
        _ panel: HistoryPanel, rows: [Int32], options: CalibrationOptions
    ) throws(CalibrationError) -> CalibrationResult {
        let set = try TrainingSet(panel: panel, rows: rows, featureIndices: signalIndices(panel))
        var signs: [FeatureSign] = []
        for column in signalIndices(panel).map({ panel.features[$0] }) {
            if let named = HealthSigns.byName(column.name) {
                signs.append(FeatureSign(feature: column.name, sign: named.sign, source: named.source))
            } else {
                let s = HealthSigns.correlationSign(values: column.values, churned: panel.churned, rows: rows)
                signs.append(FeatureSign(feature: column.name, sign: s, source: .correlation))
            }
        }
        let k = Double(signs.count)
        let n = set.x.rowCount
        var h = [Float](repeating: 0, count: n)
        for j in signs.indices {
            let s = signs[j].sign / k
            let base = j * n
            for i in 0..<n { h[i] += Float(s * Double(set.x.storage[base + i])) }
        }
        let hx = try DesignMatrix(columns: [h])
        let fit = try LogisticRegression.fit(hx, labels: set.labels, options: LogisticOptions(c: .infinity, threads: options.threads))
        var w = baseWeights(
            panel, rows: rows, standardization: set.standardization, kind: .health, options: options,
            note: "equal-weight health score h = mean of sign*z over all features (signs by name, else training correlation); "
                + "churn logit = a + b*h by unpenalised 1-D logistic fit on the training periods")
        let slope = fit.coefficients[0]
        for j in w.features.indices {
            if let s = signs.first(where: { $0.feature == w.features[j].name }) { w.features[j].churn = slope * s.sign / k }
        }
        w.churnLink = ChurnLink(intercept: fit.intercept, direction: 0, magnitude: 0, ghost: 0)
        var report = try makeReport(panel, rows: rows, weights: w, model: .health, c: nil, fit: fit, notes: [])
        report.signs = signs
        if slope > 0 { report.notes.append("health slope is positive: healthier scores churned more in training") }
        return CalibrationResult(weights: w, report: report)
    }

    static func makeReport(
        _ panel: HistoryPanel, rows: [Int32], weights: Weights, model: ModelKind, c: Double?, fit: LogisticFit,
        notes: [String]
    ) throws(CalibrationError) -> CalibrationReport {
        let scored = try Scoring.score(panel, rows: rows, weights: weights)
        let labels = rows.map { panel.churned[Int($0)] }
        let rates = GroupRates.byCategory(categories: scored.categories, labels: labels, probabilities: scored.probabilities)
        return CalibrationReport(
            model: model, trainingRows: rows.count, trainingChurned: labels.reduce(0) { $0 + ($1 ? 1 : 0) },
            trainingPeriods: Array(Set(rows.map { panel.period[Int($0)] })).sorted(), c: c, crossValidation: [],
            newtonIterations: fit.iterations, converged: fit.converged, signs: [], categoryChurn: rates,
            categoryOrderHolds: GroupRates.orderHolds(rates), notes: notes)
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
        let matrix = FeatureMatrix(panel: panel, rows: rows)
        let scorer: VectorScorer
        do {
            scorer = try VectorScorer(weights: weights, matrix: matrix)
        } catch {
            throw .invalidOption("the calibrated weights cannot score this panel: \(error)")
        }
        let s = scorer.scores(matrix, threads: threads)
        let categories = (0..<s.count).map { s.vectorCategory($0) }
        let cohorts = rows.indices.map { Cohort(fit: panel.fit[Int(rows[$0])], category: categories[$0]) }
        return Scored(probabilities: s.churnProbability.map(Double.init), categories: categories, cohorts: cohorts)
    }
}
