/// Where one number (or block) of a fitted scenario came from, for the YAML comments and
/// reports: "method of moments on 60,880 rows", "default: not identifiable from a panel".
public struct FitSource: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Estimated from the history (method of moments, maximum likelihood, EM).
        case estimated
        /// Estimated, then adjusted so simulations of the history's book match its totals.
        case matched
        /// Taken as given (the milestone catalogue, the options).
        case given
        /// Not identifiable from a panel, or no data: the documented default.
        case defaulted = "default"
    }

    public var kind: Kind
    /// How, on what, in a few words.
    public var detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String {
        switch kind {
        case .defaulted: "default: \(detail)"
        case .given: "given: \(detail)"
        case .estimated, .matched: detail
        }
    }
}
