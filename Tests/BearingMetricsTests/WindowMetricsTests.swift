import BearingPanel
import Foundation
import Testing

@testable import BearingMetrics

/// A hand-built quarterly panel; every expected number below is computed by hand in the comments.
///
/// | customer | segment | fit | cohort at Q1 | rows |
/// |---|---|---|---|---|
/// | A | smb | good | positive | Q1 arr 100 exp 20; Q2 arr 120 con 10; Q3 arr 110 |
/// | B | smb | good | negative | Q1 arr 50 exp 10; Q2 arr 60 churned (con 5 in that row, ignored) |
/// | C | smb | bad | bad-fit | Q1 arr 30 churned |
/// | D | ent | good | neutral | Q1 200; Q2 200 exp 50; Q3 250; Q4 250 churned (after the window) |
/// | E | ent | good | gone dark | Q1 80; Q2 80 con 20; Q3 60 churned |
/// | G | ent | stretch | positive | Q1 100 (rows stop, no churn flag → retained) |
/// | F | smb | good | — | joins in Q2, churns in Q3: not a member |
enum WindowFixture {
    struct Row {
        var customer: Int32
        var quarter: Int
        var arr: Double
        var expansion = 0.0
        var contraction = 0.0
        var churned = false
    }

    static let cohorts: [Cohort] = [
        .goodFitPositive, .goodFitNegative, .badFit, .goodFitNeutral, .goodFitGoneDark, .goodFitPositive, .goodFitPositive,
    ]

    static func panel() -> HistoryPanel {
        var panel = HistoryPanel(granularity: .quarter)
        panel.customerIDs = ["A", "B", "C", "D", "E", "G", "F"]
        panel.segmentNames = ["smb", "ent"]
        let segment: [Int32] = [0, 0, 0, 1, 1, 1, 0]
        let fit: [Fit] = [.good, .good, .bad, .good, .good, .stretch, .good]
        let rows = [
            Row(customer: 0, quarter: 1, arr: 100, expansion: 20), Row(customer: 0, quarter: 2, arr: 120, contraction: 10),
            Row(customer: 0, quarter: 3, arr: 110),
            Row(customer: 1, quarter: 1, arr: 50, expansion: 10), Row(customer: 1, quarter: 2, arr: 60, contraction: 5, churned: true),
            Row(customer: 2, quarter: 1, arr: 30, churned: true),
            Row(customer: 3, quarter: 2, arr: 200, expansion: 50), Row(customer: 3, quarter: 1, arr: 200),
            Row(customer: 3, quarter: 3, arr: 250), Row(customer: 3, quarter: 4, arr: 250, churned: true),
            Row(customer: 4, quarter: 1, arr: 80), Row(customer: 4, quarter: 2, arr: 80, contraction: 20),
            Row(customer: 4, quarter: 3, arr: 60, churned: true),
            Row(customer: 5, quarter: 1, arr: 100),
            Row(customer: 6, quarter: 2, arr: 40), Row(customer: 6, quarter: 3, arr: 40, churned: true),
        ]
        for r in rows {
            panel.customer.append(r.customer)
            panel.period.append(Period(year: 2025, quarter: r.quarter))
            panel.segment.append(segment[Int(r.customer)])
            panel.fit.append(fit[Int(r.customer)])
            panel.csm.append(-1)
            panel.arr.append(r.arr)
            panel.churned.append(r.churned)
            panel.expansionARR.append(r.expansion)
            panel.contractionARR.append(r.contraction)
            panel.milestone.append(-1)
            panel.milestoneReached.append(-1)
        }
        return panel
    }

    static func table() -> CohortTable {
        let panel = panel()
        return WindowMetrics.cohortTable(
            panel: panel, index: PanelIndex(panel), first: Period(year: 2025, quarter: 1),
            last: Period(year: 2025, quarter: 3), grossMargin: 0.8
        ) { row in cohorts[Int(panel.customer[row])] }
    }
}

@Suite struct WindowMetricsTests {
    func expectClose(_ a: Double?, _ b: Double, _ label: String) {
        guard let a else {
            Issue.record("\(label) undefined, expected \(b)")
            return
        }
        #expect(abs(a - b) < 1e-12, "\(label): \(a) vs \(b)")
    }

