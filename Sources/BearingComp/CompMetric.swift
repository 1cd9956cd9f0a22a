/// What a variable component measures on a CSM's book in one payment period.
///
/// Rates are fractions (0.9 = 90%); money is dollars of ARR. Retention metrics come from the
/// book's `RetentionTally` (customers present at the payment period's first panel period).
public enum CompMetric: String, Sendable, Hashable, Codable, CaseIterable {
    /// ARR renewal rate: (start ARR - churned ARR) / start ARR; contraction and expansion ignored.
    case renewalRate = "renewal_rate"
    /// Gross revenue retention (capped at 1).
    case grr
    /// Net revenue retention.
    case nrr
    /// Expansion ARR credited to the CSM (times the CSM's revenue share when the plan has one), in dollars.
    case expansionARR = "expansion_arr"
    /// Retained customers / starting customers.
    case logoRetention = "logo_retention"
    /// Mean of `experience.nps` over the book's rows (missing cells skipped).
    case nps
    /// Mean of `experience.csat` over the book's rows.
    case csat
    /// Mean of `experience.ces` over the book's rows.
    case ces
    /// Actual expansion ARR of the book / the vector forecast of it (1.0 = delivered the forecast).
    case vectorForecastAttainment = "vector_forecast_attainment"

    /// The panel feature the survey metrics average, by default.
    public var defaultFeature: String? {
        switch self {
        case .nps: "experience.nps"
        case .csat: "experience.csat"
        case .ces: "experience.ces"
        default: nil
        }
    }

    /// Whether payouts on this metric are tied to expansions, so a clawback recovers them.
    public var isExpansionLinked: Bool {
        self == .expansionARR || self == .vectorForecastAttainment
    }
}

/// Which way a metric improves. Attainment is actual / target when higher is better and
/// target / actual when lower is better (e.g. a customer effort score where low effort is good).
public enum MetricDirection: String, Sendable, Hashable, Codable, CaseIterable {
    case higher
    case lower
}
