import BearingComp
import BearingPanel
import Testing

/// Hand-computed payouts, one rule at a time. Common setup unless stated: OTE $100,000, split
/// 80/20, quarterly payment, so one quarter's base is 100,000 × 0.8 / 4 = $20,000 and a weight-1
/// component's target payout is 100,000 × 0.2 × 1 / 4 = $5,000.
@Suite struct PayoutRuleTests {
    static let tolerance = 1e-9

    static func plan(
        _ components: [PlanComponent], revenueShare: RevenueShare? = nil, clawback: Clawback? = nil
    )
        -> CompensationPlan
    {
        CompensationPlan(
            name: "test", ote: 100_000, split: PaySplit(base: 0.8, variable: 0.2), paymentPeriod: .quarterly,
            components: components, revenueShare: revenueShare, clawback: clawback)
    }

    /// One CSM, one quarter, one $100,000 customer with the given expansion and churn ARR:
    /// NRR = (100,000 + expansion - churned) / 100,000.
    static func oneBook(expansion: Double = 0, contraction: Double = 0) -> HistoryPanel {
        var b = TestPanel()
        b.add("a", "2025-Q1", csm: "c1", arr: 60_000, expansion: expansion, contraction: contraction)
        b.add("b", "2025-Q1", csm: "c1", arr: 40_000)
        return b.panel
    }

    static func onlyLine(_ plan: CompensationPlan, _ panel: HistoryPanel) throws -> PayoutLine {
        let run = try PayoutEngine.pay(plan, panel: panel)
        #expect(run.lines.count == 1)
        return try #require(run.lines.first)
    }

    /// Threshold 0.9 on NRR (target 1.0). Contraction 20,000 → NRR 0.8 → attainment 0.8 < 0.9 → $0.
    /// Contraction 10,000 → NRR 0.9 = threshold → pays 5,000 × 0.9 = $4,500.
    /// Contraction 5,000 → NRR 0.95 → 5,000 × 0.95 = $4,750.
    @Test func thresholdPaysNothingBelowAndLinearlyFromIt() throws {
        let p = Self.plan([PlanComponent(metric: .nrr, weight: 1, target: 1.0, threshold: 0.9)])
        let below = try Self.onlyLine(p, Self.oneBook(contraction: 20_000))
        #expect(abs(below.components[0].attainment - 0.8) < Self.tolerance)
        #expect(below.components[0].payout == 0)
        #expect(abs(below.base - 20_000) < Self.tolerance)
        #expect(abs(below.total - 20_000) < Self.tolerance)
        let at = try Self.onlyLine(p, Self.oneBook(contraction: 10_000))
        #expect(abs(at.components[0].payout - 4_500) < Self.tolerance)
        let above = try Self.onlyLine(p, Self.oneBook(contraction: 5_000))
        #expect(abs(above.components[0].payout - 4_750) < Self.tolerance)
        #expect(abs(above.total - 24_750) < Self.tolerance)
    }

    /// Accelerator above target: rates [0: 1.0, 1.0: 1.5]; expansion 20,000 → NRR 1.2.
    /// Tier mode (whole amount at the reached rate): 1.5 × 1.2 = 1.8 → 5,000 × 1.8 = $9,000.
    /// Marginal mode: 1.0 × 1.0 + 1.5 × 0.2 = 1.3 → $6,500.
    @Test(arguments: [(TierMode.tier, 9_000.0), (TierMode.marginal, 6_500.0)])
    func tieredAccelerator(mode: TierMode, expected: Double) throws {
        let tiers = PayoutTiers(mode: mode, rates: [PayoutTier(from: 0, rate: 1), PayoutTier(from: 1, rate: 1.5)])
        let p = Self.plan([PlanComponent(metric: .nrr, weight: 1, target: 1.0, tiers: tiers)])
        let line = try Self.onlyLine(p, Self.oneBook(expansion: 20_000))
        #expect(abs(line.components[0].attainment - 1.2) < Self.tolerance)
        #expect(abs(line.components[0].payout - expected) < 1e-6)
    }

