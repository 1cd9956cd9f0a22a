/// What a fitted contractual retention model projects: survival and retention by period and
/// the (discounted) lifetimes that follow. ``ShiftedBetaGeometric`` and ``BetaDiscreteWeibull``
/// both provide it, so projections and reports are written once for either.
///
/// Periods count from acquisition: `S(t)` is the share of a new cohort still a customer after
/// `t` periods, `S(0) = 1`; `r(t) = S(t)/S(t−1)` the retention rate of period `t ≥ 1`.
public protocol RetentionCurve: Sendable {
    /// `S(t)` for `t ≥ 0`.
    func survival(at t: Int) -> Double
    /// `r(t) = S(t)/S(t−1)` for `t ≥ 1`.
    func retentionRate(at t: Int) -> Double
    /// `[S(0), …, S(n)]`.
    func survivalCurve(through n: Int) -> [Double]
    /// `P(T = 1)`, the share of a new cohort lost in its first period.
    var meanChurnProbability: Double { get }
    /// `E[T] = Σ_{t≥0} S(t)` in periods paid for; `.infinity` when the sum diverges.
    var expectedLifetime: Double { get }
    /// `Σ_{t≥0} S(t)/(1+d)^t`.
    func discountedExpectedLifetime(discountRate d: Double) -> Double
    /// `Σ_{t>n} S(t)/S(n)/(1+d)^(t−n−1)` for a customer who has renewed `n` times.
    func discountedExpectedResidualLifetime(discountRate d: Double, renewals n: Int) -> Double
}

extension ShiftedBetaGeometric: RetentionCurve {}
