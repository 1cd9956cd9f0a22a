import BearingPanel
import BearingVector
import Foundation
import Testing
import _TestSupport

@testable import BearingCalibration

/// `renewalsOnly`: only rows whose renewal date falls in their period are judged.
@Suite struct RenewalBacktestTests {
    /// The synthetic book on annual contracts: customer c renews at the end of quarter c mod 4
    /// of each year; every 11th customer's renewal date is unknown.
    static func panelWithContracts() -> HistoryPanel {
        var panel = SyntheticChurnPanel.make(customers: 1_200, periods: 7, seed: 41)
        var contracts = ContractColumns()
        for r in 0..<panel.rowCount {
            let c = Int(panel.customer[r])
            let period = panel.period[r]
            guard c % 11 != 0 else {
                contracts.append(termMonths: 12, renewal: nil)
                continue
            }
            // Quarters until this customer's renewal quarter (0 when it renews this quarter).
            let wait = ((c % 4) - (period.subperiod - 1) + 4) % 4
            let lastMonth = period.firstMonthIndex + 3 * wait + 2
            contracts.append(termMonths: 12, renewal: CalendarDate(lastDayOfMonthIndex: lastMonth))
        }
        panel.contracts = contracts
        return panel
    }

    @Test func judgesOnlyRowsUpForRenewal() throws {
        let panel = Self.panelWithContracts()
        let calibration = CalibrationOptions(candidateCs: [1], threads: 2, bearingVersion: "test")
        let all = try Backtest.run(panel, options: BacktestOptions(models: [.logistic, .health], calibration: calibration, bootstrap: .off))
        let renewals = try Backtest.run(
            panel, options: BacktestOptions(models: [.logistic, .health], calibration: calibration, bootstrap: .off, renewalsOnly: true))
        #expect(renewals.renewalsOnly && !all.renewalsOnly)
        for (p, q) in zip(all.periods, renewals.periods) {
            #expect(p.period == q.period && p.trainingRows == q.trainingRows)
            let expected = PanelRows.rows(of: panel, in: [p.period]).filter { r in
                let c = Int(panel.customer[Int(r)])
                return c % 11 != 0 && c % 4 == panel.period[Int(r)].subperiod - 1
            }
            #expect(q.rows == expected.count, "\(q.period.label)")
            #expect(q.rows < p.rows)
        }
        let note = try #require(renewals.notes.last)
        #expect(note.hasPrefix("renewals only: "))
        #expect(renewals.renderTable().contains("renewals only"))
        // Without contract columns the option is an error that names them.
        #expect {
            try Backtest.run(
                SyntheticChurnPanel.make(customers: 100, periods: 4),
                options: BacktestOptions(models: [.health], calibration: calibration, renewalsOnly: true))
        } throws: { error in
            (error as? CalibrationError)?.description.contains("contract_term_months and renewal_date") == true
        }
    }
}
