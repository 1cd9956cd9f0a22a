import BearingComp
import BearingMetrics
import BearingPanel
import Testing

/// One book under a quarterly and an annual plan: the performance both are measured against is
/// the same, and the edge cases each plan's windows create are listed. Worked by hand below.
@Suite struct CompEdgeCasesTests {
    /// 2025-Q1…Q4, rows period by period (so the roster is c1, c2, c3, c4):
    /// - x: c1 in Q1–Q2 (ARR 100k), moves to c2 in Q3 (expands 10k), c2 in Q4 (110k);
    /// - w: c2 all year (80k, contracts 8k in Q1, then 72k), churns in Q4;
    /// - z: no CSM in Q1 (20k, expands 2k) and Q2 (22k), then c1 in Q3–Q4 (22k);
    /// - y: new in Q2 with c2 (50k, expands 5k), then 55k;
    /// - v: new in Q2 with c3 (30k), expands 3k in Q3, then 33k;
    /// - u: c4's only row, in Q4, outcome not known yet.
    static func panel() -> HistoryPanel {
        var b = TestPanel()
        b.add("x", "2025-Q1", csm: "c1", arr: 100_000)
        b.add("w", "2025-Q1", csm: "c2", arr: 80_000, contraction: 8_000)
        b.add("z", "2025-Q1", csm: nil, arr: 20_000, expansion: 2_000)
        b.add("x", "2025-Q2", csm: "c1", arr: 100_000)
        b.add("y", "2025-Q2", csm: "c2", arr: 50_000, expansion: 5_000)
        b.add("w", "2025-Q2", csm: "c2", arr: 72_000)
        b.add("z", "2025-Q2", csm: nil, arr: 22_000)
        b.add("v", "2025-Q2", csm: "c3", arr: 30_000)
        b.add("x", "2025-Q3", csm: "c2", arr: 100_000, expansion: 10_000)
        b.add("y", "2025-Q3", csm: "c2", arr: 55_000)
        b.add("w", "2025-Q3", csm: "c2", arr: 72_000)
        b.add("z", "2025-Q3", csm: "c1", arr: 22_000)
        b.add("v", "2025-Q3", csm: "c3", arr: 30_000, expansion: 3_000)
        b.add("x", "2025-Q4", csm: "c2", arr: 110_000)
        b.add("y", "2025-Q4", csm: "c2", arr: 55_000)
        b.add("w", "2025-Q4", csm: "c2", arr: 72_000, churned: true)
        b.add("z", "2025-Q4", csm: "c1", arr: 22_000)
        b.add("v", "2025-Q4", csm: "c3", arr: 33_000)
        b.add("u", "2025-Q4", csm: "c4", arr: 5_000)
        var panel = b.panel
        panel.markOutcomeUnknown(18)
        return panel
    }

    static func plan(_ period: PaymentPeriod) -> CompensationPlan {
        CompensationPlan(
            name: period.rawValue, ote: 100_000, split: PaySplit(base: 0.8, variable: 0.2), paymentPeriod: period,
            components: [PlanComponent(metric: .nrr, weight: 1, target: 1)])
    }

