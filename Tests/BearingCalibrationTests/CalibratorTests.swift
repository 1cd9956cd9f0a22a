import BearingPanel
import BearingVector
import Foundation
import Testing
import _TestSupport

@testable import BearingCalibration

@Suite struct CalibratorTests {
    static let panel = SyntheticChurnPanel.make()
    /// A three-point grid keeps the debug-build tests quick; the default grid has six points.
    static let options = CalibrationOptions(candidateCs: [0.01, 1, 100], bearingVersion: "test")

    /// The logistic weights, scored by the Float32 SIMD kernel, give the probabilities of the
    /// Double fit on the same rows (kernel contract: ~1e-6).
    @Test func logisticWeightsScoreLikeTheFit() throws {
        let panel = Self.panel
        let rows = PanelRows.rows(of: panel, through: Period(year: 2025, quarter: 1))
        let result = try Calibrator.calibrate(panel, model: .logistic, rows: rows, options: Self.options)
        #expect(result.weights.kind == .logistic)
        #expect(result.report.converged)
        let set = try TrainingSet(panel: panel, rows: rows, featureIndices: Array(panel.features.indices))
        let fit = try LogisticRegression.fit(set.x, labels: set.labels, options: LogisticOptions(c: 1))
        let exact = LogisticRegression.probabilities(set.x, fit: fit)
        let scored = try Scoring.score(panel, rows: rows, weights: result.weights)
        let worst = zip(exact, scored.probabilities).map { abs($0 - $1) }.max() ?? 1
        #expect(worst < 2e-5)
        // The calibration sums rows in period order, this fit in row order: the same optimum to ~1e-9.
        for (w, b) in zip(result.weights.features.map(\.churn), fit.coefficients) { #expect(abs(w - b) < 1e-8) }
        // Round trip through the weights JSON.
        let decoded = try Weights(jsonData: result.weights.jsonData())
        #expect(decoded == result.weights)
    }

    /// Health: signs from the training data's direction (names only break ties); the 1-D link
    /// with an intercept is calibrated in the large (Σ p = Σ y at the maximum-likelihood estimate).
    @Test func healthSignsAndCalibrationInTheLarge() throws {
        let panel = Self.panel
        let rows = PanelRows.rows(of: panel, through: Period(year: 2025, quarter: 1))
        let result = try Calibrator.calibrate(panel, model: .health, rows: rows, options: Self.options)
        let signs = Dictionary(uniqueKeysWithValues: result.report.signs.map { ($0.feature, ($0.sign, $0.source)) })
        #expect(signs["outcome.usage_trend"]! == (1, .correlation))
        #expect(signs["experience.ces"]! == (-1, .correlation))
        #expect(signs["engagement.days_since_contact"]! == (-1, .correlation))
        // signal_x = −a + noise: more of it means more churn, so its learned sign is −1.
        #expect(signs["outcome.signal_x"]! == (-1, .correlation))
        let k = Double(panel.features.count)
        let churnWeights = result.weights.features.map(\.churn)
        // Equal weights: every |churn_j| is the same slope / K, with the slope negative (health keeps customers).
        let slope = -abs(churnWeights[0]) * k
        for (w, f) in zip(churnWeights, result.weights.features) {
            #expect(abs(w - slope * signs[f.name]!.0 / k) < 1e-12)
        }
        let scored = try Scoring.score(panel, rows: rows, weights: result.weights)
        let churned = rows.reduce(0.0) { $0 + (panel.churned[Int($1)] ? 1 : 0) }
        #expect(abs(scored.probabilities.reduce(0, +) - churned) / churned < 1e-3)
    }

    /// Vector: the fitted direction weights point along the truth (usage and progress load +,
    /// signal_x −), magnitude along nps +/ces −, ghosts churn more, and training churn orders
    /// the categories. C came from cross-validation on training periods only.
    @Test func vectorRecoversStructureAndOrdersCategories() throws {
        let panel = Self.panel
        let rows = PanelRows.rows(of: panel, through: Period(year: 2025, quarter: 2))
        let result = try Calibrator.calibrate(panel, model: .vector, rows: rows, options: Self.options)
        let w = Dictionary(uniqueKeysWithValues: result.weights.features.map { ($0.name, $0) })
        #expect(w["outcome.usage_trend"]!.direction > 0)
        #expect(w["outcome.milestone_progress"]!.direction > 0)
        #expect(w["outcome.signal_x"]!.direction < 0)
        #expect(w["experience.nps"]!.magnitude > 0)
        #expect(w["experience.ces"]!.magnitude < 0)
        #expect(result.weights.churnLink.direction < 0)
        #expect(result.weights.churnLink.magnitude < 0)
        #expect(result.weights.churnLink.ghost > 0.5)
        // The grid is widened when its edge wins, so at least its three values were tried.
        #expect(result.report.crossValidation.count >= Self.options.candidateCs.count)
        #expect(result.report.crossValidation.allSatisfy { $0.folds == 4 })
        #expect(result.report.categoryOrderHolds, "\(result.report.categoryChurn)")
        #expect(result.weights.thresholds.negativeDirection < result.weights.thresholds.positiveDirection)
        try result.weights.validate()
    }

    /// A fit must not see rows after its training periods: changing outcomes in later periods
    /// leaves the weights unchanged.
    @Test func calibrationIgnoresLaterPeriods() throws {
        var panel = Self.panel
        let until = Period(year: 2024, quarter: 4)
        let rows = PanelRows.rows(of: panel, through: until)
        let before = try Calibrator.calibrate(panel, model: .vector, rows: rows, options: Self.options)
        for r in 0..<panel.rowCount where panel.period[r] > until { panel.churned[r].toggle() }
        let after = try Calibrator.calibrate(panel, model: .vector, rows: rows, options: Self.options)
        #expect(before.weights == after.weights)
    }
}
