import BearingMetrics
import Foundation

/// AUC, Brier score and log loss of one model as verdicts use them: value, confidence interval,
/// and whether the sample is too small to judge (`SampleSufficiency`).
///
/// Pooled backtest results carry customer-bootstrap percentile intervals (`CustomerBootstrap`);
/// a single period (one row per customer) carries analytic ones: DeLong for AUC and the normal
/// interval mean ± z·s/√n (s with n − 1) for the per-row Brier and log-loss terms.
public struct ClassifierEstimates: Sendable, Hashable, Codable {
    public var auc: MetricValue
    public var brier: MetricValue
    public var logLoss: MetricValue
    /// Distinct customers behind the rows (the sample size the rule counts).
    public var customers: Int
    /// `customer_bootstrap`, `delong_normal` or `none`.
    public var intervalMethod: String

    public init(auc: MetricValue, brier: MetricValue, logLoss: MetricValue, customers: Int, intervalMethod: String) {
        self.auc = auc
        self.brier = brier
        self.logLoss = logLoss
        self.customers = customers
        self.intervalMethod = intervalMethod
    }

    enum CodingKeys: String, CodingKey {
        case auc, brier
        case logLoss = "log_loss"
        case customers
        case intervalMethod = "interval_method"
    }

    /// The metric value for `metric` (AUC, Brier or log loss).
    public subscript(metric: ComparedMetric) -> MetricValue? {
        switch metric {
        case .auc: auc
        case .brier: brier
        case .logLoss: logLoss
        case .mape, .bias: nil
        }
    }

    /// Why AUC (`ranksClasses`) or Brier/log loss from this sample is insufficient, or nil.
    static func reason(summary: ClassifierSummary, customers: Int, ranksClasses: Bool) -> String? {
        SampleSufficiency.classifierReason(
            customers: customers, events: summary.churned, nonEvents: summary.rows - summary.churned,
            ranksClasses: ranksClasses)
    }

    /// Point values and sample-size flags only (bootstrap off).
    static func withoutIntervals(summary: ClassifierSummary, customers: Int) -> ClassifierEstimates {
        let aucReason = reason(summary: summary, customers: customers, ranksClasses: true)
        let lossReason = reason(summary: summary, customers: customers, ranksClasses: false)
        return ClassifierEstimates(
            auc: MetricValue(value: summary.auc, insufficientBecause: aucReason),
            brier: MetricValue(value: summary.brier, insufficientBecause: lossReason),
            logLoss: MetricValue(value: summary.logLoss, insufficientBecause: lossReason),
            customers: customers, intervalMethod: "none")
    }

    /// Pooled values with customer-bootstrap intervals of model `model` in `replicates`.
    static func bootstrapped(
        summary: ClassifierSummary, customers: Int, replicates: BootstrapReplicates, model: Int, confidence: Double
    ) -> ClassifierEstimates {
        let aucReason = reason(summary: summary, customers: customers, ranksClasses: true)
        let lossReason = reason(summary: summary, customers: customers, ranksClasses: false)
        return ClassifierEstimates(
            auc: MetricValue(
                value: summary.auc, interval: replicates.interval(.auc, model: model, confidence: confidence),
                insufficientBecause: aucReason),
            brier: MetricValue(
                value: summary.brier, interval: replicates.interval(.brier, model: model, confidence: confidence),
                insufficientBecause: lossReason),
            logLoss: MetricValue(
                value: summary.logLoss, interval: replicates.interval(.logLoss, model: model, confidence: confidence),
                insufficientBecause: lossReason),
            customers: customers, intervalMethod: "customer_bootstrap")
    }

    /// Analytic intervals for rows that are independent customers (one backtest period).
    static func analytic(
        summary: ClassifierSummary, labels: [Bool], probabilities: [Double], confidence: Double
    ) throws(CalibrationError) -> ClassifierEstimates {
        let customers = labels.count
        let aucReason = reason(summary: summary, customers: customers, ranksClasses: true)
        let lossReason = reason(summary: summary, customers: customers, ranksClasses: false)
        let delong = try DeLong.estimate(labels: labels, scores: probabilities)
        var brierTerms: [Double] = []
        var logLossTerms: [Double] = []
        brierTerms.reserveCapacity(labels.count)
        logLossTerms.reserveCapacity(labels.count)
        let eps = Double.ulpOfOne
        for (y, p) in zip(labels, probabilities) {
            let r = p - (y ? 1 : 0)
            brierTerms.append(r * r)
            let q = y ? p : 1 - p
            logLossTerms.append(-log(min(max(q, eps), 1 - eps)))
        }
        return ClassifierEstimates(
            auc: MetricValue(value: summary.auc, interval: delong.interval(confidence: confidence), insufficientBecause: aucReason),
            brier: MetricValue(
                value: summary.brier, interval: meanInterval(brierTerms, mean: summary.brier, confidence: confidence),
                insufficientBecause: lossReason),
            logLoss: MetricValue(
                value: summary.logLoss, interval: meanInterval(logLossTerms, mean: summary.logLoss, confidence: confidence),
                insufficientBecause: lossReason),
            customers: customers, intervalMethod: "delong_normal")
    }

    /// mean ± z·s/√n with the sample standard deviation (n − 1); nil below two rows.
    static func meanInterval(_ terms: [Double], mean: Double, confidence: Double) -> ConfidenceInterval? {
        guard terms.count > 1 else { return nil }
        var ss = 0.0
        for t in terms { ss += (t - mean) * (t - mean) }
        let sd = (ss / Double(terms.count - 1)).squareRoot()
        return ConfidenceInterval.normal(estimate: mean, standardError: sd / Double(terms.count).squareRoot(), confidence: confidence)
    }
}