    /// Three brackets [0: 0.5, 0.8: 1.0, 1.1: 2.0] at attainment 1.25:
    /// tier = 2.0 × 1.25 = 2.5; marginal = 0.5 × 0.8 + 1.0 × 0.3 + 2.0 × 0.15 = 0.4 + 0.3 + 0.3 = 1.0.
    /// At 0.7 (first bracket): tier = 0.5 × 0.7 = 0.35 = marginal.
    @Test func tierFactorsByHand() {
        let rates = [PayoutTier(from: 0, rate: 0.5), PayoutTier(from: 0.8, rate: 1), PayoutTier(from: 1.1, rate: 2)]
        let tier = PayoutTiers(mode: .tier, rates: rates)
        let marginal = PayoutTiers(mode: .marginal, rates: rates)
        #expect(abs(tier.factor(attainment: 1.25) - 2.5) < Self.tolerance)
        #expect(abs(marginal.factor(attainment: 1.25) - 1.0) < Self.tolerance)
        #expect(abs(tier.factor(attainment: 0.7) - 0.35) < Self.tolerance)
        #expect(abs(marginal.factor(attainment: 0.7) - 0.35) < Self.tolerance)
        #expect(abs(PayoutTiers.linear.factor(attainment: 0.93) - 0.93) < Self.tolerance)
    }

    /// Cap 1.5 on the tier-mode accelerator above: min(1.8, 1.5) = 1.5 → 5,000 × 1.5 = $7,500.
    /// Marginal (1.3) stays under the cap: $6,500.
    @Test func capLimitsPayoutFactor() throws {
        for (mode, expected) in [(TierMode.tier, 7_500.0), (.marginal, 6_500.0)] {
            let tiers = PayoutTiers(mode: mode, rates: [PayoutTier(from: 0, rate: 1), PayoutTier(from: 1, rate: 1.5)])
            let p = Self.plan([PlanComponent(metric: .nrr, weight: 1, target: 1.0, tiers: tiers, cap: 1.5)])
            let line = try Self.onlyLine(p, Self.oneBook(expansion: 20_000))
            #expect(abs(line.components[0].payout - expected) < 1e-6, "mode \(mode)")
        }
    }

    /// Decelerator below target: rates [0: 0.5, 1.0: 1.0].
    /// NRR 0.8 (contraction 20,000): tier 0.5 × 0.8 = 0.4 → $2,000; marginal 0.5 × 0.8 = 0.4 → $2,000.
    /// NRR 1.1 (expansion 10,000): tier 1.0 × 1.1 = 1.1 → $5,500; marginal 0.5 × 1.0 + 1.0 × 0.1 = 0.6 → $3,000.
    @Test func decelerator() throws {
        let rates = [PayoutTier(from: 0, rate: 0.5), PayoutTier(from: 1, rate: 1)]
        let cases: [(TierMode, HistoryPanel, Double)] = [
            (.tier, Self.oneBook(contraction: 20_000), 2_000), (.marginal, Self.oneBook(contraction: 20_000), 2_000),
            (.tier, Self.oneBook(expansion: 10_000), 5_500), (.marginal, Self.oneBook(expansion: 10_000), 3_000),
        ]
        for (mode, panel, expected) in cases {
            let p = Self.plan([PlanComponent(metric: .nrr, weight: 1, target: 1.0, tiers: PayoutTiers(mode: mode, rates: rates))])
            let line = try Self.onlyLine(p, panel)
            #expect(abs(line.components[0].payout - expected) < 1e-6, "mode \(mode), expected \(expected)")
        }
    }

