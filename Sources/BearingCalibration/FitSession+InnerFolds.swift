import BearingPanel
import BearingVector

/// The vector's validation when the training rows span one period (a snapshot): stratified
/// customer folds instead of validation periods (see `FitSession.chooseC`); and the validation
/// loss both kinds of fold score.
extension FitSession {
    /// One inner customer fold: the design of its training customers and its validation rows.
    struct InnerFold: Sendable {
        var design: VectorDesign?
        var validation: FeatureMatrix
        var fits: [Fit]
        var labels: [Bool]
    }

    /// Mean log loss of `weights` on a validation matrix (NaN when it cannot score it).
    static func loss(_ weights: Weights, matrix: FeatureMatrix, fits: [Fit], labels: [Bool]) -> Double {
        guard let scored = try? Scoring.score(matrix: matrix, fits: fits, weights: weights),
            let loss = try? ClassifierMetrics.logLoss(labels: labels, probabilities: scored.probabilities)
        else { return .nan }
        return loss
    }

    /// Stratified customer folds of a one-period training set (nil when a stratum has too few customers).
    func innerFolds(periods: Range<Int>) -> [InnerFold]? {
        let positions = data.positions(periods: periods)
        let rows = Array(data.rows[positions])
        let k = max(2, options.validationPeriods)
        guard let folds = try? CustomerFolds(panel: data.panel, rows: rows, k: k, seed: CustomerFolds.innerSeed) else { return nil }
        let panel = data.panel
        let options = options
        return (0..<k).map { f in
            let (training, validation) = folds.split(rows, panel: panel, fold: f)
            let sub = PeriodOrderedRows(panel: panel, rows: training)
            return InnerFold(
                design: try? VectorDesign(data: sub, positions: 0..<sub.count, options: options),
                validation: FeatureMatrix(panel: panel, rows: validation), fits: validation.map { panel.fit[Int($0)] },
                labels: validation.map { panel.churned[Int($0)] })
        }
    }
}
