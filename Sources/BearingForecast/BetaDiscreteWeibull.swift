#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The beta-discrete-Weibull (BdW) model of contractual retention (Fader, Hardie, Liu, Davin &
/// Steenburgh 2018, "How to Project Customer Retention Revisited", J. Interactive Marketing 43).
///
/// Each customer's churn probability is not constant but changes with tenure: a customer with
/// base churn probability `θ` is still a customer after `t` periods with probability
/// `(1 − θ)^(t^c)`, and `θ ~ Beta(alpha, beta)` across customers. Averaging over `θ`:
///
/// - `S(t) = P(T > t) = B(α, β + t^c) / B(α, β)`, `S(0) = 1`;
/// - `P(T = t) = S(t−1) − S(t)`; retention rate `r(t) = S(t)/S(t−1)`.
///
/// `c = 1` is the shifted-beta-geometric model (``ShiftedBetaGeometric``): individual churn
/// probabilities are constant, and retention rises only because the likeliest cancellers leave
/// first. `c < 1` adds individual churn probabilities that fall with tenure (customers settle
/// in), `c > 1` ones that rise (e.g. a product that wears out its welcome).
///
/// `S(t) ~ Γ(α)/B(α, β) · t^(−cα)` for large `t`, so the expected lifetime `E[T] = Σ_{t≥0} S(t)`
/// is finite exactly when `cα > 1`.
public struct BetaDiscreteWeibull: Sendable, Hashable, Codable, RetentionCurve {
    /// Beta shape on the base churn probability; larger means fewer very loyal customers.
    public let alpha: Double
    /// Beta shape on the base retention probability; larger means fewer quick cancellers.
    public let beta: Double
    /// Weibull shape: how individual churn probabilities change with tenure (1 = constant).
    public let c: Double

    /// Fails unless all three parameters are finite and positive.
    public init(alpha: Double, beta: Double, c: Double) throws(RetentionModelError) {
        guard alpha.isFinite, beta.isFinite, alpha > 0, beta > 0 else {
            throw .invalidParameters(alpha: alpha, beta: beta)
        }
        guard c.isFinite, c > 0 else { throw .invalidShape(c: c) }
        self.alpha = alpha
        self.beta = beta
        self.c = c
    }

    init(uncheckedAlpha alpha: Double, beta: Double, c: Double) {
        self.alpha = alpha
        self.beta = beta
        self.c = c
    }

    /// The sBG model with the same `alpha` and `beta` when `c` is exactly 1.
    public var shiftedBetaGeometric: ShiftedBetaGeometric? {
        c == 1 ? ShiftedBetaGeometric(uncheckedAlpha: alpha, beta: beta) : nil
    }

    // MARK: Survival

    /// `ln S(t)` for real `t ≥ 0`: `ln B(α, β+t^c) − ln B(α, β)`. Through `lgamma` while
    /// `β + t^c < 1000` (absolute error about 1e-15·|ln Γ(β + t^c)|, at most 1e-11); beyond, the
    /// difference `ln Γ(β+x) − ln Γ(α+β+x)` by `logGammaDifference`, which does not cancel
    /// (absolute error about 1e-16·α·ln x), so tails far out (`t^c` up to 1e300) stay exact.
    /// `−∞` once `t^c` overflows.
    func logSurvival(_ t: Double) -> Double {
        guard t > 0 else { return 0 }
        let x = pow(t, c)
        guard x.isFinite else { return -.infinity }
        let offset = lgamma(alpha + beta) - lgamma(beta)
        if beta + x < 1000 {
            return lgamma(beta + x) - lgamma(alpha + beta + x) + offset
        }
        return Self.logGammaDifference(alpha + beta + x, -alpha) + offset
    }

