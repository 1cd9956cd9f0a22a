/// Where the quota forecast of expansion came from.
public enum QuotaSource: String, Sendable, Hashable, Codable, CaseIterable {
    /// A rate per period given by the user, times book ARR.
    case rate
    /// Annual targets from a quota file, spread over the periods of the year.
    case file
    /// No quota given: the segment's observed expansion rate over the periods just before.
    case trailing
}
