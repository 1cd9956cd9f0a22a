import BearingPanel
import BearingVector
import Testing
import _TestSupport

@testable import BearingCalibration

/// Rows whose outcome is unknown are never trained or tested on: calibrating on rows that
/// include them gives the weights of the same rows without them, and a backtest skips a
/// period that is still running.
@Suite struct UnknownOutcomeTrainingTests {
    static func panelWithOpenLastPeriod() -> (HistoryPanel, Period) {
        var panel = SyntheticChurnPanel.make(customers: 600, periods: 5, seed: 9)
        let last = panel.distinctPeriods.last ?? Period(year: 2024, quarter: 1)
        for r in 0..<panel.rowCount where panel.period[r] == last { panel.markOutcomeUnknown(r) }
        return (panel, last)
    }

    @Test(arguments: [ModelKind.vector, .logistic, .health])
    func calibrationSkipsUnknownRows(model: ModelKind) throws {
        let (panel, last) = Self.panelWithOpenLastPeriod()
        let options = CalibrationOptions(c: 1, bearingVersion: "test")
        let all = (0..<Int32(panel.rowCount)).map { $0 }
        let known = all.filter { panel.period[Int($0)] != last }
        let withUnknown = try Calibrator.calibrate(panel, model: model, rows: all, options: options)
        let withoutUnknown = try Calibrator.calibrate(panel, model: model, rows: known, options: options)
        #expect(withUnknown.weights == withoutUnknown.weights)
        #expect(withUnknown.report.trainingRows == known.count)
    }

    @Test func backtestSkipsTheOpenPeriod() throws {
        let (panel, last) = Self.panelWithOpenLastPeriod()
        let options = BacktestOptions(models: [.logistic], calibration: CalibrationOptions(c: 1, bearingVersion: "test"))
        let report = try Backtest.run(panel, options: options)
        #expect(!report.periods.map(\.period).contains(last))
        #expect(report.skipped.map(\.period) == [last])
        #expect(report.skipped.first?.reason.contains("still running") == true)
    }

    /// The vector never uses `attribute.*` columns (the baselines may: `HonestBaselineTests`).
    @Test func attributeColumnsDoNotChangeTheVector() throws {
        let panel = SyntheticChurnPanel.make(customers: 400, periods: 4, seed: 2)
        var withAttribute = panel
        withAttribute.features.append(
            FeatureColumn(
                name: "attribute.seats", group: .attribute, values: (0..<panel.rowCount).map { Float($0 % 7) }))
        let rows = (0..<Int32(panel.rowCount)).map { $0 }
        let options = CalibrationOptions(c: 1, bearingVersion: "test")
        let a = try Calibrator.calibrate(panel, model: .vector, rows: rows, options: options)
        let b = try Calibrator.calibrate(withAttribute, model: .vector, rows: rows, options: options)
        #expect(a.weights == b.weights)
    }
}
