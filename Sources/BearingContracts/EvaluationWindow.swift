import BearingPanel

/// The backtest window `bearing serve` evaluates: the rows of periods `first...last`, scored
/// with weights whose baselines were fitted on the periods before `first` only.
public struct EvaluationWindow: Codable, Sendable, Hashable {
    public var first: Period
    public var last: Period
    /// Periods the calibrated and health baselines were fitted on (all periods before `first`).
    public var trainingPeriods: [Period]
    public var rows: Int
    public var churned: Int
    /// churned / rows.
    public var churnRate: Double

    public init(first: Period, last: Period, trainingPeriods: [Period], rows: Int, churned: Int) {
        self.first = first
        self.last = last
        self.trainingPeriods = trainingPeriods
        self.rows = rows
        self.churned = churned
        self.churnRate = rows > 0 ? Double(churned) / Double(rows) : 0
    }
}
