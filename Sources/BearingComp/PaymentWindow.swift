import BearingPanel

/// One payment period of a plan as seen in a panel: the panel periods of it that fall in the
/// chosen range.
public struct PaymentWindow: Sendable, Hashable, Codable {
    /// `2025-Q2` for quarterly plans, `2025` for annual ones.
    public var label: String
    /// Panel periods in the window, ascending. The book is the customers present at the first.
    public var periods: [Period]
    /// Window length in years (panel periods / periods per year): base and target payouts
    /// scale by it, so a partial year pays pro rata.
    public var years: Double
    /// Window length as a fraction of a full payment period: expansion targets scale by it.
    public var paymentFraction: Double

    public init(label: String, periods: [Period], years: Double, paymentFraction: Double) {
        self.label = label
        self.periods = periods
        self.years = years
        self.paymentFraction = paymentFraction
    }
}
