import BearingMetrics

/// AUC, Brier score, top-decile lift and log loss of one churn forecast on one set of rows
/// (`ClassifierMetrics`' definitions); a difference of two such sets when used as one.
public struct HeadlineMetrics: Codable, Sendable, Hashable {
    @NaNAsNull public var auc: Double
    @NaNAsNull public var brier: Double
    @NaNAsNull public var topDecileLift: Double
    @NaNAsNull public var logLoss: Double

    public init(auc: Double, brier: Double, topDecileLift: Double, logLoss: Double) {
        self.auc = auc
        self.brier = brier
        self.topDecileLift = topDecileLift
        self.logLoss = logLoss
    }

    /// Metric by metric, `self - baseline`.
    public func minus(_ baseline: HeadlineMetrics) -> HeadlineMetrics {
        HeadlineMetrics(
            auc: auc - baseline.auc, brier: brier - baseline.brier, topDecileLift: topDecileLift - baseline.topDecileLift,
            logLoss: logLoss - baseline.logLoss)
    }
}
