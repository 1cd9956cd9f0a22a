#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Student's t distribution with ν > 0 degrees of freedom: CDF and quantile, for intervals on
/// regression slopes and means estimated from a handful of observations (a team of CSMs).
///
/// The upper tail is `P(T > t) = I_x(ν/2, 1/2) / 2` with `x = ν / (ν + t²)`, the regularized
/// incomplete beta function evaluated by its continued fraction (modified Lentz, relative
/// tolerance 1e-15), so the tail is computed directly, without `1 − cdf` cancellation.
/// `quantile` is exact in closed form for ν = 1 and ν = 2 and otherwise solves the tail
/// equation by safeguarded Newton steps from a Cornish–Fisher start. Both agree with
/// `scipy.stats.t` to 1e-12 relative on the values `StudentTDistributionTests` checks.
public enum StudentTDistribution {
    /// P(T ≤ t). NaN when ν is not positive or either argument is NaN.
    public static func cdf(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        guard nu > 0, !t.isNaN, !nu.isNaN else { return .nan }
        let tail = upperTail(abs(t), nu)
        return t >= 0 ? 1 - tail : tail
    }

    /// The t with P(T ≤ t) = p; −∞ at 0, +∞ at 1, NaN outside [0, 1] or when ν is not positive.
    public static func quantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        guard p >= 0, p <= 1, nu > 0, !nu.isNaN else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        // Solve in the upper tail: q = P(T > t) for t > 0, by symmetry.
        let q = p > 0.5 ? 1 - p : p
        let t = upperQuantile(q, nu)
        return p > 0.5 ? t : -t
    }

    /// The two-sided critical value t with P(|T| ≤ t) = `confidence` (2.776 for 0.95 at ν = 4).
    public static func critical(confidence: Double, degreesOfFreedom nu: Double) -> Double {
        quantile(0.5 + confidence / 2, degreesOfFreedom: nu)
    }

    /// The t > 0 with P(T > t) = q, for q in (0, 0.5).
    private static func upperQuantile(_ q: Double, _ nu: Double) -> Double {
        // Cauchy: tan(π(1/2 − q)) = 1/tan(πq), written so a small q loses no digits near the pole.
        if nu == 1 { return 1 / tan(Double.pi * q) }
        if nu == 2 { return (1 - 2 * q) / (2 * q * (1 - q)).squareRoot() }
        // Cornish–Fisher start from the normal quantile (Abramowitz & Stegun 26.7.5).
        let z = NormalDistribution.quantile(1 - q)
        let z3 = z * z * z, z5 = z3 * z * z
        var t = z + (z3 + z) / (4 * nu) + (5 * z5 + 16 * z3 + 3 * z) / (96 * nu * nu)
        if !(t > 0) || !t.isFinite { t = z }
        // Bracket [lo, hi] with tail(lo) >= q >= tail(hi); Newton steps leaving it are bisected.
        var lo = 0.0, hi = max(t, 1.0)
        while upperTail(hi, nu) > q {
            lo = hi
            hi *= 2
            if !hi.isFinite { return .infinity }
        }
        t = min(max(t, lo), hi)
        for _ in 0..<100 {
            let f = upperTail(t, nu) - q
            if f > 0 { lo = t } else { hi = t }
            // d tail / dt = −pdf(t).
            var next = t + f / density(t, nu)
            if !(next > lo && next < hi) { next = (lo + hi) / 2 }
            if abs(next - t) <= 1e-15 * t { return next }
            t = next
        }
        return t
    }

    /// P(T > t) for t >= 0.
    private static func upperTail(_ t: Double, _ nu: Double) -> Double {
        if t.isInfinite { return 0 }
        let x = nu / (nu + t * t)
        return 0.5 * regularizedIncompleteBeta(x, nu / 2, 0.5)
    }

    /// The density at t.
    private static func density(_ t: Double, _ nu: Double) -> Double {
        let logDensity = lgamma((nu + 1) / 2) - lgamma(nu / 2) - 0.5 * log(nu * Double.pi) - (nu + 1) / 2 * log1p(t * t / nu)
        return exp(logDensity)
    }

    /// I_x(a, b), the regularized incomplete beta function, for x in [0, 1] and a, b > 0.
    static func regularizedIncompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry
        // I_x(a, b) = 1 − I_{1−x}(b, a) on the other side.
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(x, a, b) / a
        }
        return 1 - exp(logFront) * continuedFraction(1 - x, b, a) / b
    }

    /// The continued fraction of I_x(a, b) (Numerical Recipes' `betacf`, modified Lentz).
    private static func continuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...300 {
            let m = Double(m)
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return h
    }
}
