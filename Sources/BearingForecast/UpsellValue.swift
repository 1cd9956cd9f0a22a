/// The upsell value used for a milestone in one segment: the realised mean `expansion_arr` of
/// past takers (rows that reached the milestone and expanded), shrunk toward a prior value.
///
/// The prior is `list_m · r_s · f_m`, each factor shrunk with prior weight `w` pseudo-takers
/// (the forecast's prior strength κ):
/// - `r_s = (Σ x/list + w·r̄) / (n_s + w)`, the segment's deal size: its takers' realised ÷ list
///   ratio over all milestones, shrunk toward all segments' `r̄ = (Σ x/list + w) / (n + w)`;
/// - `f_m = (Σ_s S_ms / (list_m · r_s) + w) / (n_m + w)`, the milestone's level: how its takers'
///   values compare with list × their segment's deal size (`S_ms` the sum of the cell's values);
/// - the cell's value `v_ms = (S_ms + w · list_m · r_s · f_m) / (n_ms + w)`.
///
/// Why not shrink toward the milestone's all-segment mean: segments differ in deal size (in the
/// saas-agency scenario 0.4×, 1× and 3× list), so a segment with few takers of a milestone
/// would be pulled toward the other segments' deals — small segments up, large ones down —
/// which biased the small segment's forecast by +12.6% (docs/forecast-validation.md). A
/// milestone nobody has taken yet reads `list_m · r_s`; with no takers in history at all the
/// value is the list value.
///
/// Its standard error is `s / √(n_ms + w)` with `s` the sample standard deviation of the
/// segment's takers (of the milestone's takers when the segment has fewer than 2; 0 when the
/// milestone has fewer than 2): the spread of the estimated mean, not of single deals. For a
/// milestone nobody has taken yet it is `list_m · sd(r) / √(n_s + w)`, the spread of the
/// segment's ratios.
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
