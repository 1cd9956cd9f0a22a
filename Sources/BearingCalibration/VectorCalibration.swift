import BearingMetrics
import BearingPanel
import BearingVector
import Foundation

/// Fits the Success Vector model: direction and magnitude weights, the churn link and the
/// category thresholds.
///
/// **Model.** churn logit = b0 + b1·D + b2·M + b3·[ghost], with D = Σ_out w_j z_j over the
/// `outcome.*` features, M = Σ_exp v_j z_j over the `experience.*` features and, when
/// `CalibrationOptions.engagementInMagnitude` is set (the default), the `engagement.*` features
/// too (the spec counts engagement in the strength of the experience), and ghost from the
/// engagement rules of `DefaultWeights` (raw-value thresholds, e.g. 90 days since contact).
/// Because D and M use disjoint feature groups, b1·w and b2·v are just the coefficients of one
/// logistic regression of churn on [z_out, z_exp, ghost]: the rank-2 structured model's maximum
/// likelihood is that joint fit (Newton, exact), then each group's coefficient vector β is
/// factored into a unit-variance axis and a link coefficient: D = −β_out·z / s_D with
/// s_D = sd(β_out·z) on the training rows, b1 = −s_D (so direction points away from churn
/// and b1 < 0); likewise M and b2. The L2 penalty is on β (λ/2‖β‖², λ = 1/C), intercept free.
///
/// **Regularisation.** C is `options.c` when given, else chosen from `options.candidateCs` by
/// time-series cross-validation: each of the last `validationPeriods` training periods is
/// predicted by a model fitted (standardisation and ghost rules included) on the training
/// periods strictly before it; the C with the lowest mean validation log loss wins (ties go to
/// the smaller C, the stronger penalty). Periods after the training rows are never seen. When
/// the training rows span one period (a snapshot), `validationPeriods` stratified customer
/// folds (`CustomerFolds`, fixed seed) replace the periods. When the winner is the grid's
/// smallest (largest) C, the grid is widened a decade at a time below (above) it, up to
/// `FitSession.maxWidening` decades, while the edge keeps winning; a C still at an edge, or
/// found outside the grid, is named in the report's notes.
///
/// **Category thresholds.** direction = tanh(D), magnitude = logistic(M). On the non-ghost
/// training rows, negativeDirection runs over direction quantiles 5%…40%, positiveDirection
/// over 50%…90% and positiveMagnitude over magnitude quantiles 0%…50%; among the combinations
/// whose churn rates order ghost > negative > neutral > positive with each step larger than
/// `orderMargin` (2) standard errors of the difference of the two rates (ghost only when ghosts
/// exist), and that leave each of negative, neutral and positive at least max(10, 2%) of the
/// non-ghost rows, the one with the highest binomial log-likelihood of churn given category
/// (the most informative split) is kept. The margin keeps the order out of time: without it the
/// likelihood pushes `negative` down to a sliver whose churn only ties with ghost's. If no
/// combination clears the margin, plain strict order is accepted; if none orders churn at all,
/// the default thresholds stay and the report says so. Ghost is decided by engagement rules,
/// not by these thresholds, so when ghosts churn less than any feasible `negative` the search
/// orders negative > neutral > positive alone and the report notes the ghost inversion.
public enum VectorCalibration {
    public static let negativeQuantiles = [0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40]
    public static let positiveQuantiles = [0.50, 0.55, 0.60, 0.65, 0.70, 0.75, 0.80, 0.85, 0.90]
    public static let magnitudeQuantiles = [0.0, 0.10, 0.20, 0.30, 0.40, 0.50]
    /// Standard errors by which each category's training churn rate must exceed the next one's.
    public static let orderMargin = 2.0

    public static func calibrate(
        _ panel: HistoryPanel, rows: [Int32], options: CalibrationOptions
    ) throws(CalibrationError) -> CalibrationResult {
        try Calibrator.calibrate(panel, model: .vector, rows: rows, options: options)
    }

    /// One structured fit, plus what the threshold search needs.
    struct Fitted: Sendable {
        var weights: Weights
        var fit: LogisticFit
        /// D and M per training row (Double), ghost flags, labels (empty when not asked for).
        var direction: [Double]
        var magnitude: [Double]
        var ghost: [Bool]
        var labels: [Bool]
        var notes: [String]
        /// Newton's convergence rate on the fit's last full step (`LogisticRegression.Solved`).
        var rate: Double? = nil
    }

    /// Searches the category thresholds of `m` and stores them in its weights; returns the notes
    /// the search leaves (ghost inversion, no ordering found).
    static func applyThresholds(to m: inout Fitted) -> [String] {
        guard let (t, ghostOrdered) = searchThresholds(m) else {
            return ["no direction/magnitude thresholds order training churn ghost > negative > neutral > positive; default thresholds kept"]
        }
        m.weights.thresholds.negativeDirection = t.negative
        m.weights.thresholds.positiveDirection = t.positive
        m.weights.thresholds.positiveMagnitude = t.magnitude
        return ghostOrdered
            ? []
            : [
                "ghosts (engagement rules) churn less than any feasible negative category in training; thresholds order negative > neutral > positive only"
            ]
    }

    struct Thresholds: Equatable {
        var negative: Double
        var positive: Double
        var magnitude: Double
    }

    /// The chosen thresholds and whether ghost churn could be kept above negative. The rows'
    /// categories and counts are prepared once (`ThresholdSearch`) for every margin tried.
    static func searchThresholds(_ m: Fitted) -> (Thresholds, ghostOrdered: Bool)? {
        guard let search = ThresholdSearch(m) else { return nil }
        for orderGhost in [true, false] {
            for margin in [orderMargin, 0] {
                if let t = search.best(margin: margin, orderGhost: orderGhost) { return (t, orderGhost) }
            }
        }
        return nil
    }

    /// The search of one margin.
    static func searchThresholds(_ m: Fitted, margin: Double, orderGhost: Bool) -> Thresholds? {
        ThresholdSearch(m)?.best(margin: margin, orderGhost: orderGhost)
    }
}
