import BearingComp
import BearingMetrics
import BearingPanel
import Foundation
import Testing

/// Plans at equal total cost: hand-computed factors, slopes, ranks and gainers, and the
/// invariance the issue asks for: the ranking does not move whatever each plan's OTE is scaled by.
@Suite struct EqualCostTests {
    /// The books of `PlanComparisonTests.sideBySideByHand`: c1 NRR 1.2 both quarters, c2 0.9 then 0.8.
    static func books() -> HistoryPanel {
        var b = TestPanel()
        b.add("a", "2025-Q1", csm: "c1", arr: 100_000, expansion: 20_000)
        b.add("b", "2025-Q1", csm: "c2", arr: 100_000, contraction: 10_000)
        b.add("c", "2025-Q2", csm: "c1", arr: 100_000, expansion: 20_000)
        b.add("d", "2025-Q2", csm: "c2", arr: 100_000, contraction: 20_000)
        return b.panel
    }

    static func nrrPlan(_ name: String, ote: Double) -> CompensationPlan {
        CompensationPlan(
            name: name, ote: ote, split: PaySplit(base: 0.8, variable: 0.2),
            components: [PlanComponent(metric: .nrr, weight: 1, target: 1, threshold: 0.85)])
    }

    /// A flat plan (OTE 100,000, all base) against the NRR plan at OTE 100,000 and at 50,000.
    /// As-is costs: flat 100,000; nrr 96,500 (c1 52,000, c2 44,500); half 48,250 (c1 26,000,
    /// c2 22,250). Budget = the flat plan's 100,000, so the factors are 1, 100,000/96,500 =
    /// 1.036269 and 100,000/48,250 = 2.072539.
    /// Slopes as-is: flat 0; nrr — NRR 1.2 and 0.85, index +1 and −1, pay 12,000 and 4,500 →
    /// (3,750 + 3,750)/2 = 3,750 per SD; half 1,875. At equal cost both are 3,750 × 1.036269 =
    /// 3,886.01, so nrr and half share rank 1 and flat is 3rd.
    /// Moving flat → half as-is, both CSMs lose (the "0 gain, N lose"); at equal cost c1
    /// goes 50,000 → 26,000 × 2.072539 = 53,886.01 and c2 50,000 → 46,113.99: one gains, one
    /// loses, and the changes sum to 0.
    @Test func byHand() throws {
        let plans = [
            CompensationPlan(name: "flat", ote: 100_000, split: PaySplit(base: 1, variable: 0), components: []),
            Self.nrrPlan("nrr", ote: 100_000), Self.nrrPlan("half", ote: 50_000),
        ]
        let runs = try PayoutEngine.payAll(plans, panel: Self.books())
        let e = try EqualCostComparison(runs)
        #expect(e.referencePlan == "flat")
        #expect(abs(e.budget - 100_000) < 1e-9)
        let factors = e.plans.map(\.scaleFactor)
        #expect(factors[0] == 1)
        #expect(abs(factors[1] - 100_000 / 96_500) < 1e-15)
        #expect(abs(factors[2] - 100_000 / 48_250) < 1e-15)
        for p in e.plans { #expect(abs(p.cost - 100_000) < 1e-9, "\(p.planName)") }
        #expect(e.plans[0].payPerformanceSlope.value == 0)
        #expect(abs(e.plans[1].payPerformanceSlope.value - 3_750 * 100_000 / 96_500) < 1e-9)
        #expect(abs(e.plans[2].payPerformanceSlope.value - 3_750 * 100_000 / 96_500) < 1e-9)
        #expect(e.plans.map(\.rank) == [3, 1, 1])
        #expect(abs(e.plans[1].variableCost - 16_500 * 100_000 / 96_500) < 1e-9)

        let asIs = PayChangeCounts(try PlanComparison.changes(from: runs[0], to: runs[2]))
        #expect(asIs == PayChangeCounts(gainers: 0, losers: 2, unchanged: 0))
        #expect(e.plans[0].changeCounts == nil)
        #expect(e.plans[2].changeCounts == PayChangeCounts(gainers: 1, losers: 1, unchanged: 0))
        let atBudget = try PlanComparison.changes(from: runs[0], to: runs[2], scaleB: factors[2])
        #expect(abs(atBudget[0].totalB - 26_000 * 100_000 / 48_250) < 1e-9)
        #expect(abs(atBudget.reduce(0) { $0 + $1.change }) < 1e-9)
    }

    /// A reference plan that costs nothing leaves the budget, every factor and every rank undefined.
    @Test func nothingToScaleTo() throws {
        let free = CompensationPlan(
            name: "free", ote: 100_000, split: PaySplit(base: 0, variable: 1),
            components: [PlanComponent(metric: .nrr, weight: 1, target: 1, threshold: 5)])
        let runs = try PayoutEngine.payAll([free, Self.nrrPlan("nrr", ote: 100_000)], panel: Self.books())
        let e = try EqualCostComparison(runs)
        #expect(e.budget.isNaN)
        #expect(e.plans.allSatisfy { $0.scaleFactor.isNaN && $0.rank == nil && $0.changeCounts == nil })
    }

    /// Property: on random books and random plans (components, tiers, caps, thresholds,
    /// revenue share with commission, clawbacks, quarterly or annual), multiplying each plan's
    /// OTE and commission rate by its own random k (0.2–5, the reference plan's too) leaves the
    /// equal-cost ranking unchanged; each factor moves by k_reference / k_plan and each
    /// equal-cost slope by k_reference. And the factor is what it says: the plan re-priced with
    /// OTE and commission rate times its factor costs the budget.
    @Test(arguments: 0..<24)
    func rankingIgnoresEachPlansOTEScale(seed: Int) throws {
        var random = SplitMix(seed: UInt64(seed))
        let panel = SyntheticBooks.panel(trial: seed, customers: 60 + random.int(80), csms: 4 + random.int(9), quarters: 4 + random.int(5))
        let plans = (0..<(2 + random.int(3))).map { Self.randomPlan("p\($0)", &random) }
        let scales = plans.map { _ in exp(log(0.2) + random.unit() * log(25)) }
        let scaled = zip(plans, scales).map { Self.scaled($0, by: $1) }

        let before = try EqualCostComparison(try PayoutEngine.payAll(plans, panel: panel))
        let after = try EqualCostComparison(try PayoutEngine.payAll(scaled, panel: panel))
        let context = "seed \(seed), scales \(scales)"
        #expect(before.plans.allSatisfy { $0.rank != nil && $0.scaleFactor.isFinite }, "\(context)")
        #expect(before.plans.map(\.rank) == after.plans.map(\.rank), "\(context)")
        #expect(abs(after.budget / before.budget - scales[0]) < 1e-12, "\(context)")
        for i in plans.indices {
            let b = before.plans[i], a = after.plans[i]
            #expect(abs(a.scaleFactor / b.scaleFactor - scales[0] / scales[i]) < 1e-12, "\(context), plan \(i)")
            let expected = scales[0] * b.payPerformanceSlope.value
            #expect(abs(a.payPerformanceSlope.value - expected) <= 1e-9 * max(1, abs(expected)), "\(context), plan \(i)")
            let repriced = try PayoutEngine.pay(Self.scaled(plans[i], by: b.scaleFactor), panel: panel)
            #expect(abs(repriced.totalCost / before.budget - 1) < 1e-12, "\(context), plan \(i)")
        }
    }

    /// The plan with every dollar multiplied by `k`: OTE and commission rate.
    static func scaled(_ plan: CompensationPlan, by k: Double) -> CompensationPlan {
        var p = plan
        p.ote *= k
        p.revenueShare?.commissionRate *= k
        return p
    }

    static func randomPlan(_ name: String, _ r: inout SplitMix) -> CompensationPlan {
        let metrics: [(CompMetric, Double)] = [
            (.nrr, 1.0), (.grr, 0.95), (.renewalRate, 0.95), (.logoRetention, 0.95), (.expansionARR, 20_000), (.nps, 20),
            (.csat, 4),
        ]
        let count = 1 + r.int(3)
        var weights = (0..<count).map { _ in 0.2 + r.unit() }
        let total = weights.reduce(0, +)
        weights = weights.map { $0 / total }
        let components = weights.map { w -> PlanComponent in
            let (metric, target) = metrics[r.int(metrics.count)]
            let tiers =
                r.unit() < 0.5
                ? PayoutTiers.linear
                : PayoutTiers(
                    mode: r.unit() < 0.5 ? .tier : .marginal, rates: [.init(from: 0, rate: 0.5 + r.unit()), .init(from: 1, rate: 1 + 2 * r.unit())])
            return PlanComponent(
                metric: metric, weight: w, target: target * (0.8 + 0.4 * r.unit()), threshold: r.unit() < 0.5 ? 0 : 0.5 + 0.4 * r.unit(),
                tiers: tiers, cap: r.unit() < 0.5 ? nil : 1.5 + r.unit())
        }
        let variable = 0.1 + 0.5 * r.unit()
        let share = r.unit() < 0.5 ? nil : RevenueShare(sales: 0.75, csm: 0.25, commissionRate: r.unit() < 0.5 ? 0 : 0.05 + 0.1 * r.unit())
        return CompensationPlan(
            name: name, ote: 60_000 + 90_000 * r.unit(), split: PaySplit(base: 1 - variable, variable: variable),
            paymentPeriod: r.unit() < 0.3 ? .annual : .quarterly, components: components, revenueShare: share,
            clawback: r.unit() < 0.3 ? Clawback(days: 90, fraction: 0.5 + 0.5 * r.unit()) : nil)
    }
}

/// SplitMix64 for the property tests' random plans (seeded, so a failing case can be rerun).
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SyntheticBooks.mix(state)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in 0..<n.
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
