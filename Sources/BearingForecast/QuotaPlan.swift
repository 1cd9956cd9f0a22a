import BearingPanel

/// How the top-down quota forecast of expansion is set: the number the vector forecast is
/// compared with.
///
/// - `rate(r)`: `r` × the segment's book ARR each period (0.05 = 5% of book next period).
/// - `file(f)`: the segment's annual target from a quota file (`QuotaFile`) × the period's
///   share of the year (its seasonality weight, else 1/4 of a year per quarter, 1/12 per month).
/// - `trailing(periods: k)` (the default, when a team gives no quota): the segment's observed
///   expansion rate, Σ expansion ARR / Σ starting ARR over its rows of the `k` periods before
///   the forecast period (fewer at the start of the history), × book ARR. Only earlier periods
///   are used, so a walk-forward comparison stays honest; rows whose outcome is not known yet
///   are left out. A segment with no ARR in those periods takes the rate of all segments.
///
/// No rate is built in: without a quota the comparison is against what the team's book has
/// actually been doing, not against a guess that would decide the verdict.
public enum QuotaPlan: Sendable, Hashable {
    case rate(Double)
    case file(QuotaFile)
    case trailing(periods: Int = QuotaPlan.defaultTrailingPeriods)

    /// The trailing window: a year of quarters.
    public static let defaultTrailingPeriods = 4

    public var source: QuotaSource {
        switch self {
        case .rate: .rate
        case .file: .file
        case .trailing: .trailing
        }
    }

    /// Checks the rate is finite and >= 0, the window at least 1 period, the file valid.
    public func validate() throws(ForecastError) {
        switch self {
        case let .rate(r):
            guard r.isFinite, r >= 0 else { throw .invalidQuota("a quota rate must be a number >= 0, got \(r)") }
        case let .file(f):
            try f.validate()
        case let .trailing(k):
            guard k >= 1 else { throw .invalidQuota("the trailing window must be at least 1 period, got \(k)") }
        }
    }

    /// The resolved quota with no periods yet, to which `quotas` adds.
    var resolution: ResolvedQuota {
        switch self {
        case .rate: ResolvedQuota(source: .rate, segments: [])
        case let .file(f): ResolvedQuota(source: .file, seasonality: f.seasonality, segments: [])
        case let .trailing(k): ResolvedQuota(source: .trailing, trailingPeriods: k, segments: [])
        }
    }

    /// The quota of each of `segments` (panel segment ids with their book ARR) in `period`.
    func quotas(
        panel: HistoryPanel, period: Period, segments: [(id: Int32, book: Double)]
    ) throws(ForecastError) -> [SegmentQuota] {
        try validate()
        let label = period.label
        switch self {
        case let .rate(r):
            return segments.map {
                SegmentQuota(
                    period: label, segment: panel.segmentNames[Int($0.id)], bookARR: $0.book, rate: r,
                    quotaExpansionARR: r * $0.book)
            }
        case let .file(f):
            try f.check(
                granularity: period.granularity, segmentNames: panel.segmentNames,
                required: segments.map { panel.segmentNames[Int($0.id)] })
            let share = f.share(of: period)
            return segments.map {
                let name = panel.segmentNames[Int($0.id)]
                let target = f.annualTarget(segment: name) ?? 0
                return SegmentQuota(
                    period: label, segment: name, bookARR: $0.book, annualTarget: target, periodShare: share,
                    quotaExpansionARR: target * share)
            }
        case let .trailing(k):
            return try Self.trailingQuotas(panel: panel, period: period, window: k, segments: segments)
        }
    }

    static func trailingQuotas(
        panel: HistoryPanel, period: Period, window: Int, segments: [(id: Int32, book: Double)]
    ) throws(ForecastError) -> [SegmentQuota] {
        let first = Int64(period.ordinal) - Int64(window)
        var expansion = [Double](repeating: 0, count: panel.segmentNames.count)
        var starting = [Double](repeating: 0, count: panel.segmentNames.count)
        var periods = [Set<Int32>](repeating: [], count: panel.segmentNames.count)
        for row in 0..<panel.rowCount {
            let p = panel.period[row]
            guard p.granularity == period.granularity, Int64(p.ordinal) >= first, p.ordinal < period.ordinal,
                panel.isOutcomeKnown(row)
            else { continue }
            let s = Int(panel.segment[row])
            expansion[s] += panel.expansionARR[row]
            starting[s] += panel.arr[row]
            periods[s].insert(p.ordinal)
        }
        let allStarting = starting.reduce(0, +)
        guard allStarting > 0 else {
            throw .invalidQuota(
                "no quota given and no book ARR in the \(window) period\(window == 1 ? "" : "s") before \(period.label) to observe an expansion rate over; give a quota rate or a quota file"
            )
        }
        let allExpansion = expansion.reduce(0, +)
        let allPeriods = periods.reduce(into: Set<Int32>()) { $0.formUnion($1) }
        func labels(_ ordinals: Set<Int32>) -> [String] {
            ordinals.sorted().map { Period(granularity: period.granularity, ordinal: $0).label }
        }
        return segments.map { segment in
            let s = Int(segment.id)
            let pooled = !(starting[s] > 0)
            let observed = pooled ? (allExpansion, allStarting, allPeriods) : (expansion[s], starting[s], periods[s])
            let rate = observed.0 / observed.1
            return SegmentQuota(
                period: period.label, segment: panel.segmentNames[s], bookARR: segment.book, rate: rate,
                observedPeriods: labels(observed.2), observedExpansionARR: observed.0, observedStartingARR: observed.1,
                pooled: pooled, quotaExpansionARR: rate * segment.book)
        }
    }
}
