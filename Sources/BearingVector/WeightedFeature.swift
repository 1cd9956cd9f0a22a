import BearingPanel

/// One feature of a `Weights` schema: its standardisation and its weight on each axis.
///
/// Standardised value z = (x - mean) / sd. A missing value (empty cell, NaN) is imputed to
/// the training mean, i.e. z = 0, so it contributes nothing to any sum; `missing` counts
/// how many cells of the training data were imputed.
public struct WeightedFeature: Sendable, Hashable, Codable {
    /// Column name as in the history header, e.g. `outcome.usage_trend`.
    public var name: String
    public var group: FeatureGroup
    /// Mean of the non-missing training values.
    public var mean: Double
    /// Standard deviation (population, ddof 0) of the non-missing training values; > 0.
    public var sd: Double
    /// Non-missing training values the standardisation was estimated from.
    public var count: Int
    /// Missing training values (imputed to the mean).
    public var missing: Int
    /// Weight of z on direction_raw (outcome features by convention).
    public var direction: Double
    /// Weight of z on magnitude_raw (experience features by convention).
    public var magnitude: Double
    /// Weight of z directly on the churn logit (`logistic` and `health` models; 0 for `vector`).
    public var churn: Double

    public init(
        name: String, group: FeatureGroup, mean: Double, sd: Double, count: Int = 0, missing: Int = 0,
        direction: Double = 0, magnitude: Double = 0, churn: Double = 0
    ) {
        self.name = name
        self.group = group
        self.mean = mean
        self.sd = sd
        self.count = count
        self.missing = missing
        self.direction = direction
        self.magnitude = magnitude
        self.churn = churn
    }
}