    /// `ln Γ(y + d) − ln Γ(y)` for `y, y + d ≥ 1000` by Stirling's series written so nothing
    /// large cancels: `d ln y + (y + d − ½) log1p(d/y) − d + s(y + d) − s(y)`, with
    /// `s(z) = 1/(12z) − 1/(360z³) + 1/(1260z⁵) − 1/(1680z⁷)` (truncation below 1e-27).
    static func logGammaDifference(_ y: Double, _ d: Double) -> Double {
        func s(_ z: Double) -> Double {
            let inv = 1 / z, inv2 = inv * inv
            return inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 / 1680)))
        }
        return d * log(y) + (y + d - 0.5) * log1p(d / y) - d + s(y + d) - s(y)
    }

    /// `S(t) = P(T > t)` for `t ≥ 0`; 1 for `t ≤ 0`.
    public func survival(at t: Int) -> Double {
        exp(logSurvival(Double(max(t, 0))))
    }

    /// `P(T = t) = S(t−1) − S(t)` for `t ≥ 1`, computed as `S(t−1)·(−expm1(ln S(t) − ln S(t−1)))`
    /// so that it keeps its relative precision when both survivals are close; 0 for `t < 1`.
    public func churnProbability(at t: Int) -> Double {
        guard t >= 1 else { return 0 }
        let before = logSurvival(Double(t - 1))
        return exp(before) * -expm1(logSurvival(Double(t)) - before)
    }

    /// Retention rate `r(t) = S(t)/S(t−1)`: the share of customers alive after `t − 1` periods
    /// who renew at the end of period `t` (`t ≥ 1`).
    public func retentionRate(at t: Int) -> Double {
        let tt = max(t, 1)
        return exp(logSurvival(Double(tt)) - logSurvival(Double(tt - 1)))
    }

    /// `[S(0), S(1), …, S(n)]`.
    public func survivalCurve(through n: Int) -> [Double] {
        [1.0] + (n >= 1 ? (1...n).map { survival(at: $0) } : [])
    }

    /// `[P(T=1), …, P(T=n)]`.
    public func churnProbabilities(through n: Int) -> [Double] {
        n >= 1 ? (1...n).map { churnProbability(at: $0) } : []
    }

    /// Mean churn probability of a new customer in its first period, `α/(α+β) = P(T = 1)`
    /// (1^c = 1, whatever `c`).
    public var meanChurnProbability: Double { alpha / (alpha + beta) }

    // MARK: Lifetimes

    /// Expected lifetime of a new customer in periods paid for, `E[T] = Σ_{t≥0} S(t)`;
    /// `.infinity` when `cα ≤ 1`. No closed form unless `c = 1`: `S(t)` is summed exactly for
    /// `t ≤ 1000` and the tail by Euler–Maclaurin, its integral by Simpson's rule in `ln t`
    /// (see `tail(after:_:)`). Relative error below 1e-9 against the sBG closed form at `c = 1`
    /// for `α` down to 1.05; worse as `cα` approaches 1 (the tail is then most of the sum).
    public var expectedLifetime: Double {
        guard c * alpha > 1 else { return .infinity }
        return lifetimeSum(from: 0) { t in exp(logSurvival(t)) }
    }

    /// Discounted expected lifetime `DEL(d) = Σ_{t≥0} S(t)/(1+d)^t` (the first period's
    /// payment undiscounted); `expectedLifetime` at `d = 0`. Summed as `expectedLifetime` is.
    public func discountedExpectedLifetime(discountRate d: Double) -> Double {
        guard d > 0 else { return expectedLifetime }
        let logFactor = -log1p(d)
        return lifetimeSum(from: 0) { t in exp(logSurvival(t) + t * logFactor) }
    }

    /// Discounted expected residual lifetime of a customer who has renewed `n` times, just
    /// before the next renewal decision: `Σ_{t>n} S(t)/S(n) / (1+d)^(t−n−1)` (the definition
    /// ``ShiftedBetaGeometric`` uses). Infinite at `d = 0` when `cα ≤ 1`.
    public func discountedExpectedResidualLifetime(discountRate d: Double, renewals n: Int) -> Double {
        let n = Double(max(n, 0))
        guard d > 0 || c * alpha > 1 else { return .infinity }
        let logFactor = -log1p(max(d, 0))
        let start = logSurvival(n)
        return lifetimeSum(from: n + 1) { t in exp(logSurvival(t) - start + (t - n - 1) * logFactor) }
    }

    /// `Σ_{t = first, first+1, …} f(t)` for a positive, decreasing `f` defined on the reals:
    /// the first 1000 terms exactly, the rest by `tail(after:_:)`.
    func lifetimeSum(from first: Double, _ f: (Double) -> Double) -> Double {
        var sum = 0.0
        let last = first + 999
        var t = first
        while t <= last {
            sum += f(t)
            t += 1
        }
        return sum + Self.tail(after: last, f)
    }

    /// `Σ_{t>m} f(t)` for `m ≥ 1` and `f` positive, smooth and decreasing like a power or faster:
    /// Euler–Maclaurin `∫_m^∞ f − f(m)/2 − f′(m)/12` (next term `f‴/720`, negligible for power
    /// tails at `m ≥ 1000`), the integral by composite Simpson in `u = ln(t/m)` with step 1/128
    /// until the integrand is below 1e-18 of the integral (at most `u = 60`), then a power-law
    /// remainder `f(T)·T/(γ−1)` with `γ` the local decay exponent at the end point `T`.
    static func tail(after m: Double, _ f: (Double) -> Double) -> Double {
        func g(_ u: Double) -> Double {
            let t = m * exp(u)
            let value = f(t) * t
            return value.isFinite ? value : 0
        }
        let h = 1.0 / 128
        var integral = 0.0
        var u = 0.0
        var left = g(0)
        while u < 60 {
            // One unit of u per block: 64 Simpson panels of width 2h.
            var block = 0.0
            for _ in 0..<64 {
                let mid = g(u + h)
                let right = g(u + 2 * h)
                block += (left + 4 * mid + right) * h / 3
                left = right
                u += 2 * h
            }
            integral += block
            if left <= 1e-18 * integral { break }
        }
        var remainder = 0.0
        let end = m * exp(u)
        let fEnd = f(end)
        if fEnd > 0, fEnd.isFinite {
            let gamma = -log(fEnd / f(end * exp(-h))) / h
            remainder = gamma > 1 ? fEnd * end / (gamma - 1) : .infinity
        }
        let derivative = f(m + 0.5) - f(m - 0.5)
        return integral + remainder - f(m) / 2 - derivative / 12
    }
}
