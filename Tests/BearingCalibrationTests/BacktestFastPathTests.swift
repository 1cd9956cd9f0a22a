import BearingMetrics
import BearingPanel
import BearingVector
import Foundation
import Testing
import _TestSupport

@testable import BearingCalibration

/// The walk-forward's fast path (one `FitSession`: fits warm-started from the previous
/// period's, the vector's validation folds fitted once and shared by later periods, fits run in
/// parallel batches) against fitting every forecast period from scratch: `Calibrator.calibrate`
/// on that period's training rows alone (a fresh session: cold starts, no shared folds) and
/// scoring its rows. Newton stops at a mean gradient of 1e-10 per row, so both reach the same
/// optimum to ~1e-9 in the coefficients: the same C every period, and metrics within 1e-6.
@Suite struct BacktestFastPathTests {
    static let panel = SyntheticChurnPanel.make(customers: 800, periods: 7, seed: 11)
    static let calibration = CalibrationOptions(candidateCs: [0.01, 0.1, 1, 10], threads: 2, bearingVersion: "test")

    @Test(arguments: [BacktestWindow.expanding, .rolling(3)])
    func matchesFittingEveryPeriodFromScratch(window: BacktestWindow) throws {
        let panel = Self.panel
        let report = try Backtest.run(panel, options: BacktestOptions(window: window, calibration: Self.calibration, bootstrap: .off))
        #expect(report.periods.count == 5)
        for p in report.periods {
            let train = PanelRows.rows(of: panel, in: Set(p.trainingPeriods))
            let test = PanelRows.rows(of: panel, in: [p.period])
            let labels = test.map { panel.churned[Int($0)] }
            for r in p.results {
                let fit = try Calibrator.calibrate(panel, model: r.model, rows: train, options: Self.calibration)
                let scored = try Scoring.score(panel, rows: test, weights: fit.weights)
                let scratch = try ClassifierSummary(labels: labels, probabilities: scored.probabilities)
                let what = "\(p.period.label) \(r.model.rawValue)"
                #expect(r.c == fit.report.c, "\(what): C")
                #expect(abs(r.metrics.auc - scratch.auc) <= 1e-6, "\(what): AUC \(r.metrics.auc) vs \(scratch.auc)")
                #expect(abs(r.metrics.brier - scratch.brier) <= 1e-6, "\(what): Brier")
                #expect(abs(r.metrics.logLoss - scratch.logLoss) <= 1e-6, "\(what): log loss")
                #expect(
                    r.churnByCategory.map(\.rows) == GroupRates.byCategory(categories: scored.categories, labels: labels).map(\.rows),
                    "\(what): categories")
            }
        }
    }

    /// Bit-identical reports for 1, 2 and 3 threads, three models, bootstrap on: batches and
    /// warm starts are chosen before any thread runs, and each fit's sums run in a fixed order.
    @Test func identicalForAnyThreadCount() throws {
        let panel = SyntheticChurnPanel.make(customers: 500, periods: 6, seed: 12)
        func run(_ threads: Int) throws -> Data {
            let options = BacktestOptions(
                calibration: CalibrationOptions(candidateCs: [0.01, 1, 100], threads: threads, bearingVersion: "test"),
                bootstrap: BootstrapSettings(resamples: 100, seed: 3))
            return try Backtest.run(panel, options: options).jsonData()
        }
        let one = try run(1)
        #expect(try run(2) == one)
        #expect(try run(3) == one)
    }

    /// A warm start from another problem's solution reaches scikit-learn's coefficients (the
    /// `reference.json` fits) as closely as a cold start does, in fewer Newton steps.
    @Test func warmStartReachesTheSameOptimum() throws {
        let reference = try FixtureData.reference()
        let strong = reference.fits[1]  // basic.csv, C = 0.01
        let weak = reference.fits[0]  // basic.csv, C = 1
        let table = try FixtureData.table(weak.fixture)
        let x = try FeatureStandardization(names: table.names, columns: table.columns).apply(to: table.columns)
        let cold = try LogisticRegression.fit(x, labels: table.labels, options: LogisticOptions(c: weak.C))
        let warm = try LogisticRegression.fit(
            x, labels: table.labels, options: LogisticOptions(c: weak.C), start: [strong.intercept] + strong.coefficients)
        let near = try LogisticRegression.fit(
            x, labels: table.labels, options: LogisticOptions(c: weak.C), start: [cold.intercept + 1e-3] + cold.coefficients.map { $0 * 1.001 })
        for fit in [warm, near] {
            #expect(fit.converged)
            #expect(abs(fit.intercept - weak.intercept) < 1e-6)
            for j in 0..<6 { #expect(abs(fit.coefficients[j] - weak.coefficients[j]) < 1e-6) }
            for j in 0..<6 { #expect(abs(fit.coefficients[j] - cold.coefficients[j]) < 1e-9) }
        }
        #expect(near.iterations < cold.iterations, "near start \(near.iterations) vs cold \(cold.iterations) Newton steps")
        // A start of the wrong size is ignored.
        let ignored = try LogisticRegression.fit(x, labels: table.labels, options: LogisticOptions(c: weak.C), start: [0, 1])
        #expect(ignored == cold)
    }

    /// The C path runs outward from the Cs already solved on a range (in a walk-forward, the
    /// previous forecast's chosen C), each next C adjacent to one solved, ties to the smaller.
    @Test func cPathRunsOutwardFromSolvedCs() {
        let data = PeriodOrderedRows(panel: Self.panel, rows: Array(0..<Int32(Self.panel.rowCount)))
        var session = FitSession(data: data, options: Self.calibration, walkForward: true)
        func key(_ c: Double, upper: Int = 3) -> FitSession.Key { FitSession.Key(model: .vector, lower: 0, upper: upper, c: c) }
        let cs = [0.001, 0.01, 0.1, 1, 10, 100, 10_000]
        #expect(session.pathOrder(cs.reversed().map { key($0) }).map(\.c) == cs, "none solved: strongest penalty first")
        session.solutions[key(1000)] = [0, 0]
        session.solutions[key(1, upper: 2)] = [0, 0]
        #expect(session.pathOrder(cs.map { key($0) }).map(\.c) == [100, 10, 1, 0.1, 0.01, 0.001, 10_000])
    }
}
