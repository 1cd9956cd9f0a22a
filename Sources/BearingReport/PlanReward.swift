import BearingComp
import BearingContracts

/// What the report knows about whether one compensation plan pays the right people: from the
/// stress test, how its variable pay follows the latent CSM skill the simulator drew (one
/// Spearman correlation per simulated history), and from the replay on the history, how pay
/// follows book NRR, how concentrated it is and what it costs.
///
/// With several plans, also the pay–performance slope at equal plan cost (every plan scaled to
/// the first plan's cost), which compares plans whose OTEs differ.
package struct PlanReward: Sendable, Equatable {
    package var plan: String
    /// Spearman correlation of variable pay with latent CSM skill, P5/P50/P95 over stress trials.
    package var skill: StressDistribution?
    /// The same per stress trial, in trial order (trials are the same simulated histories for
    /// every plan, so two plans' values pair up by index).
    package var skillTrials: [Double]
    /// Stress trials behind `skill`.
    package var trials: Int
    /// Spearman correlation of variable pay with book NRR, P5/P50/P95 over stress trials.
    package var stressNRRCorrelation: StressDistribution?
    /// Spearman correlation of variable pay with book NRR on the history.
    package var historyNRRCorrelation: Double?
    /// Share of variable pay earned by the top quartile of CSMs by NRR, on the history.
    package var topQuartileShare: Double?
    /// Gini coefficient of variable pay per CSM, on the history.
    package var gini: Double?
    /// Total plan cost on the history.
    package var totalCost: Double?
    /// Variable pay per standard deviation of book NRR with every plan scaled to the same
    /// budget (`EqualCostComparison`), its rank among the plans and the scale factor.
    package var equalCostSlope: Double?
    package var equalCostRank: Int?
    package var equalCostFactor: Double?

    package init(
        plan: String, skill: StressDistribution? = nil, skillTrials: [Double] = [], trials: Int = 0,
        stressNRRCorrelation: StressDistribution? = nil, historyNRRCorrelation: Double? = nil,
        topQuartileShare: Double? = nil, gini: Double? = nil, totalCost: Double? = nil
    ) {
        self.plan = plan
        self.skill = skill
        self.skillTrials = skillTrials
        self.trials = trials
        self.stressNRRCorrelation = stressNRRCorrelation
        self.historyNRRCorrelation = historyNRRCorrelation
        self.topQuartileShare = topQuartileShare
        self.gini = gini
        self.totalCost = totalCost
    }

    /// Fewer simulated histories than this cannot show a P5–P95 spread: below 20 draws the 5th
    /// and 95th percentiles are interpolations between the extreme draws.
    package static let minimumTrials = 20

    /// One row per plan: the replayed plans in their order, then plans only in the stress test.
    package static func collect(comp: CompComparisonDocument?, stress: StressDocument?, trials table: StressTrialsTable) -> [PlanReward] {
        var out: [PlanReward] = []
        for p in comp?.plans ?? [] where !out.contains(where: { $0.plan == p.name }) {
            let s = p.summary
            out.append(
                PlanReward(
                    plan: p.name, historyNRRCorrelation: finite(s.payPerformanceCorrelation),
                    topQuartileShare: finite(s.topQuartileVariableShare), gini: finite(s.spread.gini), totalCost: finite(s.totalCost)))
        }
        for e in comp?.equalCost?.plans ?? [] {
            guard let index = out.firstIndex(where: { $0.plan == e.planName }) else { continue }
            out[index].equalCostSlope = finite(e.payPerformanceSlope.value)
            out[index].equalCostRank = e.rank
            out[index].equalCostFactor = finite(e.scaleFactor)
        }
        for p in stress?.plans.map(\.stress) ?? [] {
            if !out.contains(where: { $0.plan == p.planName }) { out.append(PlanReward(plan: p.planName)) }
            guard let index = out.firstIndex(where: { $0.plan == p.planName }) else { continue }
            out[index].trials = p.trials
            out[index].skill = p.skillCorrelation.flatMap { $0.p50.isFinite ? $0 : nil }
            out[index].skillTrials = table.values[p.planName]?["skill_correlation"] ?? []
            out[index].stressNRRCorrelation = p.payPerformanceCorrelation.p50.isFinite ? p.payPerformanceCorrelation : nil
        }
        return out
    }

    /// The plan whose median skill correlation is highest (ties keep plan order), the runner-up,
    /// and the paired per-trial differences leader − runner-up (trials where both are defined).
    package static func leader(_ plans: [PlanReward]) -> (leader: PlanReward, runnerUp: PlanReward?, differences: [Double])? {
        let ranked = plans.enumerated().compactMap { i, p in p.skill.map { (i, p, $0.p50) } }
            .sorted { $0.2 != $1.2 ? $0.2 > $1.2 : $0.0 < $1.0 }
        guard let first = ranked.first else { return nil }
        guard ranked.count > 1 else { return (first.1, nil, []) }
        let second = ranked[1].1
        let differences = zip(first.1.skillTrials, second.skillTrials).compactMap { a, b in
            a.isFinite && b.isFinite ? a - b : nil
        }
        return (first.1, second, differences)
    }

    private static func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
}
