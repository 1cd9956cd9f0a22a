import BearingMetrics

/// How strongly variable pay follows performance, measured four ways on the same CSMs: a rank
/// correlation alone misleads when pay is nearly flat (every CSM paid within a few dollars of
/// each other can still be perfectly ordered), so the slope says how many dollars the order is
/// worth and the Gini how unequal the pay is at all.
///
/// **Performance** is each CSM's realised NRR over the range, from the cadence-free books
/// (`CSMPeriodBooks`: the start-ARR-weighted mean of the CSM's per-panel-period NRRs). Only CSMs
/// with a defined NRR (a book with start ARR in some period) are measured.
///
/// **Performance index** `z_i = (NRR_i − mean) / SD` with the mean and the population SD
/// (ddof 0, as scikit-learn's `StandardScaler`) over those CSMs, each CSM weighted equally.
/// Undefined (NaN) for every CSM when fewer than 2 CSMs have an NRR or all NRRs are equal.
///
/// **Slope** (`slope`): the ordinary least-squares slope `b` of the CSMs' variable pay over the
/// range (dollars) on the index, `v_i = a + b z_i + e_i`:
/// `b = Σ (z_i − z̄)(v_i − v̄) / Σ (z_i − z̄)²`, in dollars per SD of NRR across CSMs (equal to
/// the population covariance of pay and NRR divided by NRR's SD). Its 95% interval is
/// `b ± t(0.975, n − 2) · SE`, `SE² = Σ residual² / (n − 2) / Σ (z_i − z̄)²`, which needs n ≥ 3;
/// the slope is marked insufficient below `minimumCSMs`. Pay is in dollars, so slopes of two plans
/// compare only at equal cost (`EqualCostComparison`).
///
/// **Rank correlation**: Spearman (average ranks for ties) of variable pay with NRR.
/// **Top-quartile share**: the share of the measured CSMs' variable pay earned by those whose
/// NRR is at or above the 0.75 quantile (numpy linear) of their NRRs.
/// **Gini**: of the measured CSMs' variable pay (`PayoutSpread.gini`).
public struct PayPerformance: Sendable, Hashable {
    /// Fewer measured CSMs mark the slope insufficient: with 7 or fewer the top quartile is one
    /// or two people and the slope's interval rests on at most 5 degrees of freedom. A
    /// convention, like `SampleSufficiency`'s thresholds: it marks the value, it does not hide it.
    public static let minimumCSMs = 8

    /// CSMs with a defined NRR: the sample of every measure here.
    public var csmCount: Int
    /// Mean realised NRR over the measured CSMs (a fraction).
    public var nrrMean: Double
    /// Population SD of realised NRR across the measured CSMs: one unit of the index.
    public var nrrStandardDeviation: Double
    /// Dollars of variable pay per SD of NRR, with its 95% interval.
    public var slope: MetricValue
    public var rankCorrelation: Double
    public var topQuartileShare: Double
    public var gini: Double

    /// Measures `pay` (variable pay per CSM over the range, dollars) against `nrr` (realised NRR
    /// per CSM, NaN for CSMs without a book), paired by position.
    public init(pay: [Double], nrr: [Double]) {
        precondition(pay.count == nrr.count, "pay and NRR are paired per CSM")
        let measured = nrr.indices.filter { !nrr[$0].isNaN && !pay[$0].isNaN }
        let x = measured.map { nrr[$0] }
        let y = measured.map { pay[$0] }
        let (mean, sd) = Self.meanAndSD(x)
        csmCount = measured.count
        nrrMean = mean
        nrrStandardDeviation = sd
        let z = x.map { sd > 0 ? ($0 - mean) / sd : .nan }
        slope = Self.slope(pay: y, index: z)
        rankCorrelation = RankCorrelation.spearman(y, x)
        topQuartileShare = PlanComparison.topQuartileShare(pay: y, performance: x)
        gini = PayoutSpread.gini(y)
    }

    /// The performance index of each entry of `nrr` (see the type's documentation); NaN entries
    /// stay NaN.
    public static func performanceIndex(_ nrr: [Double]) -> [Double] {
        let (mean, sd) = meanAndSD(nrr.filter { !$0.isNaN })
        return nrr.map { $0.isNaN || !(sd > 0) ? .nan : ($0 - mean) / sd }
    }

    /// Mean and population SD; NaN for an empty sample, SD NaN below 2 values.
    static func meanAndSD(_ x: [Double]) -> (mean: Double, sd: Double) {
        guard !x.isEmpty else { return (.nan, .nan) }
        let n = Double(x.count)
        let mean = x.reduce(0, +) / n
        guard x.count >= 2 else { return (mean, .nan) }
        let ss = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (mean, (ss / n).squareRoot())
    }

    /// OLS slope of `pay` on `index` with its 95% t interval (see the type's documentation).
    static func slope(pay: [Double], index: [Double]) -> MetricValue {
        let n = pay.count
        let reason =
            n < minimumCSMs
            ? "\(n == 1 ? "1 CSM" : "\(n) CSMs") with a book (at least \(minimumCSMs) are needed to judge pay against performance)"
            : nil
        guard n >= 2, !index.contains(where: \.isNaN) else { return MetricValue(value: .nan, insufficientBecause: reason) }
        let count = Double(n)
        let mz = index.reduce(0, +) / count
        let mv = pay.reduce(0, +) / count
        var sxy = 0.0, sxx = 0.0
        for i in 0..<n {
            sxy += (index[i] - mz) * (pay[i] - mv)
            sxx += (index[i] - mz) * (index[i] - mz)
        }
        guard sxx > 0 else { return MetricValue(value: .nan, insufficientBecause: reason) }
        let b = sxy / sxx
        guard n >= 3 else { return MetricValue(value: b, insufficientBecause: reason) }
        var residuals = 0.0
        for i in 0..<n {
            let r = pay[i] - mv - b * (index[i] - mz)
            residuals += r * r
        }
        let se = (residuals / Double(n - 2) / sxx).squareRoot()
        let t = StudentTDistribution.critical(confidence: 0.95, degreesOfFreedom: Double(n - 2))
        return MetricValue(value: b, interval: ConfidenceInterval(low: b - t * se, high: b + t * se), insufficientBecause: reason)
    }
}

extension MetricValue {
    /// The value and its interval times `factor` (> 0), e.g. a dollar slope at another cost.
    func scaled(by factor: Double) -> MetricValue {
        var copy = self
        copy.value *= factor
        copy.ciLow = ciLow.map { $0 * factor }
        copy.ciHigh = ciHigh.map { $0 * factor }
        return copy
    }
}
