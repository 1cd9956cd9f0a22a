import BearingCalibration
import BearingContracts
import BearingPanel
import BearingPipeline
import BearingVector
import Foundation
import Testing
import _TestSupport

/// The evaluator against `Backtest` and `ClassifierMetrics` (checked against scikit-learn) on the
/// same rows and weights. Tolerance: none — the metrics are the same bits, because the scores
/// come from the same kernel and every sum runs in the same order (`RankedScores`' contract).
@Suite struct EvaluatorTests {
    static let history = HistoryInput(
        panel: SyntheticChurnPanel.make(customers: 1200, periods: 6, seed: 3), path: "synthetic.csv", sha256: "sha256:test")
    static let calibration = CalibrationOptions(
        candidateCs: [0.1, 10], bearingVersion: BearingVersion.current, dataFile: "synthetic.csv", dataHash: "sha256:test")

    static func same(_ a: Double, _ b: Double) -> Bool { a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN) }

    static func same(_ a: [GroupRate], _ b: [GroupRate]) -> Bool {
        a.count == b.count
            && zip(a, b).allSatisfy {
                $0.group == $1.group && $0.rows == $1.rows && $0.churned == $1.churned && same($0.churnRate, $1.churnRate)
                    && same($0.meanProbability, $1.meanProbability)
            }
    }

    /// A one-period window is one backtest period: the same fits and the same numbers.
    @Test func onePeriodWindowIsTheBacktestPeriod() throws {
        let panel = Self.history.panel
        let report = try Backtest.run(
            panel, options: BacktestOptions(models: [.vector, .health], calibration: Self.calibration))
        let period = try #require(report.periods.last)
        let evaluator = try Evaluator(
            history: Self.history, calibrated: nil,
            options: Evaluator.Options(from: period.period.label, to: period.period.label, threads: 2, c: nil),
            calibration: Self.calibration)
        #expect(evaluator.window.rows == period.rows)
        #expect(evaluator.window.trainingPeriods == period.trainingPeriods)
        for (result, metrics) in [(period.results[0], evaluator.calibratedMetrics), (period.results[1], evaluator.healthMetrics)] {
            #expect(Self.same(metrics.auc, result.metrics.auc), "\(result.model) AUC")
            #expect(Self.same(metrics.brier, result.metrics.brier), "\(result.model) Brier")
            #expect(Self.same(metrics.logLoss, result.metrics.logLoss), "\(result.model) log loss")
            #expect(Self.same(metrics.topDecileLift, result.metrics.topDecileLift), "\(result.model) lift")
        }
        let evaluated = try evaluator.evaluate(evaluator.calibrated)
        #expect(Self.same(evaluated.churnByCategory, period.results[0].churnByCategory))
        #expect(Self.same(evaluated.churnByCohort, period.results[0].churnByCohort))
        #expect(evaluated.categoryOrderHolds == period.results[0].categoryOrderHolds)
        #expect(Self.same(evaluated.meanProbability, period.results[0].metrics.meanProbability))
    }

    /// A three-period window with hand-edited weights, against `ClassifierSummary` and
    /// `GroupRates` on the scores `Scoring` gives the same rows.
    @Test func editedWeightsMatchClassifierMetrics() throws {
        let evaluator = try Evaluator(
            history: Self.history, calibrated: nil, options: Evaluator.Options(from: "2024-Q4", to: "2025-Q2", threads: 2),
            calibration: Self.calibration)
        var edited = evaluator.calibrated
        let j = try #require(edited.features.firstIndex { $0.name == "outcome.usage_trend" })
        edited.features[j].direction *= -0.5
        edited.thresholds.positiveMagnitude = 0.3
        let result = try evaluator.evaluate(edited)
        let panel = Self.history.panel
        let scored = try Scoring.score(panel, rows: evaluator.rows, weights: edited)
        let labels = evaluator.rows.map { panel.churned[Int($0)] }
        let summary = try ClassifierSummary(labels: labels, probabilities: scored.probabilities)
        #expect(result.window.rows == summary.rows && result.window.churned == summary.churned)
        #expect(Self.same(result.auc, summary.auc))
        #expect(Self.same(result.brier, summary.brier))
        #expect(Self.same(result.logLoss, summary.logLoss))
        #expect(Self.same(result.topDecileLift, summary.topDecileLift))
        #expect(Self.same(result.meanProbability, summary.meanProbability))
        #expect(
            Self.same(
                result.churnByCategory, GroupRates.byCategory(categories: scored.categories, labels: labels, probabilities: scored.probabilities)))
        #expect(Self.same(result.churnByCohort, GroupRates.byCohort(cohorts: scored.cohorts, labels: labels, probabilities: scored.probabilities)))
        // Differences are against the baselines' own evaluations.
        #expect(Self.same(result.versusCalibrated.difference.auc, result.auc - evaluator.calibratedMetrics.auc))
        #expect(Self.same(result.versusHealth.baselineMetrics.brier, evaluator.healthMetrics.brier))
        #expect(result.intervals == nil && result.versusHealth.intervals == nil && result.versusHealth.verdict == nil)
        // The edit changed the ranking.
        #expect(result.auc != evaluator.calibratedMetrics.auc)
        // Every row is on the vector map once.
        #expect(result.vectorMap.counts.reduce(0, +) == result.window.rows)
        #expect(result.vectorMap.churned.reduce(0, +) == result.window.churned)
        // The health score against itself differs by nothing.
        let health = try evaluator.evaluate(evaluator.health)
        #expect(health.versusHealth.difference.auc == 0 && health.versusHealth.difference.brier == 0)
    }

    @Test func evaluationIsTheSameForAnyThreadCount() throws {
        let one = try Evaluator(history: Self.history, calibrated: nil, options: .init(threads: 1), calibration: Self.calibration)
        let two = try Evaluator(history: Self.history, calibrated: one.calibrated, options: .init(threads: 2), calibration: Self.calibration)
        #expect(try ContractJSON.encode(one.evaluate(one.health)) == ContractJSON.encode(two.evaluate(one.health)))
    }

    /// "Calibrate from here" keeps the hand-set axes and fits the link: on the training rows it
    /// does at least as well as the edited weights with their old link.
    @Test func calibrateFromHereKeepsTheAxes() throws {
        let evaluator = try Evaluator(history: Self.history, calibrated: nil, options: .init(threads: 2), calibration: Self.calibration)
        var start = evaluator.calibrated
        for j in start.features.indices where start.features[j].group == .outcome { start.features[j].direction *= 2 }
        let fitted = try evaluator.calibrate(from: start)
        #expect(fitted.features.map(\.direction) == start.features.map(\.direction))
        #expect(fitted.features.map(\.magnitude) == start.features.map(\.magnitude))
        #expect(fitted.churnLink != start.churnLink)
        #expect(fitted.provenance.source == "hand-tuned")
        let panel = Self.history.panel
        let rows = evaluator.trainingRows
        let labels = rows.map { panel.churned[Int($0)] }
        func loss(_ w: Weights) throws -> Double {
            try ClassifierMetrics.logLoss(labels: labels, probabilities: Scoring.score(panel, rows: rows, weights: w).probabilities)
        }
        #expect(try loss(fitted) <= loss(start) + 1e-9)
        // The doubled axis needs about half the link coefficient.
        #expect(abs(fitted.churnLink.direction / start.churnLink.direction - 0.5) < 0.05)
    }

    @Test func windowsThatCannotBeEvaluatedAreErrors() throws {
        for (from, to) in [("2024-Q1", "2025-Q2"), ("2025-Q2", "2025-Q1"), ("2030-Q1", nil), ("2024-05", nil)] as [(String, String?)] {
            #expect(throws: ContractError.self, "\(from)...\(to ?? "")") {
                _ = try Evaluator(history: Self.history, calibrated: nil, options: .init(from: from, to: to), calibration: Self.calibration)
            }
        }
    }

    @Test func weightsTheHistoryLacksAreErrors() throws {
        let evaluator = try Evaluator(history: Self.history, calibrated: nil, options: .init(), calibration: Self.calibration)
        var foreign = evaluator.calibrated
        foreign.features[0].name = "outcome.not_in_history"
        #expect(throws: (any Error).self) { try evaluator.evaluate(foreign) }
        var huge = evaluator.calibrated
        // Float sums overflow to +inf and -inf, whose sum is NaN.
        huge.directionBias = 1e300
        let j = try #require(huge.features.firstIndex { $0.group == .outcome })
        huge.features[j].direction = -1e300
        #expect(throws: EvaluationError.self) { try evaluator.evaluate(huge) }
    }
}