    @Test func perCohortPerSegment() throws {
        let t = WindowFixture.table()
        let a = try #require(t.row(segment: "smb", cohort: "good-fit positive"))
        // Expands 20 and contracts 10 in one window: NRR 110/100, GRR 90/100.
        expectClose(a.nrr, 1.1, "A nrr")
        expectClose(a.grr, 0.9, "A grr")
        expectClose(a.logoRetention, 1, "A logos")
        let b = try #require(t.row(segment: "smb", cohort: "good-fit negative"))
        // Expanded 10 then churned at ARR 60: churned ARR 60, NRR (50 + 10 - 60)/50 = 0; GRR loss capped at 50 → 0.
        #expect(b.tally.churnedARR == 60 && b.tally.expansionARR == 10 && b.tally.contractionARR == 0)
        expectClose(b.nrr, 0, "B nrr")
        expectClose(b.grr, 0, "B grr")
        expectClose(b.logoRetention, 0, "B logos")
        let e = try #require(t.row(segment: "ent", cohort: "good-fit gone dark"))
        // Contracted 20, churned at 60: NRR (80 - 20 - 60)/80 = 0.
        expectClose(e.nrr, 0, "E nrr")
        #expect(e.tally.contractionARR == 20 && e.tally.churnedARR == 60)
        let d = try #require(t.row(segment: "ent", cohort: "good-fit neutral"))
        // Churn in Q4 is after the window: retained, NRR 250/200.
        expectClose(d.nrr, 1.25, "D nrr")
        expectClose(d.logoRetention, 1, "D logos")
        let empty = try #require(t.row(segment: "ent", cohort: "bad-fit"))
        #expect(empty.tally.startCustomers == 0 && empty.nrr == nil && empty.cltv == nil)
    }

    @Test func badFitApartFromGoodFitAndRollUps() throws {
        let t = WindowFixture.table()
        let smbGood = try #require(t.row(segment: "smb", cohort: "good-fit"))
        // A + B: start 150, exp 30, con 10, churned 60, gross loss 10 + 50.
        expectClose(smbGood.nrr, 110.0 / 150, "smb good nrr")
        expectClose(smbGood.grr, 90.0 / 150, "smb good grr")
        expectClose(smbGood.logoRetention, 0.5, "smb good logos")
        let smbBad = try #require(t.row(segment: "smb", cohort: "bad-fit"))
        expectClose(smbBad.nrr, 0, "smb bad nrr")
        let smbAll = try #require(t.row(segment: "smb", cohort: "all"))
        expectClose(smbAll.nrr, 110.0 / 180, "smb all nrr")
        expectClose(smbAll.grr, 90.0 / 180, "smb all grr")
        let entGood = try #require(t.row(segment: "ent", cohort: "good-fit"))
        expectClose(entGood.nrr, 350.0 / 380, "ent good nrr")
        expectClose(entGood.grr, 300.0 / 380, "ent good grr")
        expectClose(entGood.logoRetention, 2.0 / 3, "ent good logos")
        // Roll-up: start 560 (F excluded), exp 80, con 30, churned 150, gross loss 170; 3 of 6 retained.
        let all = try #require(t.row(segment: "all", cohort: "all"))
        #expect(all.tally.startCustomers == 6)
        expectClose(all.nrr, 460.0 / 560, "all nrr")
        expectClose(all.grr, 390.0 / 560, "all grr")
        expectClose(all.logoRetention, 0.5, "all logos")
        // CLTV = (560/6) x 0.8 / (1 - 0.5^(4/3)) over a 3-quarter window.
        expectClose(all.cltv, (560.0 / 6) * 0.8 / (1 - pow(0.5, 4.0 / 3)), "all cltv")
        let allGood = try #require(t.row(segment: "all", cohort: "good-fit"))
        expectClose(allGood.nrr, 460.0 / 530, "all good nrr")
        expectClose(allGood.grr, 390.0 / 530, "all good grr")
        let allPositive = try #require(t.row(segment: "all", cohort: "good-fit positive"))
        expectClose(allPositive.nrr, 210.0 / 200, "all positive nrr")
        expectClose(allPositive.grr, 190.0 / 200, "all positive grr")
        // Row order: segments ascending, roll-up last; bad-fit first within each block.
        #expect(t.rows.map(\.segment) == Array(repeating: "ent", count: 7) + Array(repeating: "smb", count: 7) + Array(repeating: "all", count: 7))
        #expect(t.rows.prefix(7).map(\.cohort) == Cohort.allCases.map(\.label) + ["good-fit", "all"])
        #expect(t.windowPeriods == 3)
    }

    /// A window of one period: only that period's flags count.
    @Test func singlePeriodWindow() throws {
        let panel = WindowFixture.panel()
        let t = WindowMetrics.cohortTable(
            panel: panel, index: PanelIndex(panel), first: Period(year: 2025, quarter: 2),
            last: Period(year: 2025, quarter: 2), grossMargin: 1
        ) { _ in .goodFitNeutral }
        let all = try #require(t.row(segment: "all", cohort: "all"))
        // Members at Q2: A 120 (con 10), B 60 (churns), D 200 (exp 50), E 80 (con 20), F 40. Start 500.
        #expect(all.tally.startCustomers == 5)
        expectClose(all.nrr, (500.0 + 50 - 30 - 60) / 500, "q2 nrr")
        expectClose(all.logoRetention, 0.8, "q2 logos")
    }

    @Test func tableEncodesToJSON() throws {
        let data = try JSONEncoder().encode(WindowFixture.table())
        let back = try JSONDecoder().decode(CohortTable.self, from: data)
        #expect(back == WindowFixture.table())
    }
}
