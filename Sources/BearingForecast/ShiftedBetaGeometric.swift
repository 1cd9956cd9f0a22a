#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The shifted-beta-geometric (sBG) model of contractual retention
/// (Fader & Hardie 2007, "How to Project Customer Retention", J. Interactive Marketing 21(1)).
///
/// Each customer renews at the end of every period with a fixed probability `1 - θ` until they
/// cancel; `θ` varies across customers as `Beta(alpha, beta)`. `T ≥ 1` is the period in which a
/// customer cancels, so `S(t) = P(T > t)` is the share still a customer after `t` periods:
///
/// - `P(T = t) = B(α+1, β+t−1) / B(α, β)`, by recursion `P(T=1) = α/(α+β)`,
///   `P(T=t) = (β+t−2)/(α+β+t−1) · P(T=t−1)`;
/// - `S(t) = B(α, β+t) / B(α, β)`, by recursion `S(0) = 1`, `S(t) = S(t−1) − P(T=t)`;
/// - retention rate `r(t) = S(t)/S(t−1) = (β+t−1)/(α+β+t−1)`, rising with `t` because the
///   customers most likely to cancel leave first.
///
/// Lifetimes count periods paid for: `E[T] = Σ_{t≥0} S(t) = (α+β−1)/(α−1)` when `α > 1`, and
/// infinite when `α ≤ 1` (the Beta density near θ = 0 is heavy enough that `E[1/θ]` diverges).
public struct ShiftedBetaGeometric: Sendable, Hashable, Codable {
    /// Beta shape on the churn probability; larger means fewer very loyal customers.
    public let alpha: Double
    /// Beta shape on the retention probability; larger means fewer quick cancellers.
    public let beta: Double

    /// Fails unless both parameters are finite and positive.
    public init(alpha: Double, beta: Double) throws(RetentionModelError) {
        guard alpha.isFinite, beta.isFinite, alpha > 0, beta > 0 else {
            throw .invalidParameters(alpha: alpha, beta: beta)
        }
        self.alpha = alpha
        self.beta = beta
    }

    // MARK: Closed forms

    /// `P(T = t)` for `t ≥ 1` from log-beta functions (`lgamma`); 0 for `t < 1`.
    /// Relative error about 1e-13 for moderate `t`; use `churnProbabilities(through:)` for a run.
    public func churnProbability(at t: Int) -> Double {
        guard t >= 1 else { return 0 }
        return exp(Self.logBeta(alpha + 1, beta + Double(t) - 1) - Self.logBeta(alpha, beta))
    }

    /// `S(t) = P(T > t)` for `t ≥ 0` from log-beta functions; 1 for `t ≤ 0`.
    public func survival(at t: Int) -> Double {
        guard t >= 1 else { return 1 }
        return exp(Self.logBeta(alpha, beta + Double(t)) - Self.logBeta(alpha, beta))
    }

    /// Retention rate `r(t) = (β+t−1)/(α+β+t−1)`: the share of customers alive after `t − 1`
    /// periods who renew at the end of period `t` (`t ≥ 1`).
    public func retentionRate(at t: Int) -> Double {
        let tt = Double(max(t, 1))
        return (beta + tt - 1) / (alpha + beta + tt - 1)
    }

    /// Mean churn probability of a new customer, `α/(α+β) = P(T = 1)`.
    public var meanChurnProbability: Double { alpha / (alpha + beta) }

    // MARK: Recursions (what projections use)

    /// `[P(T=1), …, P(T=n)]` by the recursion `P(T=t) = (β+t−2)/(α+β+t−1) · P(T=t−1)`.
    public func churnProbabilities(through n: Int) -> [Double] {
        guard n >= 1 else { return [] }
        var p = [Double]()
        p.reserveCapacity(n)
        p.append(alpha / (alpha + beta))
        for t in stride(from: 2, through: n, by: 1) {
            let tt = Double(t)
            p.append(p[t - 2] * (beta + tt - 2) / (alpha + beta + tt - 1))
        }
        return p
    }

    /// `[S(0), S(1), …, S(n)]` as running products of retention rates, `S(t) = r(t) S(t−1)`.
    /// (Equal to `S(t−1) − P(T=t)` but without the cancellation that subtraction suffers once
    /// `S(t)` is small.)
    public func survivalCurve(through n: Int) -> [Double] {
        var s = [1.0]
        s.reserveCapacity(max(n, 0) + 1)
        if n >= 1 {
            for t in 1...n { s.append(s[t - 1] * retentionRate(at: t)) }
        }
        return s
    }

