import BearingMetrics

/// A plan at equal cost across stress trials: each trial scales every plan to the reference
/// plan's cost in that trial (`EqualCostComparison`), so the distributions show how the ranking
/// holds up over simulated histories.
public struct StressEqualCost: Sendable, Hashable, Codable {
    /// The plan's factor to the reference plan's cost.
    public var scaleFactor: StressDistribution
    /// Dollars of variable pay per SD of performance at the reference plan's cost.
    public var payPerformanceSlope: StressDistribution
    /// The plan's rank among the plans at equal cost (1 = largest slope).
    public var rank: StressDistribution
    /// Share of the trials in which the plan ranked first (ties included); NaN without trials.
    @NaNAsNull public var rankedFirstShare: Double

    public init(scaleFactor: StressDistribution, payPerformanceSlope: StressDistribution, rank: StressDistribution, rankedFirstShare: Double) {
        self.scaleFactor = scaleFactor
        self.payPerformanceSlope = payPerformanceSlope
        self.rank = rank
        self.rankedFirstShare = rankedFirstShare
    }

    /// From per-trial values (rank NaN where undefined).
    public init(scaleFactor: [Double], payPerformanceSlope: [Double], rank: [Double]) {
        self.init(
            scaleFactor: StressDistribution(scaleFactor), payPerformanceSlope: StressDistribution(payPerformanceSlope),
            rank: StressDistribution(rank),
            rankedFirstShare: rank.isEmpty ? .nan : Double(rank.filter { $0 == 1 }.count) / Double(rank.count))
    }
}
