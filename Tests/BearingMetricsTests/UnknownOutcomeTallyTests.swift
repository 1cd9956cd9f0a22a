import BearingPanel
import Testing
import _TestSupport

@testable import BearingMetrics

/// Rows whose outcome is unknown (a period still running) are skipped by the retention
/// tallies exactly as if they were absent.
@Suite struct UnknownOutcomeTallyTests {
    @Test func unknownRowsCountAsAbsent() {
        var panel = WindowFixture.panel()
        // E churned in Q3 and B in Q2: with those outcomes unknown, E keeps its Q2 contraction
        // and is retained, B is retained with its Q1 expansion.
        let unknown = (0..<panel.rowCount).filter {
            let c = panel.customerIDs[Int(panel.customer[$0])]
            return (c == "E" && panel.period[$0] == Period(year: 2025, quarter: 3))
                || (c == "B" && panel.period[$0] == Period(year: 2025, quarter: 2))
        }
        #expect(unknown.count == 2)
        for r in unknown { panel.markOutcomeUnknown(r) }
        let absent = panel.keepingRows { !unknown.contains($0) }
        func table(_ p: HistoryPanel) -> CohortTable {
            WindowMetrics.cohortTable(
                panel: p, index: PanelIndex(p), first: Period(year: 2025, quarter: 1), last: Period(year: 2025, quarter: 3),
                grossMargin: 0.8
            ) { row in WindowFixture.cohorts[Int(p.customer[row])] }
        }
        let withUnknown = table(panel)
        #expect(withUnknown == table(absent))
        #expect(withUnknown != WindowFixture.table())
        let all = withUnknown.rows.last { $0.segment == CohortTable.allLabel && $0.cohort == CohortTable.allLabel }
        // Members A B C D E G; churned only C (30).
        #expect(all?.tally.startCustomers == 6 && all?.tally.retainedCustomers == 5)
    }

    @Test func aMemberWhoseFirstRowIsUnknownIsNoMember() {
        var panel = WindowFixture.panel()
        let g = (0..<panel.rowCount).first { panel.customerIDs[Int(panel.customer[$0])] == "G" } ?? 0
        panel.markOutcomeUnknown(g)
        let rows = PanelIndex(panel).rowsByCustomer[Int(panel.customer[g])]
        #expect(
            WindowMetrics.customerWindow(
                panel: panel, rowsOfCustomer: rows, first: Period(year: 2025, quarter: 1), last: Period(year: 2025, quarter: 3)) == nil)
    }
}
