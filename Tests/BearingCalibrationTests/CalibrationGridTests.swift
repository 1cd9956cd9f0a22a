import BearingPanel
import BearingVector
import Foundation
import Testing
import _TestSupport

@testable import BearingCalibration

/// The vector's C chosen at the edge of its grid: the grid widens, and the report says where C
/// ended up.
@Suite struct CalibrationGridTests {
    /// The synthetic book with churn drawn independently of every feature (10%): the strongest
    /// penalty validates best, whatever the grid.
    static func noisePanel() -> HistoryPanel {
        var panel = SyntheticChurnPanel.make(customers: 1_500, periods: 6, seed: 31)
        var rng = SyntheticChurnPanel.SplitMix(state: 77)
        for r in 0..<panel.rowCount { panel.churned[r] = rng.uniform() < 0.1 }
        return panel
    }

    @Test func lowerEdgeWidensTheGridAndSaysSo() throws {
        let panel = Self.noisePanel()
        let rows = Array(0..<Int32(panel.rowCount))
        let options = CalibrationOptions(candidateCs: [0.01, 1, 100], threads: 2, bearingVersion: "test")
        let report = try Calibrator.calibrate(panel, model: .vector, rows: rows, options: options).report
        let tried = report.crossValidation.map(\.c)
        #expect(tried == tried.sorted())
        #expect(tried.count > 3 && tried.first! < 0.01, "grid \(tried)")
        #expect(try #require(report.c) < 0.01)
        #expect(
            report.notes.contains { $0.contains("smallest C tried after widening the grid") || $0.contains("lies outside the grid") },
            "\(report.notes)")
        // At most three decades below the grid.
        #expect(tried.first! >= 0.01 / 1_000 * (1 - 1e-12))

        // Without widening, the edge is kept and named.
        var fixed = options
        fixed.widensGrid = false
        let kept = try Calibrator.calibrate(panel, model: .vector, rows: rows, options: fixed).report
        #expect(kept.crossValidation.map(\.c) == [0.01, 1, 100])
        #expect(kept.c == 0.01)
        #expect(kept.notes.contains { $0.hasPrefix("C = 0.01 is the smallest C tried: the strongest penalty validates best") }, "\(kept.notes)")
    }

    @Test func upperEdgeWidensUpward() throws {
        let panel = SyntheticChurnPanel.make(customers: 1_500, periods: 6, seed: 32)
        let rows = Array(0..<Int32(panel.rowCount))
        let options = CalibrationOptions(candidateCs: [0.0001, 0.001], threads: 2, bearingVersion: "test")
        let report = try Calibrator.calibrate(panel, model: .vector, rows: rows, options: options).report
        #expect(try #require(report.c) > 0.001)
        #expect(report.crossValidation.count > 2)
        #expect(report.notes.contains { $0.contains("C = \(report.c!)") }, "\(report.notes)")
        // A single-value grid is the user's choice: no widening, no note.
        let single = try Calibrator.calibrate(
            panel, model: .vector, rows: rows, options: CalibrationOptions(candidateCs: [0.001], bearingVersion: "test")
        ).report
        #expect(single.crossValidation.map(\.c) == [0.001] && !single.notes.contains { $0.contains("C tried") })
    }
}
