/// The quota forecast of one segment in one period, with the rate or target behind it.
public struct SegmentQuota: Sendable, Hashable, Codable {
    public var period: String
    public var segment: String
    /// Start-of-period ARR of the segment's customers.
    public var bookARR: Double
    /// Sources `rate` and `trailing`: expansion ARR per period as a share of book ARR.
    public var rate: Double?
    /// Source `trailing`: the periods the rate was observed over (at most the plan's window,
    /// fewer at the start of the history), their expansion ARR and their starting ARR.
    public var observedPeriods: [String]?
    public var observedExpansionARR: Double?
    public var observedStartingARR: Double?
    /// Source `trailing`: true when the segment had no ARR in those periods, so its rate is the
    /// one observed over all segments.
    public var pooled: Bool?
    /// Source `file`: the segment's annual target in ARR (its CSMs' targets added up when the
    /// file gives them per CSM) and the share of it that falls in this period.
    public var annualTarget: Double?
    public var periodShare: Double?
    /// The quota forecast of expansion ARR in the period.
    public var quotaExpansionARR: Double

    public init(
        period: String, segment: String, bookARR: Double, rate: Double? = nil, observedPeriods: [String]? = nil,
        observedExpansionARR: Double? = nil, observedStartingARR: Double? = nil, pooled: Bool? = nil,
        annualTarget: Double? = nil, periodShare: Double? = nil, quotaExpansionARR: Double
    ) {
        self.period = period
        self.segment = segment
        self.bookARR = bookARR
        self.rate = rate
        self.observedPeriods = observedPeriods
        self.observedExpansionARR = observedExpansionARR
        self.observedStartingARR = observedStartingARR
        self.pooled = pooled
        self.annualTarget = annualTarget
        self.periodShare = periodShare
        self.quotaExpansionARR = quotaExpansionARR
    }
}
