import BearingMetrics
import BearingPanel
import BearingVector
import Foundation
import Testing
import _TestSupport

@testable import BearingCalibration

/// A one-period snapshot (one row per customer and a churn flag): a walk-forward has nothing to
/// forecast and says so; the customer split validates it out of sample.
@Suite struct SnapshotBacktestTests {
    static let snapshot = SyntheticChurnPanel.make(customers: 1_500, periods: 1, seed: 21)
    static let calibration = CalibrationOptions(candidateCs: [0.01, 1, 100], threads: 2, bearingVersion: "test")

    @Test func walkForwardOnASnapshotIsAnErrorThatNamesTheSplit() throws {
        #expect(Self.snapshot.distinctPeriods.count == 1)
        do {
            _ = try Backtest.run(Self.snapshot, options: BacktestOptions(calibration: Self.calibration))
            Issue.record("a walk-forward on one period must throw")
        } catch {
            guard case .nothingBacktested = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(error.description.hasPrefix("nothing was backtested: the history has one period"))
            #expect(error.description.contains("--split customers:5"))
        }
        // Every forecast period skipped (both still running): also an error, with the reasons.
        var open = SyntheticChurnPanel.make(customers: 300, periods: 4, seed: 2)
        let late = open.distinctPeriods.suffix(2)
        for r in 0..<open.rowCount where late.contains(open.period[r]) { open.markOutcomeUnknown(r) }
        #expect {
            try Backtest.run(open, options: BacktestOptions(models: [.logistic], calibration: Self.calibration))
        } throws: { error in
            let text = (error as? CalibrationError)?.description ?? ""
            return text.contains("every forecast period was skipped") && text.contains("still running") && text.contains("--split customers:5")
        }
    }

    @Test func customerSplitValidatesOutOfSample() throws {
        let panel = Self.snapshot
        let options = BacktestOptions(
            calibration: Self.calibration, bootstrap: BootstrapSettings(resamples: 200, seed: 5), split: .customers(folds: 5),
            splitSeed: 42)
        let report = try Backtest.run(panel, options: options)
        #expect(report.split == .customers(folds: 5))
        #expect(report.validation.hasPrefix("out-of-sample, not out-of-time"))
        #expect(report.periods.isEmpty && report.folds.count == 5)
        // Every customer is judged exactly once, by a model that never saw it.
        #expect(report.folds.reduce(0) { $0 + $1.rows } == panel.rowCount)
        #expect(report.folds.reduce(0) { $0 + $1.customers } == panel.customerIDs.count)
        #expect(report.folds.allSatisfy { $0.trainingRows + $0.rows == panel.rowCount })
        #expect(report.overall.allSatisfy { $0.metrics.rows == panel.rowCount })
        // The link is real, so every model ranks churners out of sample.
        for r in report.overall { #expect(r.metrics.auc > 0.7, "\(r.model) AUC \(r.metrics.auc)") }
        // One training period: the vector chose C on inner customer folds, not "C = 1 by default".
        let vector = try #require(report.folds.first?.results.first { $0.model == .vector })
        #expect(vector.c != nil)
        #expect(!report.notes.contains { $0.contains("no cross-validation possible") })
        #expect(report.overall.first { $0.model == .vector }?.estimates.auc.interval != nil)
        let table = report.renderTable()
        #expect(table.contains("OUT OF SAMPLE, NOT OUT OF TIME"))
        #expect(table.contains("fold 5   vector"))
        let json = String(decoding: try report.jsonData(), as: UTF8.self)
        #expect(json.contains("\"split\" : \"customers:5\""))
        #expect(json.contains("out-of-sample, not out-of-time"))
        let decoded = try JSONDecoder().decode(BacktestReport.self, from: Data(json.utf8))
        #expect(decoded.folds == report.folds && decoded.split == report.split)
        // Seeded and deterministic.
        #expect(try Backtest.run(panel, options: options).jsonData() == report.jsonData())
    }

    /// Stratified: churned customers spread over the folds within one, and so do all customers.
    @Test func foldsAreStratifiedAndSeeded() throws {
        let panel = Self.snapshot
        let rows = Array(0..<Int32(panel.rowCount))
        let a = try CustomerFolds(panel: panel, rows: rows, k: 5, seed: 1)
        let b = try CustomerFolds(panel: panel, rows: rows, k: 5, seed: 1)
        let c = try CustomerFolds(panel: panel, rows: rows, k: 5, seed: 2)
        #expect(a.foldOfCustomer == b.foldOfCustomer)
        #expect(a.foldOfCustomer != c.foldOfCustomer)
        #expect((a.customers.max() ?? 0) - (a.customers.min() ?? 0) <= 1)
        var churnedPerFold = [Int](repeating: 0, count: 5)
        for r in 0..<panel.rowCount where panel.churned[r] { churnedPerFold[Int(a.foldOfCustomer[Int(panel.customer[r])])] += 1 }
        #expect((churnedPerFold.max() ?? 0) - (churnedPerFold.min() ?? 0) <= 1, "\(churnedPerFold)")
        // Folds follow customer ids, not the order customers appear in: reversed dictionaries, same folds.
        var reversed = panel
        let n = Int32(panel.customerIDs.count)
        reversed.customerIDs = panel.customerIDs.reversed()
        reversed.customer = panel.customer.map { n - 1 - $0 }
        let r = try CustomerFolds(panel: reversed, rows: rows, k: 5, seed: 1)
        for (i, id) in reversed.customerIDs.enumerated() {
            let original = try #require(panel.customerIDs.firstIndex(of: id))
            #expect(r.foldOfCustomer[i] == a.foldOfCustomer[original])
        }
        // Too few churners for the folds: an error that says what to do.
        #expect(throws: CalibrationError.self) {
            try CustomerFolds(panel: SyntheticChurnPanel.make(customers: 20, periods: 1, seed: 1), rows: Array(0..<20), k: 10, seed: 1)
        }
        #expect(BacktestSplit(argument: "customers:5") == .customers(folds: 5))
        #expect(BacktestSplit(argument: "periods") == .periods)
        #expect(BacktestSplit(argument: "customers:1") == nil)
        #expect(BacktestSplit(argument: "customers") == nil)
    }
}
