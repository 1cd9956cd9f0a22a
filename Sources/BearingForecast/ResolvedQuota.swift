import Foundation

/// The quota forecast as applied: where it came from and, per period and segment, the rate or
/// target used (`ExpansionForecast.quota`, `ForecastComparison.quota`).
public struct ResolvedQuota: Sendable, Hashable, Codable {
    public var source: QuotaSource
    /// Source `trailing`: the window, in periods before the forecast period.
    public var trailingPeriods: Int?
    /// Source `file`: the file's seasonality weights per period of the year; nil when targets
    /// spread evenly or the source is not a file.
    public var seasonality: [Double]?
    /// Per period (in forecast order), per segment (alphabetical); the roll-up `all` is their sum.
    public var segments: [SegmentQuota]

    public init(source: QuotaSource, trailingPeriods: Int? = nil, seasonality: [Double]? = nil, segments: [SegmentQuota]) {
        self.source = source
        self.trailingPeriods = trailingPeriods
        self.seasonality = seasonality
        self.segments = segments
    }

    /// One line for text outputs, e.g. "quota: 5.0% of book ARR per period" or, without a
    /// quota, "quota: none given, so the trailing observed expansion rate per segment ...".
    public var summary: String {
        switch source {
        case .rate:
            let rate = segments.lazy.compactMap(\.rate).first ?? 0
            return "quota: " + Self.percent(rate) + " of book ARR per period"
        case .file:
            return "quota: annual targets from the quota file, "
                + (seasonality == nil ? "spread evenly over the year" : "spread by its seasonality")
        case .trailing:
            let rates = segments.compactMap(\.rate)
            var text =
                "quota: none given, so the trailing observed expansion rate per segment "
                + "(expansion ARR / starting ARR over the previous \(trailingPeriods ?? QuotaPlan.defaultTrailingPeriods) periods, fewer at the start)"
            if let low = rates.min(), let high = rates.max() {
                text += low == high ? ", " + Self.percent(low) : ", " + Self.percent(low) + "\u{2013}" + Self.percent(high)
                text += " of book ARR per period"
            }
            return text
        }
    }

    /// Two decimals: observed rates are often 1–2% a period, where one decimal hides a lot.
    private static func percent(_ x: Double) -> String {
        x.isFinite ? String(format: "%.2f%%", 100 * x) : "n/a"
    }
}
