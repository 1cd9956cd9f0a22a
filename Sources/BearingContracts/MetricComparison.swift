/// Evaluated weights against a baseline on the same rows: the baseline's metrics and the
/// difference (evaluated minus baseline; higher AUC and lift and lower Brier and log loss are
/// better).
///
/// `intervals` and `verdict` are the seam for the decision-grade bootstrap: a paired interval
/// of each difference and a verdict such as "better", "worse", "no clear difference" or
/// "sample too small to judge". Both stay nil until that bootstrap fills them.
public struct MetricComparison: Codable, Sendable, Hashable {
    /// `calibrated` or `health`.
    public var baseline: String
    public var baselineMetrics: HeadlineMetrics
    public var difference: HeadlineMetrics
    public var intervals: MetricIntervals?
    public var verdict: String?

    public init(
        baseline: String, baselineMetrics: HeadlineMetrics, difference: HeadlineMetrics, intervals: MetricIntervals? = nil,
        verdict: String? = nil
    ) {
        self.baseline = baseline
        self.baselineMetrics = baselineMetrics
        self.difference = difference
        self.intervals = intervals
        self.verdict = verdict
    }
}

/// Intervals of the headline metrics (or of their differences), each optional.
public struct MetricIntervals: Codable, Sendable, Hashable {
    public var auc: MetricInterval?
    public var brier: MetricInterval?
    public var topDecileLift: MetricInterval?
    public var logLoss: MetricInterval?

    public init(auc: MetricInterval? = nil, brier: MetricInterval? = nil, topDecileLift: MetricInterval? = nil, logLoss: MetricInterval? = nil) {
        self.auc = auc
        self.brier = brier
        self.topDecileLift = topDecileLift
        self.logLoss = logLoss
    }
}

/// A two-sided interval at `level` (e.g. 0.95).
public struct MetricInterval: Codable, Sendable, Hashable {
    public var lower: Double
    public var upper: Double
    public var level: Double

    public init(lower: Double, upper: Double, level: Double) {
        self.lower = lower
        self.upper = upper
        self.level = level
    }
}
