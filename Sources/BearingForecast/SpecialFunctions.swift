#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The special functions the retention models need beyond the C library's `lgamma` and `erfc`.
///
/// Accuracy is stated per function; every one is checked against scipy in
/// `Tests/BearingForecastTests/RetentionModelComparisonTests.swift`.
public enum SpecialFunctions {
    /// Digamma `ψ(x) = d/dx ln Γ(x)` for `x > 0`: the recurrence `ψ(x) = ψ(x+1) − 1/x` up to
    /// `x ≥ 10`, then the asymptotic series through `x^−12`. Absolute error below 1e-14 for
    /// `x ≥ 1e-3` (scipy.special.digamma); NaN for `x ≤ 0` or NaN.
    public static func digamma(_ x: Double) -> Double {
        guard x > 0 else { return .nan }
        var shift = 0.0
        var y = x
        while y < 10 {
            shift -= 1 / y
            y += 1
        }
        let inv = 1 / y
        let inv2 = inv * inv
        // Bernoulli terms B_2k / (2k): 1/12, −1/120, 1/252, −1/240, 1/132, −691/32760.
        let series = inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240 - inv2 * (1.0 / 132 - inv2 * 691.0 / 32760)))))
        return shift + log(y) - 0.5 * inv - series
    }

    /// Regularised upper incomplete gamma `Q(a, x) = Γ(a, x)/Γ(a)` for `a > 0`, `x ≥ 0`:
    /// the power series of `P = 1 − Q` when `x < a + 1`, Lentz's continued fraction otherwise
    /// (Numerical Recipes §6.2), both to a relative 1e-15. Relative error about 1e-13 where
    /// `Q` is not below 1e-300; 1 at `x = 0`; NaN for invalid arguments.
    public static func regularizedUpperGamma(_ a: Double, _ x: Double) -> Double {
        guard a > 0, x >= 0, a.isFinite, !x.isNaN else { return .nan }
        if x == 0 { return 1 }
        if x == .infinity { return 0 }
        let logPrefix = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            // P(a, x) = e^{−x} x^a / Γ(a+1) · Σ_n x^n / ((a+1)…(a+n)).
            var term = 1 / a
            var sum = term
            var n = a
            for _ in 0..<10_000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
            }
            return max(0, 1 - sum * exp(logPrefix))
        }
        // Q(a, x) = e^{−x} x^a / Γ(a) · 1/(x+1−a− 1·(1−a)/(x+3−a− 2·(2−a)/(x+5−a− …))).
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1...10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return exp(logPrefix) * h
    }

    /// Chi-square survival function `P(X > x)` for `X ~ χ²(k)`, `Q(k/2, x/2)`; for one degree
    /// of freedom `erfc(√(x/2))` (full relative precision in the far tail). 1 for `x ≤ 0`.
    /// Matches `scipy.stats.chi2.sf` to a relative 1e-12.
    public static func chiSquareSurvival(_ x: Double, degreesOfFreedom k: Int) -> Double {
        guard k >= 1, !x.isNaN else { return .nan }
        guard x > 0 else { return 1 }
        if k == 1 { return erfc((x / 2).squareRoot()) }
        if k == 2 { return exp(-x / 2) }
        return regularizedUpperGamma(Double(k) / 2, x / 2)
    }
}
