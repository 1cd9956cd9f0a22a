/// One engagement signal that marks a customer as gone dark (`ghost`) when it crosses a
/// threshold on its raw (unstandardised) scale, e.g. `engagement.days_since_contact` above 90.
/// A missing value never fires a rule.
public struct GhostRule: Sendable, Hashable, Codable {
    public enum Side: String, Sendable, Hashable, Codable {
        /// Fires when the value is strictly greater than the threshold.
        case above
        /// Fires when the value is strictly less than the threshold.
        case below
    }

    /// Feature name; must be in the weights' schema.
    public var feature: String
    public var side: Side
    public var threshold: Double

    /// `engagement.days_since_contact > 90`.
    public var label: String {
        let value = threshold == threshold.rounded() && abs(threshold) < 1e15 ? String(Int64(threshold)) : "\(threshold)"
        return "\(feature) \(side == .above ? ">" : "<") \(value)"
    }

    public init(feature: String, side: Side, threshold: Double) {
        self.feature = feature
        self.side = side
        self.threshold = threshold
    }
}