    /// Revenue-share 75/25 with a 10% commission; expansion_arr target $40,000 per quarter.
    /// Book expansion 80,000 → credited 0.25 × 80,000 = 20,000 → attainment 0.5 → 5,000 × 0.5 = $2,500.
    /// CSM commission 0.25 × 0.10 × 80,000 = $2,000; Sales' 0.75 × 0.10 × 80,000 = $6,000 (not CSM pay).
    /// Variable 2,500 + 2,000 = $4,500; total 20,000 + 4,500 = $24,500.
    @Test func revenueShareCreditsTheCSMShare() throws {
        let p = Self.plan(
            [PlanComponent(metric: .expansionARR, weight: 1, target: 40_000)],
            revenueShare: RevenueShare(sales: 0.75, csm: 0.25, commissionRate: 0.10))
        let line = try Self.onlyLine(p, Self.oneBook(expansion: 80_000))
        #expect(abs(line.components[0].actual - 20_000) < Self.tolerance)
        #expect(abs(line.components[0].payout - 2_500) < Self.tolerance)
        #expect(abs(line.commission - 2_000) < Self.tolerance)
        #expect(abs(line.salesCommission - 6_000) < Self.tolerance)
        #expect(abs(line.variable - 4_500) < Self.tolerance)
        #expect(abs(line.total - 24_500) < Self.tolerance)
    }

    /// Clawback within 90 days (quarterly panel: same or next quarter, ceil(90 / 91.3125) = 1).
    /// Q1 book of c1: x $50,000 (+$10,000), y $50,000 (+$10,000), z $100,000. Plan: expansion_arr
    /// weight 0.5 target $20,000 and nrr weight 0.5 target 1.0; commission 10% with CSM share 1.
    /// Q1: expansion 20,000 → attainment 1 → 2,500; NRR 220/200 = 1.1 → 2,750; commission 2,000.
    /// x churns in Q2 (gap 1): claw back x's half of the expansion pay, 10/20 × 2,500 = 1,250, plus
    /// x's commission 0.1 × 10,000 = 1,000 → $2,250 in Q2. y churns in Q3 (gap 2 > 1): nothing.
    /// With 200 days (ceil(200 / 91.3125) = 3) y is clawed back too: $2,250 in Q3; with fraction
    /// 0.5 each is $1,125.
    @Test func clawbackOnEarlyChurn() throws {
        var b = TestPanel()
        b.add("x", "2025-Q1", csm: "c1", arr: 50_000, expansion: 10_000)
        b.add("y", "2025-Q1", csm: "c1", arr: 50_000, expansion: 10_000)
        b.add("z", "2025-Q1", csm: "c1", arr: 100_000)
        b.add("x", "2025-Q2", csm: "c1", arr: 60_000, churned: true)
        b.add("y", "2025-Q2", csm: "c1", arr: 60_000)
        b.add("z", "2025-Q2", csm: "c1", arr: 100_000)
        b.add("y", "2025-Q3", csm: "c1", arr: 60_000, churned: true)
        b.add("z", "2025-Q3", csm: "c1", arr: 100_000)
        let components = [
            PlanComponent(metric: .expansionARR, weight: 0.5, target: 20_000),
            PlanComponent(metric: .nrr, weight: 0.5, target: 1.0),
        ]
        let share = RevenueShare(sales: 0, csm: 1, commissionRate: 0.1)
        let run = try PayoutEngine.pay(
            Self.plan(components, revenueShare: share, clawback: Clawback(days: 90)), panel: b.panel)
        let q1 = run.line(csm: 0, window: 0)
        #expect(abs(q1.components[0].payout - 2_500) < Self.tolerance)
        #expect(abs(q1.components[1].payout - 2_750) < Self.tolerance)
        #expect(abs(q1.commission - 2_000) < Self.tolerance)
        #expect(q1.clawback == 0)
        #expect(abs(run.line(csm: 0, window: 1).clawback - 2_250) < Self.tolerance)
        #expect(run.line(csm: 0, window: 2).clawback == 0)

        let longer = try PayoutEngine.pay(
            Self.plan(components, revenueShare: share, clawback: Clawback(days: 200, fraction: 0.5)), panel: b.panel)
        #expect(abs(longer.line(csm: 0, window: 1).clawback - 1_125) < Self.tolerance)
        #expect(abs(longer.line(csm: 0, window: 2).clawback - 1_125) < Self.tolerance)
        #expect(Clawback(days: 90).periodWindow(for: .month) == 3)
    }

