import BearingMetrics
import BearingPanel
import BearingVector
import Foundation
import Testing
import _TestSupport

@testable import BearingCalibration

@Suite struct BacktestTests {
    static let panel = SyntheticChurnPanel.make(customers: 1000, periods: 6, seed: 3)

    @Test func walkForwardUsesOnlyThePast() throws {
        let panel = Self.panel
        let options = BacktestOptions(calibration: CalibrationOptions(candidateCs: [0.1, 10], bearingVersion: "test"))
        let report = try Backtest.run(panel, options: options)
        let periods = panel.distinctPeriods
        #expect(report.periods.map(\.period) == Array(periods.dropFirst(2)))
        for p in report.periods {
            #expect(p.trainingPeriods.allSatisfy { $0 < p.period })
            #expect(p.trainingPeriods.count == periods.firstIndex(of: p.period)!)
            #expect(p.results.map(\.model) == [.vector, .logistic, .health])
        }
        // Pooled rows = sum of the periods' rows, for each model.
        let total = report.periods.reduce(0) { $0 + $1.rows }
        #expect(report.overall.allSatisfy { $0.metrics.rows == total })
        // The link is real: every model ranks churners well above chance out of time.
        for r in report.overall { #expect(r.metrics.auc > 0.7, "\(r.model) AUC \(r.metrics.auc)") }
        // One period's metrics recomputed directly from a fit on the periods before it.
        let last = try #require(report.periods.last)
        let train = PanelRows.rows(of: panel, in: Set(last.trainingPeriods))
        let test = PanelRows.rows(of: panel, in: [last.period])
        let fit = try Calibrator.calibrate(panel, model: .logistic, rows: train, options: options.calibration)
        let scored = try Scoring.score(panel, rows: test, weights: fit.weights)
        let auc = try ClassifierMetrics.auc(labels: test.map { panel.churned[Int($0)] }, scores: scored.probabilities)
        // The backtest's fit warm-starts from the previous period's; this one starts cold.
        #expect(abs(last.results[1].metrics.auc - auc) < 1e-6)
        // JSON is complete and stable.
        let json = try report.jsonData()
        #expect(try report.jsonData() == json)
        let decoded = try JSONDecoder().decode(BacktestReport.self, from: json)
        #expect(decoded.periods.count == report.periods.count)
        let table = report.renderTable()
        #expect(table.contains("overall  vector"))
        #expect(table.contains("Churn by cohort"))
        #expect(table.contains("vector vs health: "))
        #expect(report.overall.allSatisfy { $0.reliability.count > 3 && $0.roc.count > 10 && $0.roc.count <= 102 })
        #expect(report.periods.allSatisfy { $0.results.allSatisfy { $0.roc.isEmpty } })
    }

    /// Same bytes whatever the number of threads in the Newton passes and the scoring kernel.
    @Test func reportDoesNotDependOnThreads() throws {
        let panel = SyntheticChurnPanel.make(customers: 400, periods: 4, seed: 5)
        func run(_ threads: Int) throws -> Data {
            let options = BacktestOptions(
                models: [.vector, .health],
                calibration: CalibrationOptions(candidateCs: [1], threads: threads, bearingVersion: "test"))
            return try Backtest.run(panel, options: options).jsonData()
        }
        #expect(try run(1) == run(2))
    }

    /// The default three models, C grid and bootstrap (models and periods scored in parallel,
    /// radix-sorted metrics, skipped last Hessians): the same bytes on 1, 2 or 3 threads.
    @Test func defaultBacktestDoesNotDependOnThreads() throws {
        let panel = SyntheticChurnPanel.make(customers: 600, periods: 5, seed: 9)
        func run(_ threads: Int) throws -> Data {
            let options = BacktestOptions(
                calibration: CalibrationOptions(threads: threads, bearingVersion: "test"), bootstrap: BootstrapSettings(resamples: 200))
            return try Backtest.run(panel, options: options).jsonData()
        }
        let one = try run(1)
        #expect(try run(2) == one)
        #expect(try run(3) == one)
    }

    @Test func rollingWindowAndParsing() throws {
        #expect(BacktestWindow(argument: "rolling:3") == .rolling(3))
        #expect(BacktestWindow(argument: "expanding") == .expanding)
        #expect(BacktestWindow(argument: "rolling:0") == nil)
        #expect(BacktestWindow(argument: "rolling") == nil)
        let options = BacktestOptions(
            models: [.logistic], window: .rolling(2), calibration: CalibrationOptions(candidateCs: [0.1, 10], bearingVersion: "test"))
        let report = try Backtest.run(Self.panel, options: options)
        #expect(report.periods.allSatisfy { $0.trainingPeriods.count == 2 })
        #expect(report.periods.allSatisfy { $0.trainingPeriods.last == $0.period.advanced(by: -1) })
    }

    @Test func tooFewPeriodsIsAnError() throws {
        let short = SyntheticChurnPanel.make(customers: 50, periods: 2)
        #expect(throws: CalibrationError.self) {
            try Backtest.run(short, options: BacktestOptions(calibration: CalibrationOptions(candidateCs: [0.1, 10], bearingVersion: "test")))
        }
    }
}
