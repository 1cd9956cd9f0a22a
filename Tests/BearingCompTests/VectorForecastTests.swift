import BearingForecast
import BearingPanel
import Testing

@testable import BearingComp

@Suite struct VectorForecastTests {
    /// One milestone "m" worth $1,000, prior strength 0 (raw rates), every row positive.
    /// Q1 (no past, in-sample): a reached and expanded, b did not reach → reach 1/2, take 1/1 →
    ///   each row 0.5 × 1 × 1,000 = 500 → c1's Q1 forecast $1,000.
    /// Q2 from Q1's rows: the same $1,000. In Q2 both reach and expand.
    /// Q3 from Q1 + Q2: reach 3/4, take 3/3 → 2 × 0.75 × 1,000 = $1,500.
    /// c2's customer has no milestone: forecast $0 each period.
    @Test func walkForwardByHand() throws {
        var b = TestPanel()
        b.add("a", "2025-Q1", csm: "c1", arr: 10_000, expansion: 1_000, milestone: "m", reached: 1)
        b.add("b", "2025-Q1", csm: "c1", arr: 10_000, milestone: "m", reached: 0)
        b.add("z", "2025-Q1", csm: "c2", arr: 10_000)
        b.add("a", "2025-Q2", csm: "c1", arr: 11_000, expansion: 1_000, milestone: "m", reached: 1)
        b.add("b", "2025-Q2", csm: "c1", arr: 10_000, expansion: 1_000, milestone: "m", reached: 1)
        b.add("a", "2025-Q3", csm: "c1", arr: 12_000, milestone: "m", reached: 0)
        b.add("b", "2025-Q3", csm: "c1", arr: 11_000, milestone: "m", reached: 0)
        let categories = Array(repeating: VectorCategory.positive, count: b.panel.rowCount)
        let catalogue = MilestoneCatalogue(milestones: [Milestone(name: "m", upsellARR: 1_000)])
        let table = try VectorForecastTable.walkForward(
            panel: b.panel, categories: categories, catalogue: catalogue, strength: 0)
        let q1 = Period(year: 2025, quarter: 1)
        #expect(abs((table["c1", q1] ?? .nan) - 1_000) < 1e-9)
        #expect(abs((table["c1", q1.next] ?? .nan) - 1_000) < 1e-9)
        #expect(abs((table["c1", q1.advanced(by: 2)] ?? .nan) - 1_500) < 1e-9)
        #expect(table["c2", q1] == 0)
        #expect(table["c2", q1.next] == nil)

        // Paid on it: c1 in Q2 expanded $2,000 against $1,000 forecast → attainment 2, capped at 1.5.
        let plan = CompensationPlan(
            name: "vector", ote: 100_000, split: PaySplit(base: 0.8, variable: 0.2),
            components: [PlanComponent(metric: .vectorForecastAttainment, weight: 1, target: 1, cap: 1.5)])
        let run = try PayoutEngine.pay(plan, panel: b.panel, vectorForecast: table)
        #expect(abs(run.line(csm: 0, window: 1).components[0].actual - 2) < 1e-12)
        #expect(abs(run.line(csm: 0, window: 1).components[0].payout - 7_500) < 1e-9)
    }

    /// The one-pass walk-forward equals the `ForecastRates` reference bit for bit on a random
    /// panel: 3 milestones (one with a fixed take rate for positives), 2 segments, random
    /// categories, missing `milestone_reached` cells, rows without a CSM, 6 quarters.
    @Test func walkForwardMatchesForecastRatesReference() throws {
        var p = HistoryPanel(granularity: .quarter)
        p.segmentNames = ["smb", "mid"]
        p.csmIDs = ["c0", "c1", "c2"]
        p.milestoneNames = ["m0", "m1", "m2"]
        var categories: [VectorCategory] = []
        for c in 0..<300 {
            p.customerIDs.append("k\(c)")
            for q in 0..<6 {
                let u = { (purpose: Int) in SyntheticBooks.uniform(1, c, q, UInt64(purpose)) }
                p.customer.append(Int32(c))
                p.period.append(Period(year: 2024, quarter: 1).advanced(by: q))
                p.segment.append(Int32(c % 2))
                p.fit.append(.good)
                p.csm.append(c % 10 == 0 ? -1 : Int32(c % 3))
                p.arr.append(10_000)
                p.churned.append(false)
                let onMilestone = u(1) < 0.8
                p.milestone.append(onMilestone ? Int32(u(2) * 3) : -1)
                let reached: Int8 = u(3) < 0.1 ? -1 : (u(4) < 0.4 ? 1 : 0)
                p.milestoneReached.append(onMilestone ? reached : -1)
                p.expansionARR.append(reached == 1 && u(5) < 0.6 ? 1_000 : 0)
                p.contractionARR.append(0)
                categories.append(VectorCategory(rawValue: UInt8(u(6) * 4)) ?? .neutral)
            }
        }
        let catalogue = MilestoneCatalogue(milestones: [
            Milestone(name: "m0", upsellARR: 1_000), Milestone(name: "m1", upsellARR: 2_500, takeRates: [.positive: 0.9]),
            Milestone(name: "m2", upsellARR: 6_000),
        ])
        let fast = try VectorForecastTable.walkForward(panel: p, categories: categories, catalogue: catalogue)
        let reference = try VectorForecastTable.walkForwardReference(panel: p, categories: categories, catalogue: catalogue)
        #expect(fast.values.count == 3 * 6)
        #expect(fast == reference)

        var unknown = p
        unknown.milestoneNames[2] = "not-in-catalogue"
        #expect(throws: ForecastError.unknownMilestones(["not-in-catalogue"])) {
            try VectorForecastTable.walkForward(panel: unknown, categories: categories, catalogue: catalogue)
        }
    }
}
