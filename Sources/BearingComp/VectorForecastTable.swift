import BearingPanel

/// The vector forecast of expansion ARR per CSM and panel period, in dollars: what
/// `vector_forecast_attainment` components measure delivery against. A payment window's
/// forecast is the sum over its panel periods; a missing entry leaves the window undefined
/// (the component pays nothing there).
public struct VectorForecastTable: Sendable, Hashable {
    public struct Key: Sendable, Hashable {
        public var csmID: String
        public var period: Period

        public init(csmID: String, period: Period) {
            self.csmID = csmID
            self.period = period
        }
    }

    public var values: [Key: Double]

    public init(_ values: [Key: Double] = [:]) {
        self.values = values
    }

    public subscript(csmID: String, period: Period) -> Double? {
        get { values[Key(csmID: csmID, period: period)] }
        set { values[Key(csmID: csmID, period: period)] = newValue }
    }

    /// Sum of the forecasts of `periods` for a CSM; nil when any is missing.
    public func total(csmID: String, periods: [Period]) -> Double? {
        var sum = 0.0
        for p in periods {
            guard let v = self[csmID, p] else { return nil }
            sum += v
        }
        return sum
    }

    /// Adds `expansion` dollars to a CSM's forecast for `period` (forecasts built row by row
    /// from customer outlooks sum this way).
    public mutating func add(csmID: String, period: Period, expansion: Double) {
        values[Key(csmID: csmID, period: period), default: 0] += expansion
    }
}
