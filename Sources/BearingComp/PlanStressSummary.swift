/// P5/P50/P95 of a plan's cost and payouts across stress trials.
public struct PlanStressSummary: Sendable, Hashable, Codable {
    public var planName: String
    public var trials: Int
    public var totalCost: StressDistribution
    public var costShareOfRetainedRevenue: StressDistribution
    public var payPerformanceCorrelation: StressDistribution
    public var topQuartileVariableShare: StressDistribution
    /// Variable pay of one CSM over the range, pooled over CSMs and trials.
    public var variablePayPerCSM: StressDistribution
    /// Spearman correlation of variable pay with latent CSM skill (CSMs with a book only), per
    /// trial; nil (and left out of the JSON) when the stress run had no skills.
    public var skillCorrelation: StressDistribution?
    /// Dollars of variable pay per SD of performance (`PayPerformance`), per trial.
    public var payPerformanceSlope: StressDistribution
    /// Gini of variable pay over the CSMs with a book, per trial.
    public var payoutGini: StressDistribution
    /// The plan at each trial's reference cost (`EqualCostComparison` per trial); nil (and left
    /// out of the JSON) when the trials were priced without one.
    public var equalCost: StressEqualCost?

    public init(
        planName: String, trials: Int, totalCost: StressDistribution, costShareOfRetainedRevenue: StressDistribution,
        payPerformanceCorrelation: StressDistribution, topQuartileVariableShare: StressDistribution,
        variablePayPerCSM: StressDistribution, skillCorrelation: StressDistribution?,
        payPerformanceSlope: StressDistribution = StressDistribution([]), payoutGini: StressDistribution = StressDistribution([]),
        equalCost: StressEqualCost? = nil
    ) {
        self.planName = planName
        self.trials = trials
        self.totalCost = totalCost
        self.costShareOfRetainedRevenue = costShareOfRetainedRevenue
        self.payPerformanceCorrelation = payPerformanceCorrelation
        self.topQuartileVariableShare = topQuartileVariableShare
        self.variablePayPerCSM = variablePayPerCSM
        self.skillCorrelation = skillCorrelation
        self.payPerformanceSlope = payPerformanceSlope
        self.payoutGini = payoutGini
        self.equalCost = equalCost
    }
}
