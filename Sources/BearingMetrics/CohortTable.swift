import BearingPanel

/// Retention metrics of one window of periods, per segment and cohort, with roll-ups.
///
/// Rows come segment by segment (names ascending), then the roll-up over all segments
/// (`segment == CohortTable.allLabel`). Within each segment: the five cohorts (bad-fit first,
/// so bad-fit churn is always read apart), then `good-fit` (the four good-fit cohorts
/// together), then `all`.
public struct CohortTable: Sendable, Hashable, Codable {
    public static let allLabel = "all"
    public static let goodFitLabel = "good-fit"
    /// The CLTV formula, for reports to print beside the numbers.
    public static let cltvFormula =
        "CLTV = (start ARR / starting customers) x gross margin / annual churn rate, annual churn rate = 1 - (1 - logo churn in window)^(periods per year / window periods)"

    public struct Row: Sendable, Hashable, Codable {
        /// Segment name, or `all`.
        public var segment: String
        /// A `Cohort` label, `good-fit` or `all`.
        public var cohort: String
        public var tally: RetentionTally
        /// NRR, GRR, logo retention and CLTV of `tally`; nil where undefined (no customers,
        /// zero start ARR, no churn for CLTV).
        public var nrr: Double?
        public var grr: Double?
        public var logoRetention: Double?
        public var cltv: Double?
    }

    public var firstPeriod: Period
    public var lastPeriod: Period
    public var windowPeriods: Int
    public var grossMargin: Double
    public var rows: [Row]

    /// The row for `segment` and `cohort` labels, if present.
    public func row(segment: String, cohort: String) -> Row? {
        rows.first { $0.segment == segment && $0.cohort == cohort }
    }
}