    /// Retention rates `r(from) … r(through)`.
    public func retentionRates(from first: Int, through last: Int) -> [Double] {
        guard last >= first else { return [] }
        return (first...last).map { retentionRate(at: $0) }
    }

    // MARK: Lifetimes

    /// The model of a customer who has already renewed `renewals` times (`T > renewals`):
    /// Bayes' rule turns `θ ~ Beta(α, β)` into `Beta(α, β + renewals)`.
    public func afterSurviving(_ renewals: Int) -> ShiftedBetaGeometric {
        // α > 0 and β + n > 0 hold, so the initialiser cannot fail.
        ShiftedBetaGeometric(uncheckedAlpha: alpha, beta: beta + Double(max(renewals, 0)))
    }

    /// Expected lifetime of a new customer in periods paid for, `E[T] = (α+β−1)/(α−1)`;
    /// `.infinity` when `α ≤ 1` (the sum `Σ S(t)` diverges).
    public var expectedLifetime: Double {
        alpha > 1 ? (alpha + beta - 1) / (alpha - 1) : .infinity
    }

    /// Expected number of further renewals of a customer who has renewed `renewals` times,
    /// `Σ_{t>n} S(t)/S(n) = (β+n)/(α−1)`; `.infinity` when `α ≤ 1`.
    public func expectedResidualLifetime(renewals: Int) -> Double {
        alpha > 1 ? (beta + Double(max(renewals, 0))) / (alpha - 1) : .infinity
    }

    /// Discounted expected lifetime of a new customer (Fader & Hardie 2010):
    /// `DEL(d) = Σ_{t≥0} S(t)/(1+d)^t = ₂F₁(1, β; α+β; 1/(1+d))`, the first period's payment
    /// undiscounted. Finite for every `d > 0`; at `d = 0` it is `expectedLifetime`.
    public func discountedExpectedLifetime(discountRate d: Double) -> Double {
        guard d > 0 else { return expectedLifetime }
        return Self.hypergeometric1(b: beta, c: alpha + beta, x: 1 / (1 + d))
    }

    /// Discounted expected residual lifetime (Fader & Hardie 2010, "Customer-Base Valuation in
    /// a Contractual Setting") of a customer who has renewed `renewals = n` times, evaluated
    /// just before the next renewal decision:
    /// `DERL(d, n) = Σ_{t>n} S(t)/S(n) / (1+d)^(t−n−1) = r(n+1) · ₂F₁(1, β+n+1; α+β+n+1; 1/(1+d))`.
    /// (The paper indexes the same customer as "n−1 renewals" with `n` one larger.)
    /// At `d = 0` it is `expectedResidualLifetime(renewals:)`, infinite when `α ≤ 1`.
    ///
    /// The series is summed term by term until the geometric tail bound falls below 1e-16 of
    /// the sum; cost grows like `1/d`, so rates below about 1e-6 are slow (~10⁸ terms).
    public func discountedExpectedResidualLifetime(discountRate d: Double, renewals n: Int) -> Double {
        guard d > 0 else { return expectedResidualLifetime(renewals: n) }
        let nn = Double(max(n, 0))
        return retentionRate(at: max(n, 0) + 1)
            * Self.hypergeometric1(b: beta + nn + 1, c: alpha + beta + nn + 1, x: 1 / (1 + d))
    }

    // MARK: Helpers

    init(uncheckedAlpha alpha: Double, beta: Double) {
        self.alpha = alpha
        self.beta = beta
    }

    /// `ln B(a, b)` through `lgamma` (positive arguments only).
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        lgamma(a) + lgamma(b) - lgamma(a + b)
    }

    /// `₂F₁(1, b; c; x) = Σ_k (b)_k/(c)_k x^k` for `0 ≤ x < 1`, `c > b > 0`: every term ratio
    /// `(b+k)/(c+k)·x` is below `x`, so the tail after a term is at most `term·x/(1−x)`.
    static func hypergeometric1(b: Double, c: Double, x: Double) -> Double {
        var sum = 1.0
        var term = 1.0
        var k = 0.0
        let tailFactor = x / (1 - x)
        while term * tailFactor > 1e-16 * sum {
            term *= (b + k) / (c + k) * x
            sum += term
            k += 1
        }
        return sum
    }
}
