/// Where a forecast run came from: the inputs and model settings `forecast` and
/// `compare-forecasts` record beside their result (`ForecastRunDocument`).
public struct ForecastSource: Codable, Sendable, Hashable {
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

    public init(
        bearingVersion: String, history: String, weights: String, milestones: String, kappa: Double, halfLife: Double?,
        renewalsOnly: Bool
    ) {
        self.bearingVersion = bearingVersion
        self.history = history
        self.weights = weights
        self.milestones = milestones
        self.kappa = kappa
        self.halfLife = halfLife
        self.renewalsOnly = renewalsOnly
    }
}