    /// c2 owns customer b in Q1; in Q2 b has moved to c1. c2's Q2 line: no book, base $20,000 only,
    /// attainment NaN, payout 0. c1 in Q2 holds a ($100,000) and b ($50,000) flat → NRR 1 → $5,000.
    @Test func quarterWithNoBookPaysBaseOnly() throws {
        var b = TestPanel()
        b.add("a", "2025-Q1", csm: "c1", arr: 100_000)
        b.add("b", "2025-Q1", csm: "c2", arr: 50_000)
        b.add("a", "2025-Q2", csm: "c1", arr: 100_000)
        b.add("b", "2025-Q2", csm: "c1", arr: 50_000)
        let run = try PayoutEngine.pay(
            Self.plan([PlanComponent(metric: .nrr, weight: 1, target: 1.0)]), panel: b.panel)
        #expect(run.csmIDs == ["c1", "c2"])
        let empty = try #require(run.line(csmID: "c2", window: 1))
        #expect(!empty.hasBook)
        #expect(empty.components[0].attainment.isNaN)
        #expect(empty.components[0].payout == 0)
        #expect(empty.variable == 0)
        #expect(abs(empty.total - 20_000) < Self.tolerance)
        let c1 = try #require(run.line(csmID: "c1", window: 1))
        #expect(c1.book.startCustomers == 2)
        #expect(abs(c1.components[0].payout - 5_000) < Self.tolerance)
    }

    /// Annual plan on a quarterly panel, 2025-Q1...Q4: one window of 1 year. Base 80,000;
    /// NRR target 1.0 weight 1 → target payout 20,000. Book at Q1: a $100,000 (+$10,000 in Q2,
    /// +$5,000 in Q4), b $100,000 churning in Q3 at $100,000. c joins in Q2 and is in no book.
    /// NRR = (200,000 + 15,000 - 100,000) / 200,000 = 0.575 → $11,500; total $91,500.
    @Test func annualWindowFollowsTheStartCohort() throws {
        var b = TestPanel()
        b.add("a", "2025-Q1", csm: "c1", arr: 100_000)
        b.add("b", "2025-Q1", csm: "c1", arr: 100_000)
        b.add("a", "2025-Q2", csm: "c1", arr: 100_000, expansion: 10_000)
        b.add("b", "2025-Q2", csm: "c1", arr: 100_000)
        b.add("c", "2025-Q2", csm: "c1", arr: 500_000, expansion: 100_000)
        b.add("a", "2025-Q3", csm: "c1", arr: 110_000)
        b.add("b", "2025-Q3", csm: "c1", arr: 100_000, churned: true)
        b.add("a", "2025-Q4", csm: "c1", arr: 110_000, expansion: 5_000)
        var plan = Self.plan([PlanComponent(metric: .nrr, weight: 1, target: 1.0)])
        plan.paymentPeriod = .annual
        let run = try PayoutEngine.pay(plan, panel: b.panel)
        #expect(run.windows.map(\.label) == ["2025"])
        let line = run.line(csm: 0, window: 0)
        #expect(abs(line.base - 80_000) < Self.tolerance)
        #expect(abs(line.components[0].actual - 0.575) < Self.tolerance)
        #expect(abs(line.components[0].payout - 11_500) < 1e-6)
        #expect(abs(line.total - 91_500) < 1e-6)

        // Same plan on 2025-Q2...Q3 only: half a year, so base 40,000 and target payout 10,000.
        // Book at Q2: a, b, c = 700,000; expansion 110,000 (Q2) ; b churns 100,000 → NRR 710/700.
        let half = try PayoutEngine.pay(plan, panel: b.panel, from: Period(label: "2025-Q2"), to: Period(label: "2025-Q3"))
        let h = half.line(csm: 0, window: 0)
        #expect(abs(h.base - 40_000) < Self.tolerance)
        #expect(abs(h.components[0].payout - 10_000 * 710.0 / 700.0) < 1e-6)
    }

