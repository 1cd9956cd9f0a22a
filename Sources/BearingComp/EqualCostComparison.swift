import BearingMetrics

/// Plans compared at the same total cost, so that a plan does not look generous or stingy
/// because of its OTE: every plan is scaled to the reference plan's as-is total cost (the
/// budget), and the plans are ranked by how many dollars of variable pay they move per SD of
/// performance for that budget.
///
/// **Scaling.** A plan's factor is `budget / its as-is total cost`, and every dollar the plan
/// pays — base, component payouts, commission and clawbacks — is multiplied by it. Every one of
/// those amounts is proportional to the plan's OTE and commission rate taken together (base and
/// component target payouts are OTE × shares; the commission is rate × expansion; a clawback
/// recovers a share of both), so the scaled plan is exactly the plan with its OTE and
/// commission rate multiplied by the factor. Scaling only the variable pool to an equal total
/// cost would not do: the base would still carry each plan's OTE, and a plan's ranking would
/// change with it.
///
/// **Ranking.** By `payPerformanceSlope` at equal cost (factor × the as-is slope of
/// `PayPerformance`), largest first: for the same money, which plan pays better books most.
/// Slopes within a relative 1e-9 of each other share a rank (competition ranking: 1, 1, 3), so
/// a plan's rank does not depend on rounding; a plan whose slope is undefined has no rank.
/// Rank correlation, top-quartile share and Gini do not change with the factor; the as-is
/// `PlanSummary` has them.
///
/// **Invariance.** Multiplying any plan's OTE (and commission rate) by k > 0 divides its
/// factor by k and leaves its equal-cost figures unchanged; doing so to the reference plan
/// multiplies the budget, every cost and every slope by k. Either way the ranking is the same.
public struct EqualCostComparison: Sendable, Hashable, Codable {
    /// Relative difference below which two equal-cost slopes share a rank.
    public static let tieTolerance = 1e-9

    /// The plan whose as-is total cost is the budget.
    public var referencePlan: String
    /// The total cost every plan is scaled to, dollars. NaN (and every factor NaN) when the
    /// reference plan cost nothing.
    @NaNAsNull public var budget: Double
    /// In plan order.
    public var plans: [EqualCostPlan]

    public init(referencePlan: String, budget: Double, plans: [EqualCostPlan]) {
        self.referencePlan = referencePlan
        self.budget = budget
        self.plans = plans
    }

    /// Scales `runs` (paid over the same panel periods) to the as-is cost of `runs[reference]`.
    /// `summaries` are `PlanComparison.summary` of the runs when already computed. Throws when
    /// two runs cover different periods.
    public init(_ runs: [PlanPayouts], summaries: [PlanSummary]? = nil, reference: Int = 0) throws(CompError) {
        let summaries = summaries ?? runs.map { PlanComparison.summary($0) }
        precondition(summaries.count == runs.count, "one summary per run")
        guard runs.indices.contains(reference) else {
            self.init(referencePlan: "", budget: .nan, plans: [])
            return
        }
        let asIs = summaries[reference].totalCost
        let budget = asIs.isFinite && asIs > 0 ? asIs : .nan
        let factors = summaries.map { s in s.totalCost.isFinite && s.totalCost > 0 ? budget / s.totalCost : Double.nan }
        let slopes = zip(summaries, factors).map { s, f in s.payPerformanceSlope.scaled(by: f) }
        var plans: [EqualCostPlan] = []
        for i in runs.indices {
            let counts: PayChangeCounts?
            if i != reference {
                let changes = try PlanComparison.changes(
                    from: runs[reference], to: runs[i], scaleA: factors[reference], scaleB: factors[i])
                counts = factors[i].isNaN || factors[reference].isNaN ? nil : PayChangeCounts(changes)
            } else {
                counts = nil
            }
            plans.append(
                EqualCostPlan(
                    planName: runs[i].planName, asIsCost: summaries[i].totalCost, scaleFactor: factors[i],
                    cost: factors[i] * summaries[i].totalCost, variableCost: factors[i] * summaries[i].variableCost,
                    payPerformanceSlope: slopes[i], rank: Self.rank(i, slopes.map(\.value)), changeCounts: counts))
        }
        self.init(referencePlan: runs[reference].planName, budget: budget, plans: plans)
    }

    /// 1 + the number of plans whose slope is larger beyond the tie tolerance; nil when the
    /// slope is undefined.
    static func rank(_ i: Int, _ slopes: [Double]) -> Int? {
        let mine = slopes[i]
        guard mine.isFinite else { return nil }
        let above = slopes.filter { other in
            other.isFinite && other - mine > tieTolerance * max(abs(other), abs(mine))
        }
        return 1 + above.count
    }
}

/// One plan at the budget of an `EqualCostComparison`.
public struct EqualCostPlan: Sendable, Hashable, Codable {
    public var planName: String
    /// The plan's total cost as written (base + variable, net of clawbacks), dollars.
    @NaNAsNull public var asIsCost: Double
    /// `budget / asIsCost`: the multiplier of every dollar the plan pays, i.e. of its OTE and
    /// commission rate. NaN when the plan or the reference cost nothing.
    @NaNAsNull public var scaleFactor: Double
    /// Total cost at equal cost: `scaleFactor × asIsCost`, the budget.
    @NaNAsNull public var cost: Double
    /// Variable cost at equal cost: `scaleFactor ×` the as-is variable cost.
    @NaNAsNull public var variableCost: Double
    /// Dollars of variable pay per SD of performance at equal cost, with its 95% interval.
    public var payPerformanceSlope: MetricValue
    /// 1 for the plan that moves the most pay toward better books for the budget; nil when its
    /// slope is undefined.
    public var rank: Int?
    /// Who gains and who loses moving from the reference plan to this one, both at the budget;
    /// nil for the reference plan itself and when a factor is undefined.
    public var changeCounts: PayChangeCounts?

    public init(
        planName: String, asIsCost: Double, scaleFactor: Double, cost: Double, variableCost: Double,
        payPerformanceSlope: MetricValue, rank: Int?, changeCounts: PayChangeCounts?
    ) {
        self.planName = planName
        self.asIsCost = asIsCost
        self.scaleFactor = scaleFactor
        self.cost = cost
        self.variableCost = variableCost
        self.payPerformanceSlope = payPerformanceSlope
        self.rank = rank
        self.changeCounts = changeCounts
    }
}
