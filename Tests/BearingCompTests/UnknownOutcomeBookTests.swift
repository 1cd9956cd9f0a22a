import BearingComp
import BearingPanel
import Testing
import _TestSupport

/// A row whose outcome is unknown is neither paid nor tallied: payouts are those of the panel
/// without it.
@Suite struct UnknownOutcomeBookTests {
    @Test func payoutsSkipUnknownRows() throws {
        var b = TestPanel()
        b.add("a", "2025-Q1", csm: "c1", arr: 60_000, expansion: 6_000)
        b.add("b", "2025-Q1", csm: "c1", arr: 40_000)
        b.add("a", "2025-Q2", csm: "c1", arr: 66_000)
        b.add("b", "2025-Q2", csm: "c1", arr: 40_000, churned: true)
        b.add("c", "2025-Q2", csm: "c1", arr: 10_000, expansion: 1_000)
        var panel = b.panel
        panel.markOutcomeUnknown(3)
        panel.markOutcomeUnknown(4)
        let plan = CompensationPlan(
            name: "t", ote: 100_000, split: PaySplit(base: 0.8, variable: 0.2), paymentPeriod: .quarterly,
            components: [PlanComponent(metric: .nrr, weight: 0.5, target: 1.0), PlanComponent(metric: .expansionARR, weight: 0.5, target: 5_000)])
        let skipped = try PayoutEngine.pay(plan, panel: panel)
        let absent = try PayoutEngine.pay(plan, panel: panel.keepingRows { $0 < 3 })
        #expect(skipped.lines == absent.lines && skipped.windows == absent.windows)
        #expect(skipped.periodBooks.tallies == absent.periodBooks.tallies)
        #expect(skipped.crediting == absent.crediting)
        // The rows left out are counted, so a comparison can say so.
        #expect(skipped.periodBooks.unknownOutcomeRows == 2 && absent.periodBooks.unknownOutcomeRows == 0)
        #expect(skipped.lines != (try PayoutEngine.pay(plan, panel: b.panel)).lines)
    }
}