    /// Survey and other metrics, weight 0.25 each → target payout $1,250 each.
    /// NPS: mean of 40, 20 and a missing cell = 30; target 40 → 0.75 → $937.50.
    /// CES (lower is better): mean of 2.0, 3.0 = 2.5; target 3.0 → 3 / 2.5 = 1.2 → $1,500.
    /// Renewal rate: customers $60,000 (churns) + $40,000 (contracts $10,000) → (100,000 - 60,000) / 100,000
    /// = 0.4, target 0.8 → 0.5 → $625. Logo retention 1/2, target 1.0 → 0.5 → $625.
    @Test func surveyRenewalAndLogoMetrics() throws {
        var b = TestPanel(features: ["experience.nps", "experience.ces"])
        b.add("a", "2025-Q1", csm: "c1", arr: 60_000, churned: true, features: [40, 2.0])
        b.add("b", "2025-Q1", csm: "c1", arr: 40_000, contraction: 10_000, features: [20, 3.0])
        b.add("b", "2025-Q2", csm: "c1", arr: 30_000, features: [.nan, .nan])
        let p = Self.plan([
            PlanComponent(metric: .nps, weight: 0.25, target: 40),
            PlanComponent(metric: .ces, weight: 0.25, target: 3, better: .lower),
            PlanComponent(metric: .renewalRate, weight: 0.25, target: 0.8),
            PlanComponent(metric: .logoRetention, weight: 0.25, target: 1.0),
        ])
        let run = try PayoutEngine.pay(p, panel: b.panel, to: Period(label: "2025-Q1"))
        let payouts = run.line(csm: 0, window: 0).components.map(\.payout)
        for (got, want) in zip(payouts, [937.5, 1_500, 625, 625]) { #expect(abs(got - want) < Self.tolerance) }

        var b2 = TestPanel(features: ["experience.csat"])
        b2.add("a", "2025-Q1", csm: "c1", arr: 1)
        #expect(throws: CompError.missingFeature("experience.nps")) { try PayoutEngine.pay(p, panel: b2.panel) }
    }

    /// Vector-forecast attainment: forecast $50,000 for c1 in 2025-Q1, expansion $40,000 →
    /// 0.8 of forecast; target 1.0 → 5,000 × 0.8 = $4,000. No forecast entry → NaN, $0.
    /// No table at all → error.
    @Test func vectorForecastAttainment() throws {
        var b = TestPanel()
        b.add("a", "2025-Q1", csm: "c1", arr: 100_000, expansion: 40_000)
        b.add("b", "2025-Q1", csm: "c2", arr: 100_000, expansion: 40_000)
        let p = Self.plan([PlanComponent(metric: .vectorForecastAttainment, weight: 1, target: 1.0)])
        var table = VectorForecastTable()
        table["c1", Period(year: 2025, quarter: 1)] = 50_000
        let run = try PayoutEngine.pay(p, panel: b.panel, vectorForecast: table)
        #expect(abs(run.line(csm: 0, window: 0).components[0].payout - 4_000) < Self.tolerance)
        #expect(run.line(csm: 1, window: 0).components[0].attainment.isNaN)
        #expect(run.line(csm: 1, window: 0).components[0].payout == 0)
        #expect(throws: CompError.missingVectorForecast(plan: "test")) { try PayoutEngine.pay(p, panel: b.panel) }
    }

    /// Row order does not matter: the clawback panel with its rows reversed (periods descending,
    /// which forces the sorted visiting order) pays the same lines.
    @Test func rowOrderDoesNotChangePayouts() throws {
        var b = TestPanel()
        b.add("x", "2025-Q1", csm: "c1", arr: 50_000, expansion: 10_000)
        b.add("y", "2025-Q1", csm: "c2", arr: 50_000, expansion: 10_000)
        b.add("x", "2025-Q2", csm: "c1", arr: 60_000, churned: true)
        b.add("y", "2025-Q2", csm: "c1", arr: 60_000, contraction: 5_000)
        b.add("y", "2025-Q3", csm: "c1", arr: 55_000, churned: true)
        var reversed = b.panel
        for i in 0..<b.panel.rowCount {
            let j = b.panel.rowCount - 1 - i
            reversed.customer[i] = b.panel.customer[j]
            reversed.period[i] = b.panel.period[j]
            reversed.csm[i] = b.panel.csm[j]
            reversed.arr[i] = b.panel.arr[j]
            reversed.churned[i] = b.panel.churned[j]
            reversed.expansionARR[i] = b.panel.expansionARR[j]
            reversed.contractionARR[i] = b.panel.contractionARR[j]
        }
        let p = Self.plan(
            [PlanComponent(metric: .expansionARR, weight: 0.5, target: 10_000), PlanComponent(metric: .nrr, weight: 0.5, target: 1)],
            clawback: Clawback(days: 200))
        let forward = try PayoutEngine.pay(p, panel: b.panel)
        let backward = try PayoutEngine.pay(p, panel: reversed)
        // Compare numbers (NaN attainments make whole-value == false).
        let numbers = { (run: PlanPayouts) in
            run.lines.map { [$0.base, $0.variable, $0.clawback, $0.book.startARR] + $0.components.map(\.payout) }
        }
        #expect(numbers(forward) == numbers(backward))
        #expect(forward.lines.map(\.book) == backward.lines.map(\.book))
        // c1 is paid 2,500 for x's Q1 expansion (attainment 1 → 2,500) and claws it back in Q2.
        #expect(abs(forward.line(csm: 0, window: 1).clawback - 2_500) < Self.tolerance)
        // c2 is paid for y's Q1 expansion; y churns in Q3 (gap 2 <= ceil(200/91.3125) = 3) → c2 repays 2,500 in Q3.
        #expect(abs(forward.line(csm: 1, window: 2).clawback - 2_500) < Self.tolerance)
    }

    /// Monthly panel, quarterly plan: 2025-01...03 is one window "2025-Q1" of 0.25 years → base
    /// 20,000; expansion target 30,000 per quarter, expansion 10,000 + 5,000 + 0 = 15,000 → 0.5 →
    /// 5,000 × 0.5 = 2,500. Paid on 2025-01...02 only: 1/6 year → base 100,000 × 0.8 / 6 = 13,333.33;
    /// target scales by 2/3 to 20,000 and target payout to 20,000 / 6 = 3,333.33; attainment 0.75 → 2,500.
    @Test func monthlyPanelQuarterlyPlan() throws {
        var b = TestPanel(granularity: .month)
        b.add("a", "2025-01", csm: "c1", arr: 100_000, expansion: 10_000)
        b.add("a", "2025-02", csm: "c1", arr: 110_000, expansion: 5_000)
        b.add("a", "2025-03", csm: "c1", arr: 115_000)
        let p = Self.plan([PlanComponent(metric: .expansionARR, weight: 1, target: 30_000)])
        let whole = try PayoutEngine.pay(p, panel: b.panel)
        #expect(whole.windows.map(\.label) == ["2025-Q1"])
        #expect(abs(whole.lines[0].base - 20_000) < Self.tolerance)
        #expect(abs(whole.lines[0].components[0].payout - 2_500) < Self.tolerance)
        let part = try PayoutEngine.pay(p, panel: b.panel, to: Period(label: "2025-02"))
        #expect(abs(part.lines[0].base - 100_000 * 0.8 / 6) < 1e-9)
        #expect(abs(part.lines[0].components[0].attainment - 0.75) < Self.tolerance)
        #expect(abs(part.lines[0].components[0].payout - 2_500) < 1e-9)
        #expect(throws: CompError.granularityMismatch(bound: "2025-Q1", panel: .month)) {
            try PayoutEngine.pay(p, panel: b.panel, from: Period(label: "2025-Q1"))
        }
    }

    @Test func emptyRangeIsAnError() {
        var b = TestPanel()
        b.add("a", "2025-Q1", csm: "c1", arr: 1)
        #expect(throws: CompError.self) {
            try PayoutEngine.pay(
                Self.plan([PlanComponent(metric: .nrr, weight: 1, target: 1)]), panel: b.panel,
                from: Period(label: "2026-Q1"))
        }
    }
}
