/// The upsell value used for a milestone in one segment: the realised mean `expansion_arr` of
/// past takers (rows that reached the milestone and expanded), shrunk toward a prior value.
///
/// Two levels, each with prior weight `w` pseudo-takers (the forecast's prior strength κ):
/// the milestone's all-segment value `v_m = (Σx_m + w·list) / (n_m + w)` shrinks toward the
/// catalogue's list value, and the segment's value `v_ms = (Σx_ms + w·v_m) / (n_ms + w)` toward
/// `v_m`. A milestone with no takers yet (e.g. a later one early in a history) gets
/// `list · r_s`, with `r_s = (Σ x/list + w) / (n_s + w)` the segment's realised ÷ list ratio
/// over its takers of other milestones, shrunk toward 1; with no takers in history at all the
/// value is the list value.
///
/// Its standard error is `s / √(n_ms + w)` with `s` the sample standard deviation of the
/// segment's takers (of the milestone's takers when the segment has fewer than 2; 0 when the
/// milestone has fewer than 2): the spread of the estimated mean, not of single deals.
public struct UpsellValue: Sendable, Hashable, Codable {
    /// The catalogue's list value.
    public var listValue: Double
    /// Past takers in the cell (milestone, segment).
    public var takers: Int
    /// Their mean `expansion_arr`, when there were any.
    public var realisedMean: Double?
    /// The value the forecast uses.
    public var value: Double
    public var standardError: Double

    public init(listValue: Double, takers: Int, realisedMean: Double?, value: Double, standardError: Double) {
        self.listValue = listValue
        self.takers = takers
        self.realisedMean = realisedMean
        self.value = value
        self.standardError = standardError
    }

    /// The list value with no history behind it.
    public init(list: Double) {
        self.init(listValue: list, takers: 0, realisedMean: nil, value: list, standardError: 0)
    }
}
