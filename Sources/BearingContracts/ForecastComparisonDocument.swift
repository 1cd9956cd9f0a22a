import BearingForecast

/// `comparison.json` of `compare-forecasts`: quota vs vector vs actual, walked forward.
public struct ForecastComparisonDocument: Codable, Sendable, Hashable {
    public static let fileName = "comparison.json"

    public var bearingVersion: String
    public var history: String
    /// `weights.json` path, or `default` for the documented default weights.
    public var weights: String
    public var milestones: String
    public var kappa: Double
    /// Recency half-life in periods; absent when all periods weigh the same.
    public var halfLife: Double?
    /// Only the customers up for renewal in each period were forecast (`--renewals-only`).
    public var renewalsOnly: Bool
    public var comparison: ForecastComparison

    public init(
        bearingVersion: String, history: String, weights: String, milestones: String, kappa: Double,
        halfLife: Double?, renewalsOnly: Bool = false, comparison: ForecastComparison
    ) {
        self.bearingVersion = bearingVersion
        self.history = history
        self.weights = weights
        self.milestones = milestones
        self.kappa = kappa
        self.halfLife = halfLife
        self.renewalsOnly = renewalsOnly
        self.comparison = comparison
    }
}
