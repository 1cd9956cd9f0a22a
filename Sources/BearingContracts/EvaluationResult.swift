import BearingCalibration
import BearingMetrics
import BearingPanel
import BearingVector

/// What `bearing serve` answers for one set of weights (`POST /api/evaluate`): how they score
/// the tuner's backtest window, out of time, against the calibrated weights and the
/// equal-weight health score. The API, the tuner page and the tests share this one type.
///
/// Metrics are `ClassifierMetrics`' definitions (the same numbers `backtest` reports for the
/// same rows and weights); undefined values (AUC of a window without churn) are `null`.
/// Interval fields are the seam for the decision-grade bootstrap: `nil` (absent) until it
/// fills them.
public struct EvaluationResult: Codable, Sendable, Hashable {
    /// The rows evaluated.
    public var window: EvaluationWindow
    /// `kind` of the evaluated weights.
    public var model: ModelKind
    @NaNAsNull public var auc: Double
    @NaNAsNull public var brier: Double
    @NaNAsNull public var topDecileLift: Double
    @NaNAsNull public var logLoss: Double
    /// Mean predicted churn probability (compare with the window's churn rate).
    @NaNAsNull public var meanProbability: Double
    /// Ghost, negative, neutral, positive.
    public var churnByCategory: [GroupRate]
    /// Bad fit, then the four good-fit cohorts.
    public var churnByCohort: [GroupRate]
    /// Whether observed churn orders ghost > negative > neutral > positive (non-empty categories).
    public var categoryOrderHolds: Bool
    public var vectorMap: VectorMapDensity
    /// These metrics minus the calibrated weights' on the same rows.
    public var versusCalibrated: MetricComparison
    /// These metrics minus the equal-weight health score's on the same rows.
    public var versusHealth: MetricComparison
    /// Bootstrap intervals of `auc`, `brier` and `top_decile_lift` (nil until computed).
    public var intervals: MetricIntervals?

    public init(
        window: EvaluationWindow, model: ModelKind, metrics: HeadlineMetrics, meanProbability: Double,
        churnByCategory: [GroupRate], churnByCohort: [GroupRate], categoryOrderHolds: Bool, vectorMap: VectorMapDensity,
        versusCalibrated: MetricComparison, versusHealth: MetricComparison, intervals: MetricIntervals? = nil
    ) {
        self.window = window
        self.model = model
        self.auc = metrics.auc
        self.brier = metrics.brier
        self.topDecileLift = metrics.topDecileLift
        self.logLoss = metrics.logLoss
        self.meanProbability = meanProbability
        self.churnByCategory = churnByCategory
        self.churnByCohort = churnByCohort
        self.categoryOrderHolds = categoryOrderHolds
        self.vectorMap = vectorMap
        self.versusCalibrated = versusCalibrated
        self.versusHealth = versusHealth
        self.intervals = intervals
    }

    /// The four headline metrics of this result.
    public var metrics: HeadlineMetrics {
        HeadlineMetrics(auc: auc, brier: brier, topDecileLift: topDecileLift, logLoss: logLoss)
    }
}
