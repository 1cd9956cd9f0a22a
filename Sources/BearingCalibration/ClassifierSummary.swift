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
        try self.init(labels: labels, probabilities: probabilities, order: ScoreOrder.descending(probabilities))
    }

    /// The summary with the rows already in descending probability order (`ScoreOrder.descending`),
    /// which AUC and lift share (and the pooled ROC curve after them).
    init(labels: [Bool], probabilities: [Double], order: [Int]) throws(CalibrationError) {
        rows = labels.count
        churned = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
        churnRate = rows > 0 ? Double(churned) / Double(rows) : .nan
        meanProbability = rows > 0 ? probabilities.reduce(0, +) / Double(rows) : .nan
        auc = ClassifierMetrics.auc(labels: labels, scores: probabilities, order: order)
        brier = try ClassifierMetrics.brierScore(labels: labels, probabilities: probabilities)
        logLoss = try ClassifierMetrics.logLoss(labels: labels, probabilities: probabilities)
        expectedCalibrationError = try ClassifierMetrics.expectedCalibrationError(labels: labels, probabilities: probabilities)
        topDecileLift = ClassifierMetrics.topDecileLift(labels: labels, scores: probabilities, order: order)
    }

    enum CodingKeys: String, CodingKey {
        case rows, churned, churnRate, meanProbability, auc, brier, logLoss, expectedCalibrationError, topDecileLift
    }

    /// Undefined metrics (e.g. AUC of a period without churn) are NaN in memory and `null` in JSON.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rows, forKey: .rows)
        try c.encode(churned, forKey: .churned)
        try c.encode(churnRate.finiteOrNil, forKey: .churnRate)
        try c.encode(meanProbability.finiteOrNil, forKey: .meanProbability)
        try c.encode(auc.finiteOrNil, forKey: .auc)
        try c.encode(brier.finiteOrNil, forKey: .brier)
        try c.encode(logLoss.finiteOrNil, forKey: .logLoss)
        try c.encode(expectedCalibrationError.finiteOrNil, forKey: .expectedCalibrationError)
        try c.encode(topDecileLift.finiteOrNil, forKey: .topDecileLift)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func value(_ key: CodingKeys) throws -> Double { try c.decodeIfPresent(Double.self, forKey: key) ?? .nan }
        rows = try c.decode(Int.self, forKey: .rows)
        churned = try c.decode(Int.self, forKey: .churned)
        churnRate = try value(.churnRate)
        meanProbability = try value(.meanProbability)
        auc = try value(.auc)
        brier = try value(.brier)
        logLoss = try value(.logLoss)
        expectedCalibrationError = try value(.expectedCalibrationError)
        topDecileLift = try value(.topDecileLift)
    }
}
