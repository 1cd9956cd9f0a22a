/// One plan's results across stress-test trials: add each trial's run, then read the
/// distributions. Trials must be added in trial order for byte-identical output.
public struct PlanStress: Sendable, Hashable {
    public var planName: String
    public private(set) var totalCost: [Double] = []
    public private(set) var costShareOfRetainedRevenue: [Double] = []
    public private(set) var payPerformanceCorrelation: [Double] = []
    public private(set) var topQuartileVariableShare: [Double] = []
    /// Per trial, dollars of variable pay per SD of performance (`PayPerformance`).
    public private(set) var payPerformanceSlope: [Double] = []
    /// Per trial, Gini of variable pay over the CSMs with a book.
    public private(set) var payoutGini: [Double] = []
    /// Per trial, Spearman correlation of variable pay with latent CSM skill; empty when the
    /// run had no skills.
    public private(set) var skillCorrelation: [Double] = []
    /// Per trial with an equal-cost comparison (`CompStress` makes one per trial): the plan's
    /// scale factor to the reference plan's cost of that trial, its slope at that cost, and its
    /// rank (NaN when undefined). Empty when trials were added without one.
    public private(set) var equalCostScaleFactor: [Double] = []
    public private(set) var equalCostSlope: [Double] = []
    public private(set) var equalCostRank: [Double] = []
    /// Every CSM's variable pay over the range, pooled across trials.
    public private(set) var variablePay: [Double] = []

    public init(planName: String) {
        self.planName = planName
    }

    /// Adds one trial.
    public mutating func add(_ run: PlanPayouts) {
        add(PlanStressTrial(run))
    }

    /// Adds one trial's already-computed figures.
    public mutating func add(_ trial: PlanStressTrial) {
        let s = trial.summary
        totalCost.append(s.totalCost)
        costShareOfRetainedRevenue.append(s.costShareOfRetainedRevenue)
        payPerformanceCorrelation.append(s.payPerformanceCorrelation)
        topQuartileVariableShare.append(s.topQuartileVariableShare)
        payPerformanceSlope.append(s.payPerformanceSlope.value)
        payoutGini.append(s.payoutGini)
        if let k = trial.skillCorrelation { skillCorrelation.append(k) }
        if let e = trial.equalCost {
            equalCostScaleFactor.append(e.scaleFactor)
            equalCostSlope.append(e.payPerformanceSlope.value)
            equalCostRank.append(e.rank.map(Double.init) ?? .nan)
        }
        variablePay.append(contentsOf: trial.variablePay)
    }

    public var trials: Int { totalCost.count }

    /// The distributions, for reports.
    public var summary: PlanStressSummary {
        PlanStressSummary(
            planName: planName, trials: trials, totalCost: StressDistribution(totalCost),
            costShareOfRetainedRevenue: StressDistribution(costShareOfRetainedRevenue),
            payPerformanceCorrelation: StressDistribution(payPerformanceCorrelation),
            topQuartileVariableShare: StressDistribution(topQuartileVariableShare),
            variablePayPerCSM: StressDistribution(variablePay),
            skillCorrelation: skillCorrelation.isEmpty ? nil : StressDistribution(skillCorrelation),
            payPerformanceSlope: StressDistribution(payPerformanceSlope), payoutGini: StressDistribution(payoutGini),
            equalCost: equalCostRank.isEmpty
                ? nil
                : StressEqualCost(scaleFactor: equalCostScaleFactor, payPerformanceSlope: equalCostSlope, rank: equalCostRank))
    }
}
