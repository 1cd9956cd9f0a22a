import BearingCalibration
import BearingContracts
import BearingPanel
import BearingVector
import Foundation

/// The window's columns, outcomes and fits, and the one pass that scores them with a set of
/// weights and reduces the scores to `serve`'s metrics.
struct WindowScoring: Sendable {
    let matrix: FeatureMatrix
    /// Churned, per window row.
    let labels: [Bool]
    let fits: [Fit]
    let threads: Int

    /// One scoring pass and the metric passes over the window.
    struct Scored {
        var scores: VectorScores
        var metrics: HeadlineMetrics
        var meanProbability: Double
        var byCategory: [GroupRate]
        var byCohort: [GroupRate]
    }

    func score(_ weights: Weights) throws -> Scored {
        let scorer = try VectorScorer(weights: weights, matrix: matrix)
        var scores = VectorScores(count: matrix.count)
        scorer.score(matrix, into: &scores, threads: threads)
        let p = scores.churnProbability
        let undefined = p.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
        guard undefined == 0 else {
            throw EvaluationError(
                "these weights give \(undefined) row(s) an undefined churn probability (NaN): a weight or bias is too large for the Float sums")
        }
        let ranked = try RankedScores(probabilities: p, labels: labels)
        // Brier, log loss and the group sums in row order, as `ClassifierMetrics` and `GroupRates`
        // add them, so the values are the same bits.
        let n = p.count
        var brier = 0.0
        var logLoss = 0.0
        var total = 0.0
        let labels = self.labels
        var categoryRows = [Int](repeating: 0, count: 4)
        var categoryChurned = categoryRows
        var categorySum = [Double](repeating: 0, count: 4)
        var cohortRows = [Int](repeating: 0, count: Cohort.allCases.count)
        var cohortChurned = cohortRows
        var cohortSum = [Double](repeating: 0, count: Cohort.allCases.count)
        let eps = Double.ulpOfOne
        for i in 0..<n {
            let q = Double(p[i])
            let y = labels[i]
            let r = q - (y ? 1 : 0)
            brier += r * r
            logLoss -= log(min(max(y ? q : 1 - q, eps), 1 - eps))
            total += q
            let category = scores.vectorCategory(i)
            let c = Int(category.rawValue)
            categoryRows[c] += 1
            categoryChurned[c] += y ? 1 : 0
            categorySum[c] += q
            let cohort = Int(Cohort(fit: fits[i], category: category).rawValue)
            cohortRows[cohort] += 1
            cohortChurned[cohort] += y ? 1 : 0
            cohortSum[cohort] += q
        }
        let byCategory = GroupRates.categoryOrder.map { category in
            let c = Int(category.rawValue)
            return GroupRate(group: category.label, rows: categoryRows[c], churned: categoryChurned[c], probabilitySum: categorySum[c])
        }
        let byCohort = Cohort.allCases.map { cohort in
            let c = Int(cohort.rawValue)
            return GroupRate(group: cohort.label, rows: cohortRows[c], churned: cohortChurned[c], probabilitySum: cohortSum[c])
        }
        let metrics = HeadlineMetrics(
            auc: ranked.auc, brier: n > 0 ? brier / Double(n) : .nan, topDecileLift: try ranked.topDecileLift(),
            logLoss: n > 0 ? logLoss / Double(n) : .nan)
        return Scored(
            scores: scores, metrics: metrics, meanProbability: n > 0 ? total / Double(n) : .nan, byCategory: byCategory,
            byCohort: byCohort)
    }
}
