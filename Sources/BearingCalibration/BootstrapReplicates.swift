import BearingMetrics

/// The metrics of every model on every bootstrap resample (`CustomerBootstrap.run`), and the
/// percentile intervals read from them.
public struct BootstrapReplicates: Sendable, Hashable {
    public let resamples: Int
    public let models: Int
    /// AUC of model m on resample r at [r × models + m]; NaN when the resample lacks an outcome.
    public let auc: [Double]
    public let brier: [Double]
    public let logLoss: [Double]

    public init(resamples: Int, models: Int, auc: [Double], brier: [Double], logLoss: [Double]) {
        self.resamples = resamples
        self.models = models
        self.auc = auc
        self.brier = brier
        self.logLoss = logLoss
    }

    /// Model `model`'s values of `metric` over the resamples, in resample order.
    public func values(_ metric: ComparedMetric, model: Int) -> [Double] {
        let all = storage(metric)
        return (0..<resamples).map { all[$0 * models + model] }
    }

    /// model − baseline on each resample (the paired differences).
    public func differences(_ metric: ComparedMetric, model: Int, baseline: Int) -> [Double] {
        let all = storage(metric)
        return (0..<resamples).map { all[$0 * models + model] - all[$0 * models + baseline] }
    }

    /// Percentile interval of one model's metric.
    public func interval(_ metric: ComparedMetric, model: Int, confidence: Double) -> ConfidenceInterval? {
        ConfidenceInterval.percentile(values(metric, model: model), confidence: confidence)
    }

    /// Percentile interval of the paired difference model − baseline.
    public func differenceInterval(
        _ metric: ComparedMetric, model: Int, baseline: Int, confidence: Double
    ) -> ConfidenceInterval? {
        ConfidenceInterval.percentile(differences(metric, model: model, baseline: baseline), confidence: confidence)
    }

    private func storage(_ metric: ComparedMetric) -> [Double] {
        switch metric {
        case .auc: auc
        case .brier: brier
        case .logLoss: logLoss
        case .mape, .bias: [Double](repeating: .nan, count: resamples * models)
        }
    }
}
