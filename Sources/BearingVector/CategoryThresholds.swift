/// How a Success Vector falls into a category, in order of precedence:
///
/// 1. `ghost` when any ghost rule fires (engagement overrides the vector);
/// 2. `negative` when direction < `negativeDirection`;
/// 3. `positive` when direction > `positiveDirection` and magnitude >= `positiveMagnitude`;
/// 4. `neutral` otherwise (stalled, or progressing without the experience to carry it).
///
/// Thresholds are on the bounded scales (direction in [-1, 1], magnitude in [0, 1]). The
/// kernel compares the raw sums against atanh/logit of these, so a category never depends
/// on the approximation error of tanh or the logistic function.
public struct CategoryThresholds: Sendable, Hashable, Codable {
    public var positiveDirection: Double
    public var positiveMagnitude: Double
    public var negativeDirection: Double
    /// Combined with "any": one firing rule makes the customer a ghost.
    public var ghost: [GhostRule]

    public init(positiveDirection: Double, positiveMagnitude: Double, negativeDirection: Double, ghost: [GhostRule]) {
        self.positiveDirection = positiveDirection
        self.positiveMagnitude = positiveMagnitude
        self.negativeDirection = negativeDirection
        self.ghost = ghost
    }
}
