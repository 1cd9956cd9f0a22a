import BearingMetrics

/// How unevenly a plan spreads variable pay across CSMs (each CSM's variable pay summed over
/// the range): P10/P50/P90 (numpy's default linear quantiles) and the Gini coefficient.
public struct PayoutSpread: Sendable, Hashable, Codable {
    @NaNAsNull public var p10: Double
    @NaNAsNull public var p50: Double
    @NaNAsNull public var p90: Double
    /// `Σ_i Σ_j |x_i - x_j| / (2 n² mean)`: 0 when everyone earns the same, (n-1)/n when one
    /// CSM earns everything. NaN when total pay is not positive.
    @NaNAsNull public var gini: Double

    public init(p10: Double, p50: Double, p90: Double, gini: Double) {
        self.p10 = p10
        self.p50 = p50
        self.p90 = p90
        self.gini = gini
    }

    public init(pay: [Double]) {
        let q = Quantiles.quantiles(pay, [0.1, 0.5, 0.9])
        self.init(p10: q[0], p50: q[1], p90: q[2], gini: PayoutSpread.gini(pay))
    }

    /// Gini coefficient from sorted values: `2 Σ i·x_(i) / (n Σ x) - (n + 1) / n`, i = 1...n.
    public static func gini(_ values: [Double]) -> Double {
        let x = values.filter { !$0.isNaN }.sorted()
        let total = x.reduce(0, +)
        guard !x.isEmpty, total > 0 else { return .nan }
        var weighted = 0.0
        for (i, v) in x.enumerated() { weighted += Double(i + 1) * v }
        let n = Double(x.count)
        return 2 * weighted / (n * total) - (n + 1) / n
    }
}
