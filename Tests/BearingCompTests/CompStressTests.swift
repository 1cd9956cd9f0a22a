import BearingComp
import BearingPanel
import Foundation
import Testing

@Suite struct CompStressTests {
    static let plans: [CompensationPlan] = [
        CompensationPlan(
            name: "nrr", ote: 100_000, split: PaySplit(base: 0.8, variable: 0.2),
            components: [
                PlanComponent(
                    metric: .nrr, weight: 0.8, target: 1.0, threshold: 0.9,
                    tiers: PayoutTiers(mode: .marginal, rates: [.init(from: 0, rate: 1), .init(from: 1, rate: 3)]), cap: 2),
                PlanComponent(metric: .nps, weight: 0.2, target: 30),
            ]),
        CompensationPlan(
            name: "expansion", ote: 120_000, split: PaySplit(base: 0.7, variable: 0.3),
            components: [PlanComponent(metric: .expansionARR, weight: 1, target: 20_000, threshold: 0.5)],
            revenueShare: RevenueShare(sales: 0.75, csm: 0.25, commissionRate: 0.1), clawback: Clawback(days: 90)),
        CompensationPlan(
            name: "annual", ote: 150_000, split: PaySplit(base: 0.6, variable: 0.4), paymentPeriod: .annual,
            components: [PlanComponent(metric: .grr, weight: 0.5, target: 0.9), PlanComponent(metric: .csat, weight: 0.5, target: 4)]),
    ]

    /// The same trials on 1 and 2 workers give identical distributions (trial-order reduction),
    /// and trial 0 alone equals pricing its panel directly.
    @Test func deterministicAcrossThreadCounts() throws {
        let history: @Sendable (Int) -> HistoryPanel = { SyntheticBooks.panel(trial: $0, customers: 120, csms: 6) }
        // The synthetic books give CSM k skill k/(csms-1) - 0.5 (see SyntheticBooks).
        let skills: @Sendable (Int) -> [String: Double] = { _ in
            Dictionary(uniqueKeysWithValues: (0..<6).map { ("CSM\($0)", Double($0) / 5 - 0.5) })
        }
        let one = try CompStress.run(plans: Self.plans, trials: 12, threads: 1, history: history, skills: skills)
        let two = try CompStress.run(plans: Self.plans, trials: 12, threads: 2, history: history, skills: skills)
        #expect(one == two)
        #expect(one.map(\.skillCorrelation.count) == [12, 12, 12])
        #expect(one[0].summary.skillCorrelation?.p50 ?? -1 > 0.5)
        #expect(try CompStress.run(plans: Self.plans, trials: 2, threads: 1, history: history)[0].summary.skillCorrelation == nil)
        #expect(one.map(\.trials) == [12, 12, 12])
        let direct = try PayoutEngine.pay(Self.plans[1], panel: history(0))
        #expect(one[1].totalCost[0] == direct.totalCost)
        // A skill-driven book: the NRR plan rewards the better CSMs in a typical trial.
        #expect(one[0].summary.payPerformanceCorrelation.p50 > 0.5)
    }

    /// Through the stress path: when each CSM's skill is their own variable pay, the skill
    /// correlation is exactly 1 in every trial; with the skill negated it is exactly -1.
    @Test func skillEqualToPayGivesOneReversedGivesMinusOne() throws {
        let plans = Self.plans
        let history: @Sendable (Int) -> HistoryPanel = { SyntheticBooks.panel(trial: $0, customers: 60, csms: 5) }
        for sign in [1.0, -1.0] {
            let skills: @Sendable (Int) -> [String: Double] = { t in
                // Skill = the CSM's variable pay under the first plan on this trial's panel.
                guard let run = try? PayoutEngine.pay(plans[0], panel: history(t)) else { return [:] }
                return Dictionary(
                    uniqueKeysWithValues: PlanComparison.performances(run).map { ($0.csmID, sign * $0.variable) })
            }
            let result = try CompStress.run(plans: [plans[0]], trials: 4, threads: 2, history: history, skills: skills)
            #expect(result[0].skillCorrelation.count == 4)
            for k in result[0].skillCorrelation { #expect(abs(k - sign) < 1e-12, "sign \(sign): \(k)") }
        }
    }

    /// Each trial compares the plans at the first plan's cost of that trial: the per-trial
    /// figures are those of `EqualCostComparison` on the trial's panel, and every trial has a
    /// plan ranked first.
    @Test func equalCostPerTrial() throws {
        let history: @Sendable (Int) -> HistoryPanel = { SyntheticBooks.panel(trial: $0, customers: 80, csms: 8) }
        let result = try CompStress.run(plans: Self.plans, trials: 6, threads: 2, history: history)
        for r in result {
            #expect(r.equalCostRank.count == 6 && r.payPerformanceSlope.count == 6 && r.payoutGini.count == 6)
        }
        #expect(result[0].equalCostScaleFactor.allSatisfy { $0 == 1 })
        for t in 0..<6 { #expect(result.contains { $0.equalCostRank[t] == 1 }, "trial \(t)") }
        let runs = try PayoutEngine.payAll(Self.plans, panel: history(3))
        let direct = try EqualCostComparison(runs)
        #expect(result.map { $0.equalCostSlope[3] } == direct.plans.map(\.payPerformanceSlope.value))
        #expect(result.map { $0.equalCostScaleFactor[3] } == direct.plans.map(\.scaleFactor))
        #expect(result.map { $0.payPerformanceSlope[3] } == runs.map { PlanComparison.summary($0).payPerformanceSlope.value })
        let shares = result.compactMap { $0.summary.equalCost?.rankedFirstShare }
        #expect(shares.count == 3 && shares.reduce(0, +) >= 1)
        // Trials added from bare runs have no equal-cost comparison to summarise.
        var bare = PlanStress(planName: "nrr")
        bare.add(runs[0])
        #expect(bare.summary.equalCost == nil && bare.summary.payPerformanceSlope.p50.isFinite)
    }

    @Test func vectorPlanWithoutForecastIsAnError() {
        let plan = CompensationPlan(
            name: "vector", ote: 1, split: PaySplit(base: 0.5, variable: 0.5),
            components: [PlanComponent(metric: .vectorForecastAttainment, weight: 1, target: 1)])
        #expect(throws: CompError.missingVectorForecast(plan: "vector")) {
            try CompStress.run(plans: [plan], trials: 1, threads: 1) { SyntheticBooks.panel(trial: $0, customers: 4, csms: 2) }
        }
    }

    /// Speed check (set BEARING_COMP_STRESS=1; run in release): 1,000 trials of four plans over
    /// 8 quarters on 10,000 customers and 26 CSMs, panels generated in the closure.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["BEARING_COMP_STRESS"] == "1"))
    func thousandTrialStress() throws {
        let plans = Self.plans + [Self.plans[0]]
        let start = Date()
        let result = try CompStress.run(plans: plans, trials: 1000, threads: 2) {
            SyntheticBooks.panel(trial: $0, customers: 10_000, csms: 26)
        }
        print("stress 1000 trials x 4 plans: \(Date().timeIntervalSince(start)) s; P50 cost \(result[0].summary.totalCost.p50)")
    }
}
