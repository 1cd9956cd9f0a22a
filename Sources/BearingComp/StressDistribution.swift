import BearingMetrics

/// P5/P50/P95 of a quantity across Monte Carlo trials (numpy's default linear quantiles; NaN
/// trials skipped).
public struct StressDistribution: Sendable, Hashable, Codable {
    @NaNAsNull public var p5: Double
    @NaNAsNull public var p50: Double
    @NaNAsNull public var p95: Double

    public init(_ values: [Double]) {
        let q = Quantiles.quantiles(values, [0.05, 0.5, 0.95])
        p5 = q[0]
        p50 = q[1]
        p95 = q[2]
    }
}
