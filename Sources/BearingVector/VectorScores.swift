import BearingPanel

/// Scores of many customers, structure of arrays, aligned with the rows of the `FeatureMatrix`
/// they came from.
public struct VectorScores: Sendable, Hashable {
    /// tanh(direction_raw), in (-1, 1).
    public var direction: [Float]
    /// logistic(magnitude_raw), in (0, 1).
    public var magnitude: [Float]
    /// Probability of churning in the period, in (0, 1).
    public var churnProbability: [Float]
    /// `VectorCategory.rawValue` per customer.
    public var category: [UInt8]
    /// direction_raw per customer, or empty when not requested.
    public var directionRaw: [Float]
    /// magnitude_raw per customer, or empty when not requested.
    public var magnitudeRaw: [Float]

    /// Zeroed outputs for `count` customers (raw columns only when `includeRaw`).
    public init(count: Int, includeRaw: Bool = false) {
        direction = [Float](repeating: 0, count: count)
        magnitude = [Float](repeating: 0, count: count)
        churnProbability = [Float](repeating: 0, count: count)
        category = [UInt8](repeating: 0, count: count)
        directionRaw = includeRaw ? [Float](repeating: 0, count: count) : []
        magnitudeRaw = includeRaw ? [Float](repeating: 0, count: count) : []
    }

    public var count: Int { direction.count }

    /// The category of customer `i`.
    public func vectorCategory(_ i: Int) -> VectorCategory {
        VectorCategory(rawValue: category[i]) ?? .neutral
    }
}
