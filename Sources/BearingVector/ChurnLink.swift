/// The link from a Success Vector to the probability of churning in the period:
///
///     churn logit = intercept + direction·direction_raw + magnitude·magnitude_raw
///                   + ghost·[category is ghost] + Σ_j churn_j·z_j
///     churn probability = logistic(churn logit)
///
/// The per-feature `churn_j` live in `WeightedFeature.churn` (zero for `vector` models).
public struct ChurnLink: Sendable, Hashable, Codable {
    public var intercept: Double
    /// Coefficient of direction_raw (negative: progressing customers churn less).
    public var direction: Double
    /// Coefficient of magnitude_raw (negative: a good experience keeps customers).
    public var magnitude: Double
    /// Added to the logit of ghost customers.
    public var ghost: Double

    public init(intercept: Double, direction: Double, magnitude: Double, ghost: Double) {
        self.intercept = intercept
        self.direction = direction
        self.magnitude = magnitude
        self.ghost = ghost
    }
}
