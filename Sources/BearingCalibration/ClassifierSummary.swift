/// The headline metrics of one probabilistic churn forecast, as reported by `backtest`.
/// Definitions are those of `ClassifierMetrics` (ECE over 10 equal-width bins, lift over the top 10%).
public struct ClassifierSummary: Sendable, Hashable, Codable {
    public var rows: Int
    public var churned: Int
    /// Observed churn rate.
    public var churnRate: Double
    /// Mean forecast probability (compare with `churnRate` for calibration-in-the-large).
    public var meanProbability: Double
    public var auc: Double
    public var brier: Double
    public var logLoss: Double
    public var expectedCalibrationError: Double
    public var topDecileLift: Double

    public init(labels: [Bool], probabilities: [Double]) throws(CalibrationError) {
        try ClassifierMetrics.check(labels, probabilities)
        rows = labels.count
        churned = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
        churnRate = rows > 0 ? Double(churned) / Double(rows) : .nan
        meanProbability = rows > 0 ? probabilities.reduce(0, +) / Double(rows) : .nan
        auc = try ClassifierMetrics.auc(labels: labels, scores: probabilities)
        brier = try ClassifierMetrics.brierScore(labels: labels, probabilities: probabilities)
        logLoss = try ClassifierMetrics.logLoss(labels: labels, probabilities: probabilities)
        expectedCalibrationError = try ClassifierMetrics.expectedCalibrationError(labels: labels, probabilities: probabilities)
        topDecileLift = try ClassifierMetrics.topDecileLift(labels: labels, scores: probabilities)
    }
}
