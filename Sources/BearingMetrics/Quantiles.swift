/// Empirical quantiles of a sample.
public enum Quantiles {
    /// The `q`-quantile (0...1) with linear interpolation between order statistics
    /// (Hyndman–Fan type 7, numpy's default), ignoring NaNs. NaN for an empty sample.
    public static func quantile(_ values: [Double], _ q: Double) -> Double {
        quantiles(values, [q])[0]
    }

    /// Several quantiles from one sort.
    public static func quantiles(_ values: [Double], _ qs: [Double]) -> [Double] {
        quantiles(sorted: values.filter { !$0.isNaN }.sorted(), qs)
    }

    /// The quantiles of a sample already sorted ascending, without NaNs (for callers that sort
    /// faster than `sorted()`, with the same order).
    public static func quantiles(sorted: [Double], _ qs: [Double]) -> [Double] {
        guard !sorted.isEmpty else { return qs.map { _ in .nan } }
        return qs.map { q in
            let h = Double(sorted.count - 1) * min(1, max(0, q))
            let lo = Int(h.rounded(.down))
            let hi = min(lo + 1, sorted.count - 1)
            let lower = sorted[lo]
            let upper = sorted[hi]
            // Infinite order statistics interpolate to themselves rather than to NaN.
            if lower == upper { return lower }
            return lower + (h - Double(lo)) * (upper - lower)
        }
    }
}
