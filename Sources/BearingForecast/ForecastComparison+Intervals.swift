import BearingMetrics
import Foundation

extension ForecastComparison {
    /// Nominal coverage of the vector forecast's P10–P90 interval.
    public static let nominalCoverage = 0.8
    /// Coverage further than this from nominal gets a warning (10 percentage points).
    public static let coverageTolerance = 0.10

    /// A segment's forecast metrics with intervals and small-sample flags.
    ///
    /// MAPE and bias: percentile intervals of a circular block bootstrap over the segment's
    /// periods (`PeriodBlockBootstrap`); a resample in which a metric is undefined (no period
    /// with expansion) is left out of its interval. Coverage: the Wilson interval of covered /
    /// periods. Insufficient below `SampleSufficiency.minimumPeriods` periods (for MAPE: periods
    /// with expansion).
    public struct Estimates: Sendable, Hashable, Codable {
        public var quotaMAPE: MetricValue
        public var vectorMAPE: MetricValue
        public var quotaBias: MetricValue
        public var vectorBias: MetricValue
        public var coverage: MetricValue
        /// `circular_block_bootstrap` (MAPE, bias) and `wilson` (coverage), or `wilson` alone
        /// when the bootstrap is off.
        public var intervalMethod: String

        enum CodingKeys: String, CodingKey {
            case quotaMAPE = "quota_mape"
            case vectorMAPE = "vector_mape"
            case quotaBias = "quota_bias"
            case vectorBias = "vector_bias"
            case coverage
            case intervalMethod = "interval_method"
        }
    }

    /// The summary of one segment and its vector-vs-quota comparisons. `stream` keys the
    /// segment's resample streams.
    static func assess(
        segment: String, rows: [Row], settings: BootstrapSettings, stream: UInt32
    ) -> (summary: Summary, comparisons: [MetricComparison]) {
        let point = pointMetrics(rows)
        let scoredPeriods = rows.filter { $0.actualExpansionARR > 0 }.count
        let covered = rows.filter(\.covered).count
        let blocks = PeriodBlockBootstrap(periods: rows.count)

        // Replicates of (quota MAPE, vector MAPE, quota bias, vector bias), the methods resampled together.
        var replicates: [[Double]] = [[], [], [], []]
        if settings.isOn, !rows.isEmpty {
            for r in 0..<settings.resamples {
                let sample = blocks.indices(resample: r, seed: settings.seed, stream: stream).map { rows[$0] }
                let m = pointMetrics(sample)
                for (k, v) in [m.quotaMAPE, m.vectorMAPE, m.quotaBias, m.vectorBias].enumerated() {
                    replicates[k].append(v ?? .nan)
                }
            }
        }
        let level = settings.confidence
        func interval(_ values: [Double]) -> ConfidenceInterval? {
            settings.isOn ? ConfidenceInterval.percentile(values, confidence: level) : nil
        }
        let mapeReason = SampleSufficiency.periodReason(periods: scoredPeriods)
        let periodReason = SampleSufficiency.periodReason(periods: rows.count)
        let coverageValue = rows.isEmpty ? Double.nan : Double(covered) / Double(rows.count)
        let coverageInterval = ConfidenceInterval.wilson(successes: covered, trials: rows.count, confidence: level)
        let estimates = Estimates(
            quotaMAPE: MetricValue(value: point.quotaMAPE ?? .nan, interval: interval(replicates[0]), insufficientBecause: mapeReason),
            vectorMAPE: MetricValue(value: point.vectorMAPE ?? .nan, interval: interval(replicates[1]), insufficientBecause: mapeReason),
            quotaBias: MetricValue(value: point.quotaBias ?? .nan, interval: interval(replicates[2]), insufficientBecause: periodReason),
            vectorBias: MetricValue(value: point.vectorBias ?? .nan, interval: interval(replicates[3]), insufficientBecause: periodReason),
            coverage: MetricValue(value: coverageValue, interval: coverageInterval, insufficientBecause: periodReason),
            intervalMethod: settings.isOn ? "circular_block_bootstrap" : "wilson")

        let mapeDifferences = zip(replicates[1], replicates[0]).map { $0 - $1 }
        let biasDifferences = zip(replicates[3], replicates[2]).map { abs($0) - abs($1) }
        let comparisons = [
            MetricComparison(
                model: "vector", baseline: "quota", metric: .mape,
                difference: (point.vectorMAPE ?? .nan) - (point.quotaMAPE ?? .nan), interval: interval(mapeDifferences),
                confidence: level, insufficientBecause: mapeReason, segment: segment),
            MetricComparison(
                model: "vector", baseline: "quota", metric: .bias,
                difference: abs(point.vectorBias ?? .nan) - abs(point.quotaBias ?? .nan), interval: interval(biasDifferences),
                confidence: level, insufficientBecause: periodReason, segment: segment),
        ]
        let summary = Summary(
            segment: segment, periods: rows.count, periodsWithoutExpansion: rows.count - scoredPeriods,
            quotaMAPE: point.quotaMAPE, vectorMAPE: point.vectorMAPE, quotaBias: point.quotaBias,
            vectorBias: point.vectorBias, coverage: rows.isEmpty ? nil : coverageValue, estimates: estimates,
            coverageWarning: coverageWarning(coverage: coverageValue, interval: coverageInterval, periods: rows.count, confidence: level),
            blockLength: blocks.blockLength)
        return (summary, comparisons)
    }

    /// "P10–P90 coverage 50.0% (95% CI 23.7–76.3%) over 10 periods is 30.0 pp below the nominal
    /// 80%: the vector forecast's intervals look too narrow", with a note when the interval still
    /// includes 80%. Nil within `coverageTolerance` of nominal.
    static func coverageWarning(coverage: Double, interval: ConfidenceInterval?, periods: Int, confidence: Double) -> String? {
        guard coverage.isFinite, abs(coverage - nominalCoverage) > coverageTolerance + 1e-12 else { return nil }
        let gap = abs(coverage - nominalCoverage) * 100
        let below = coverage < nominalCoverage
        var text = String(format: "P10\u{2013}P90 coverage %.1f%%", coverage * 100)
        if let interval {
            text +=
                " (" + BootstrapSettings.label(confidence)
                + String(format: " CI %.1f\u{2013}%.1f%%)", interval.low * 100, interval.high * 100)
        }
        text +=
            " over \(periods) period\(periods == 1 ? "" : "s") is " + String(format: "%.1f", gap)
            + " pp \(below ? "below" : "above") the nominal \(Int(nominalCoverage * 100))%: the vector forecast's intervals look "
            + (below ? "too narrow" : "too wide")
        if let interval, interval.contains(nominalCoverage) {
            text += "; the interval still includes \(Int(nominalCoverage * 100))%, so this may be chance"
        }
        return text
    }
}