    /// Per-quarter books: c1 holds x (100k) in Q1–Q2 and z (22k) in Q3–Q4: start 244k, no
    /// change, NRR 1. c2: Q1 w 80k (−8k); Q2 y 50k (+5k) + w 72k; Q3 x 100k (+10k) + y 55k +
    /// w 72k; Q4 x 110k + y 55k + w 72k (churns): start 80 + 122 + 227 + 237 = 666k, NRR
    /// (666 + 15 − 8 − 72)/666 = 601/666. c3: 30 + 30 + 33 = 93k (+3k): 96/93. c4: no book.
    /// The annual plan's own books (owners at Q1) would give c1 110/100, c2 0/80 and c3 none.
    @Test func bothPlansAreMeasuredOnTheSameBooks() throws {
        let runs = try PayoutEngine.payAll([Self.plan(.quarterly), Self.plan(.annual)], panel: Self.panel())
        #expect(runs[0].csmIDs == ["c1", "c2", "c3", "c4"])
        let expected = [1.0, 601.0 / 666.0, 96.0 / 93.0]
        for run in runs {
            let nrr = PlanComparison.performances(run).map(\.nrr)
            for (a, b) in zip(nrr, expected) { #expect(abs(a - b) < 1e-12, "\(run.planName)") }
            #expect(nrr[3].isNaN)
            #expect(PlanComparison.summary(run).rankedCSMCount == 3)
        }
        #expect(runs[0].periodBooks == runs[1].periodBooks)
        // The annual plan's window book is what it pays on, and differs.
        #expect(abs(runs[1].line(csm: 0, window: 0).book.nrr - 1.1) < 1e-12)
        let changes = try PlanComparison.changes(from: runs[0], to: runs[1])
        #expect(changes.first { $0.csmID == "c2" }.map { abs($0.nrr - 601.0 / 666.0) < 1e-12 } == true)
    }

    /// Expansion (20k in all): x's 10k in Q3 (row c2, owned by c1 at the year's start), y's 5k
    /// (row c2, new in Q2), z's 2k (no CSM, no owner), v's 3k (row c3, new in Q2).
    /// Quarterly: 10 + 5 + 3 = 18k to the row's CSM, 2k to nobody. Annual: x's 10k to c1 (the
    /// earlier owner), y's and v's 8k to nobody (assigned after the year started), z's 2k to nobody.
    /// No book: c3 in Q1 (base 100k × 0.8 × 0.25 = 20k) and c4 in every quarter (80k) under the
    /// quarterly plan; c3 and c4 for 2025 (80k each) under the annual one.
    /// Unassigned rows: z in Q1 (20k of 200k) and Q2 (22k of 274k): 42k of 1,045k ARR-periods.
    @Test func edgeCasesByHand() throws {
        let runs = try PayoutEngine.payAll([Self.plan(.quarterly), Self.plan(.annual)], panel: Self.panel())
        let edge = CompEdgeCases(runs)
        #expect(edge.unknownOutcomeRows == 1)
        #expect(edge.csmsWithoutAnyBook == ["c4"])
        let u = edge.unassigned
        #expect(u.rows == 2 && u.customers == 1)
        #expect(abs(u.arr - 42_000) < 1e-9 && abs(u.expansionARR - 2_000) < 1e-9)
        #expect(abs(u.arrShare - 42.0 / 1045.0) < 1e-12)
        #expect(u.byPeriod.map(\.period) == ["2025-Q1", "2025-Q2"])
        #expect(abs(u.byPeriod[0].arrShare - 0.1) < 1e-12 && abs(u.byPeriod[1].arrShare - 22.0 / 274.0) < 1e-12)

        let quarterly = edge.plans[0], annual = edge.plans[1]
        #expect(quarterly.crediting == ExpansionCrediting(total: 20_000, ownCSM: 18_000, unassigned: 2_000))
        #expect(annual.crediting == ExpansionCrediting(total: 20_000, earlierOwner: 10_000, lateAssignment: 8_000, unassigned: 2_000))
        #expect(annual.crediting.credited == 10_000)
        #expect(
            quarterly.csmsWithoutBook == [
                .init(csmID: "c3", windows: ["2025-Q1"], base: 20_000),
                .init(csmID: "c4", windows: ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"], base: 80_000),
            ])
        #expect(annual.csmsWithoutBook == [.init(csmID: "c3", windows: ["2025"], base: 80_000), .init(csmID: "c4", windows: ["2025"], base: 80_000)])
        #expect(quarterly.partialWindows.isEmpty && annual.partialWindows.isEmpty)
        #expect(annual.creditingRule.contains("even after the account moves"))
        #expect(quarterly.creditingRule.hasPrefix("quarterly: each quarter's book"))
        // The CSM rows say it too.
        #expect(PlanComparison.performances(runs[1]).map(\.windowsWithoutBook) == [0, 0, 1, 1])
    }

    /// An annual plan over Q1–Q3 pays 3/4 of a year: its window is listed as partial.
    @Test func partialYear() throws {
        let run = try PayoutEngine.pay(Self.plan(.annual), panel: Self.panel(), to: Period(label: "2025-Q3"))
        let edge = PlanEdgeCases(run)
        #expect(edge.partialWindows == [.init(window: "2025", periods: ["2025-Q1", "2025-Q2", "2025-Q3"], paymentFraction: 0.75)])
    }
}
