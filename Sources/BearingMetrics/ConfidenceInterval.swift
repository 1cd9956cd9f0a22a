/// A two-sided confidence interval [low, high] for a metric or a difference of metrics.
public struct ConfidenceInterval: Sendable, Hashable {
    public var low: Double
    public var high: Double

    public init(low: Double, high: Double) {
        self.low = low
        self.high = high
    }

    /// Whether `x` lies in the closed interval.
    public func contains(_ x: Double) -> Bool { low <= x && x <= high }

    /// The percentile bootstrap interval: the (1 − confidence)/2 and (1 + confidence)/2
    /// quantiles of the replicates (Hyndman–Fan type 7, numpy's default). Non-finite replicates
    /// (e.g. an AUC undefined in a resample without churners) are left out; nil when none is finite.
    public static func percentile(_ replicates: [Double], confidence: Double) -> ConfidenceInterval? {
        let finite = replicates.filter(\.isFinite)
        guard !finite.isEmpty else { return nil }
        let q = Quantiles.quantiles(finite, [(1 - confidence) / 2, (1 + confidence) / 2])
        return ConfidenceInterval(low: q[0], high: q[1])
    }

    /// The normal-approximation interval estimate ± z·standardError; nil when either is not finite.
    public static func normal(estimate: Double, standardError: Double, confidence: Double) -> ConfidenceInterval? {
        guard estimate.isFinite, standardError.isFinite, standardError >= 0 else { return nil }
        let z = NormalDistribution.critical(confidence: confidence)
        return ConfidenceInterval(low: estimate - z * standardError, high: estimate + z * standardError)
    }
}
