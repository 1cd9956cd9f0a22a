/// A next-period forecast of expansion and churn: the vector forecast (expected value and
/// Monte Carlo P10/P50/P90), the quota forecast, and the milestone cohort table.
public struct ExpansionForecast: Sendable, Hashable, Codable {
    /// Forecast period label, e.g. `2025-Q3`.
    public var period: String
    public var trials: Int
    public var seed: UInt64
    /// The quota forecast's source and, per segment, the rate or target it used.
    public var quota: ResolvedQuota
    /// One entry per segment (alphabetical), then the roll-up named `all`.
    public var segments: [SegmentForecast]
    public var cohorts: [MilestoneCohortForecast]
    /// Milestones with customers in the forecast but no reach trials in the history used: their
    /// reach and take rates are the pooled rates of all milestones.
    public var milestonesWithoutHistory: [String] = []

    /// The roll-up over all segments.
    public var total: SegmentForecast? { segments.last }
}

/// Forecast for one segment (or the roll-up `all`).
public struct SegmentForecast: Sendable, Hashable, Codable {
    public var segment: String
    public var customers: Int
    /// Sum of start-of-period ARR of the segment's customers.
    public var bookARR: Double
    /// Quota forecast (see `ExpansionForecast.quota`); the roll-up adds up the segments'.
    public var quotaExpansionARR: Double
    /// Vector forecast: Σ reach probability × take rate × upsell value (realised, see
    /// `MilestoneCohortForecast.realisedUpsellARR`).
    public var expectedExpansionARR: Double
    public var expansionP10: Double
    public var expansionP50: Double
    public var expansionP90: Double
    /// Σ churn probability × ARR.
    public var expectedChurnedARR: Double
    public var churnedP10: Double
    public var churnedP50: Double
    public var churnedP90: Double
    /// Expected churned ARR of good-fit (incl. stretch) and of bad-fit customers, reported apart.
    public var expectedChurnedARRGoodFit: Double
    public var expectedChurnedARRBadFit: Double
    /// Expected expansion and churned ARR by vector category (positive, neutral, negative, ghost).
    public var byCategory: [CategoryForecast]
    /// What happened, when the history already holds the period's outcomes.
    public var actualExpansionARR: Double?
    public var actualChurnedARR: Double?
}

public struct CategoryForecast: Sendable, Hashable, Codable {
    public var category: String
    public var customers: Int
    public var expectedExpansionARR: Double
    public var expectedChurnedARR: Double
}

/// One milestone cohort row: customers on a milestone in one segment and vector category.
public struct MilestoneCohortForecast: Sendable, Hashable, Codable {
    public var milestone: String
    public var horizon: MilestoneHorizon
    public var segment: String
    public var category: String
    /// Customers whose next milestone this is.
    public var customers: Int
    /// Σ reach probability over one period: the customers expected to reach it next period.
    public var expectedReachers: Double
    /// Customers expected to reach it within the milestone's horizon, with a constant per-period
    /// hazard: Σ 1 − (1 − p)^(horizon / period length).
    public var expectedReachersWithinHorizon: Double
    public var reachProbability: Double
    /// The catalogue's list value.
    public var upsellARR: Double
    /// The value the forecast uses: realised mean of past takers in the segment, shrunk toward
    /// the list value (`UpsellValue`); the list value when history has no takers.
    public var realisedUpsellARR: Double
    /// Take rate averaged over the cohort's expected reachers.
    public var takeRate: Double
    /// Σ reach × take × realised upsell for next period.
    public var expectedExpansionARR: Double
}
