import BearingMetrics
import BearingPanel

/// Walk-forward comparison of the quota forecast and the vector forecast with what happened.
///
/// For each period after the first `minimumTrainingPeriods`, reach, take and churn rates are
/// fitted on earlier periods only, the period is forecast from its start-of-period rows, and the
/// forecasts are set against the period's actual expansion ARR, per segment and rolled up.
///
/// Metrics per segment (over periods): MAPE = mean of |forecast − actual| / actual over periods
/// with actual > 0 (others are counted, not scored); bias = (Σ forecast − Σ actual) / Σ actual
/// (positive = over-forecast); coverage = share of periods with P10 ≤ actual ≤ P90 (nominal 80%).
/// The vector forecast is scored by its P50. The quota forecast follows `options.quota` (by
/// default the trailing observed expansion rate per segment, from earlier periods only, see
/// `QuotaPlan`), and `quota` records the rate or target it used per period and segment.
///
/// Every metric carries its uncertainty (see `ForecastComparison+Intervals.swift`): MAPE and
/// bias of each method, and the differences vector − quota, get percentile intervals from a
/// circular block bootstrap over the segment's periods (`PeriodBlockBootstrap`), the two
/// methods resampled together; coverage gets a Wilson interval and a warning when it is more
/// than 10 percentage points from the nominal 80%.
public struct ForecastComparison: Sendable, Hashable, Codable {
    public struct Row: Sendable, Hashable, Codable {
        public var period: String
        public var segment: String
        public var actualExpansionARR: Double
        public var quotaExpansionARR: Double
        public var vectorExpectedExpansionARR: Double
        public var vectorP10: Double
        public var vectorP50: Double
        public var vectorP90: Double
        public var covered: Bool
        public var actualChurnedARR: Double
        public var expectedChurnedARR: Double
    }

    public struct Summary: Sendable, Hashable, Codable {
        public var segment: String
        public var periods: Int
        /// Periods where actual expansion was 0 (left out of MAPE).
        public var periodsWithoutExpansion: Int
        public var quotaMAPE: Double?
        public var vectorMAPE: Double?
        public var quotaBias: Double?
        public var vectorBias: Double?
        public var coverage: Double?
        /// The same metrics with intervals and small-sample flags.
        public var estimates: Estimates
        /// Set when P10–P90 coverage is more than `coverageTolerance` from `nominalCoverage`.
        public var coverageWarning: String?
        /// Block length ℓ of the bootstrap over this segment's periods.
        public var blockLength: Int

        enum CodingKeys: String, CodingKey {
            case segment, periods, periodsWithoutExpansion, quotaMAPE, vectorMAPE, quotaBias, vectorBias, coverage
            case estimates
            case coverageWarning = "coverage_warning"
            case blockLength = "block_length"
        }
    }

    /// The quota forecast's source and, per period and segment, the rate or target it used.
    public var quota: ResolvedQuota
    public var trials: Int
    public var seed: UInt64
    public var rows: [Row]
    /// Per segment (alphabetical), then `all`.
    public var summaries: [Summary]
    /// Per segment, vector (model) against quota (baseline) on `mape` and `bias` (absolute bias).
    public var comparisons: [MetricComparison]
    /// The block bootstrap behind the intervals (0 resamples: off).
    public var bootstrap: BootstrapSettings

    public static func walkForward(
        panel: HistoryPanel, index: PanelIndex, categories: [VectorCategory], churnProbabilities: [Double]?,
        catalogue: MilestoneCatalogue, options: ExpansionForecaster.Options,
        strength: Double = ForecastRates.defaultStrength, halfLife: Double? = nil, minimumTrainingPeriods: Int = 1,
        bootstrap: BootstrapSettings? = nil
    ) throws(ForecastError) -> ForecastComparison {
        // By default the intervals follow the forecast's own seed.
        let settings = bootstrap ?? BootstrapSettings(seed: options.seed)
        if let problem = settings.problem { throw .invalidParameter(problem) }
        guard minimumTrainingPeriods >= 1 else {
            throw .invalidParameter("minimum training periods must be at least 1, got \(minimumTrainingPeriods)")
        }
        guard index.periods.count > minimumTrainingPeriods else {
            throw .invalidParameter(
                "walk-forward needs more than \(minimumTrainingPeriods) period(s) of history, found \(index.periods.count)")
        }
        var rows: [Row] = []
        var quota = options.quota.resolution
        for period in index.periods[minimumTrainingPeriods...] {
            // A period still running has no actuals to compare with.
            if panel.hasUnknownOutcomes, index.rows(in: period).contains(where: { !panel.isOutcomeKnown(Int($0)) }) {
                continue
            }
            let f = try ExpansionForecaster.forecast(
                panel: panel, index: index, categories: categories, churnProbabilities: churnProbabilities,
                catalogue: catalogue, period: period, options: options, strength: strength, halfLife: halfLife,
                includeActuals: true)
            quota.segments += f.quota.segments
            for s in f.segments {
                let actual = s.actualExpansionARR ?? 0
                rows.append(
                    Row(
                        period: f.period, segment: s.segment, actualExpansionARR: actual,
                        quotaExpansionARR: s.quotaExpansionARR, vectorExpectedExpansionARR: s.expectedExpansionARR,
                        vectorP10: s.expansionP10, vectorP50: s.expansionP50, vectorP90: s.expansionP90,
                        covered: s.expansionP10 <= actual && actual <= s.expansionP90,
                        actualChurnedARR: s.actualChurnedARR ?? 0, expectedChurnedARR: s.expectedChurnedARR))
            }
        }
        var names = Array(Set(rows.map(\.segment)).subtracting(["all"])).sorted()
        names.append("all")
        var summaries: [Summary] = []
        var comparisons: [MetricComparison] = []
        for (i, name) in names.enumerated() {
            let assessed = assess(
                segment: name, rows: rows.filter { $0.segment == name }, settings: settings, stream: UInt32(i))
            summaries.append(assessed.summary)
            comparisons += assessed.comparisons
        }
        return ForecastComparison(
            quota: quota, trials: options.trials, seed: options.seed, rows: rows, summaries: summaries,
            comparisons: comparisons, bootstrap: settings)
    }

    /// Point metrics of one segment's rows (no intervals).
    static func summary(segment: String, rows: [Row]) -> Summary {
        assess(segment: segment, rows: rows, settings: .off, stream: 0).summary
    }

    /// MAPE (periods with actual > 0) and bias of a forecast over `rows`, as defined above.
    static func pointMetrics(_ rows: [Row]) -> (quotaMAPE: Double?, vectorMAPE: Double?, quotaBias: Double?, vectorBias: Double?) {
        let scored = rows.filter { $0.actualExpansionARR > 0 }
        func mape(_ forecast: (Row) -> Double) -> Double? {
            scored.isEmpty
                ? nil : scored.reduce(0.0) { $0 + abs(forecast($1) - $1.actualExpansionARR) / $1.actualExpansionARR } / Double(scored.count)
        }
        let actualTotal = rows.reduce(0.0) { $0 + $1.actualExpansionARR }
        func bias(_ forecast: (Row) -> Double) -> Double? {
            actualTotal > 0 ? (rows.reduce(0.0) { $0 + forecast($1) } - actualTotal) / actualTotal : nil
        }
        return (mape(\.quotaExpansionARR), mape(\.vectorP50), bias(\.quotaExpansionARR), bias(\.vectorP50))
    }
}
