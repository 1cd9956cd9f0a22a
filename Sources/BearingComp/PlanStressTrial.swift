/// One plan's figures on one stress trial: what `PlanStress` keeps of a payout run.
public struct PlanStressTrial: Sendable, Hashable {
    public var summary: PlanSummary
    /// Each CSM's variable pay over the range, roster order.
    public var variablePay: [Double]
    /// Spearman correlation of variable pay with latent CSM skill (see
    /// `PlanComparison.skillCorrelation`); nil when no skills were given.
    public var skillCorrelation: Double?
    /// The plan at the trial's reference cost, when the trial's plans were compared at equal cost.
    public var equalCost: EqualCostPlan?

    public init(_ run: PlanPayouts, skills: [String: Double]? = nil, equalCost: EqualCostPlan? = nil) {
        summary = PlanComparison.summary(run)
        variablePay = PlanComparison.performances(run).map(\.variable)
        skillCorrelation = skills.map { PlanComparison.skillCorrelation(run, skills: $0) }
        self.equalCost = equalCost
    }

    init(_ run: PlanPayouts, summary: PlanSummary, skills: [String: Double]?, equalCost: EqualCostPlan?) {
        self.summary = summary
        variablePay = PlanComparison.performances(run).map(\.variable)
        skillCorrelation = skills.map { PlanComparison.skillCorrelation(run, skills: $0) }
        self.equalCost = equalCost
    }
}
