import BearingForecast

/// `forecast.json`, written by `forecast`: the forecast with where it came from.
public struct ForecastDocument: Codable, Sendable, Hashable {
    public static let fileName = "forecast.json"

    public var bearingVersion: String
    public var history: String
    /// `weights.json` path, or `default` for the documented default weights.
    public var weights: String
    public var milestones: String
    /// Prior strength of the Beta-Binomial shrinkage, in customers.
    public var kappa: Double
    /// Recency half-life in periods; absent when all periods weigh the same.
    public var halfLife: Double?
    /// Only the customers up for renewal in each period were forecast (`--renewals-only`).
    public var renewalsOnly: Bool
    public var forecast: ExpansionForecast

    public init(
        bearingVersion: String, history: String, weights: String, milestones: String, kappa: Double,
        halfLife: Double?, renewalsOnly: Bool = false, forecast: ExpansionForecast
    ) {
        self.bearingVersion = bearingVersion
        self.history = history
        self.weights = weights
        self.milestones = milestones
        self.kappa = kappa
        self.halfLife = halfLife
        self.renewalsOnly = renewalsOnly
        self.forecast = forecast
    }
}
