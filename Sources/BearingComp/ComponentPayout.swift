/// One component's result for one CSM in one payment window.
public struct ComponentPayout: Sendable, Hashable {
    public var metric: CompMetric
    /// The metric's value on the book (NaN when undefined: no book, no survey answer, no forecast).
    public var actual: Double
    /// `actual / target` (or inverse when lower is better); NaN when undefined.
    public var attainment: Double
    /// What 100% attainment pays in this window, dollars.
    public var targetPayout: Double
    /// Dollars paid.
    public var payout: Double

    public init(metric: CompMetric, actual: Double, attainment: Double, targetPayout: Double, payout: Double) {
        self.metric = metric
        self.actual = actual
        self.attainment = attainment
        self.targetPayout = targetPayout
        self.payout = payout
    }
}
