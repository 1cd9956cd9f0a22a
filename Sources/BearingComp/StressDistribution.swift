import BearingMetrics

/// P5/P50/P95 of a quantity across Monte Carlo trials (numpy's default linear quantiles; NaN
/// trials skipped).
public struct StressDistribution: Sendable, Hashable, Codable {
    @NaNAsNull public var p5: Double
    @NaNAsNull public var p50: Double
    @NaNAsNull public var p95: Double

    public init(_ values: [Double]) {
        let q = Quantiles.quantiles(values, [0.05, 0.5, 0.95])
        p5 = q[0]
        p50 = q[1]
        p95 = q[2]
    }
}

/// One plan's results across stress-test trials: add each trial's run, then read the
/// distributions. Trials must be added in trial order for byte-identical output.
public struct PlanStress: Sendable, Hashable {
    public var planName: String
    public private(set) var totalCost: [Double] = []
    public private(set) var costShareOfRetainedRevenue: [Double] = []
    public private(set) var payPerformanceCorrelation: [Double] = []
    public private(set) var topQuartileVariableShare: [Double] = []
    /// Per trial, Spearman correlation of variable pay with latent CSM skill; empty when the
    /// run had no skills.
    public private(set) var skillCorrelation: [Double] = []
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
        if let k = trial.skillCorrelation { skillCorrelation.append(k) }
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
            skillCorrelation: skillCorrelation.isEmpty ? nil : StressDistribution(skillCorrelation))
    }
}

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

    public init(
        planName: String, trials: Int, totalCost: StressDistribution, costShareOfRetainedRevenue: StressDistribution,
        payPerformanceCorrelation: StressDistribution, topQuartileVariableShare: StressDistribution,
        variablePayPerCSM: StressDistribution, skillCorrelation: StressDistribution?
    ) {
        self.planName = planName
        self.trials = trials
        self.totalCost = totalCost
        self.costShareOfRetainedRevenue = costShareOfRetainedRevenue
        self.payPerformanceCorrelation = payPerformanceCorrelation
        self.topQuartileVariableShare = topQuartileVariableShare
        self.variablePayPerCSM = variablePayPerCSM
        self.skillCorrelation = skillCorrelation
    }
}

/// One plan's figures on one stress trial: what `PlanStress` keeps of a payout run.
public struct PlanStressTrial: Sendable, Hashable {
    public var summary: PlanSummary
    /// Each CSM's variable pay over the range, roster order.
    public var variablePay: [Double]
    /// Spearman correlation of variable pay with latent CSM skill (see
    /// `PlanComparison.skillCorrelation`); nil when no skills were given.
    public var skillCorrelation: Double?

    public init(_ run: PlanPayouts, skills: [String: Double]? = nil) {
        summary = PlanComparison.summary(run)
        variablePay = PlanComparison.performances(run).map(\.variable)
        skillCorrelation = skills.map { PlanComparison.skillCorrelation(run, skills: $0) }
    }
}
