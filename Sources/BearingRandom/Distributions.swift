#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Samplers for the distributions the simulation draws from, generic over the word source so
/// they work with `RandomStream` (specialised, inlined) and with test generators.
///
/// Parameters are preconditions: configuration loaders validate them (with a message for the
/// user) before sampling starts. Every sampler is bounded: rejection loops stop after
/// `Ziggurat.maxRounds` rounds (reached only by degenerate word sources) and uniforms are
/// open, so no `log(0)`, no infinity from finite parameters.
public enum Distributions {
    /// Uniform on (0, 1): `(k + 0.5) · 2^-52`, `k` the top 52 bits of one word.
    /// Smallest value 2^-53, largest 1 − 2^-53.
    @inlinable @inline(__always)
    public static func openUniform<G: RandomNumberGenerator>(using g: inout G) -> Double {
        (Double(g.next() &>> 12) + 0.5) * 0x1p-52
    }

    /// Uniform on (0, 1) in single precision: `(k + 0.5) · 2^-23`, `k` the top 23 bits.
    @inlinable @inline(__always)
    public static func openUniformFloat<G: RandomNumberGenerator>(using g: inout G) -> Float {
        (Float(UInt32(truncatingIfNeeded: g.next() &>> 41)) + 0.5) * 0x1p-23
    }

    /// Exponential with mean 1 by inversion: `−ln u`, finite (at most 36.8).
    @inlinable
    public static func exponential<G: RandomNumberGenerator>(using g: inout G) -> Double {
        -log(openUniform(using: &g))
    }

    /// True with probability `p` (clamped to [0, 1]; NaN gives false).
    @inlinable
    public static func bernoulli<G: RandomNumberGenerator>(_ p: Double, using g: inout G) -> Bool {
        openUniform(using: &g) < p
    }

    /// Standard normal in double precision (ziggurat).
    @inlinable
    public static func normal<G: RandomNumberGenerator>(using g: inout G) -> Double {
        Ziggurat.normalDouble(using: &g)
    }

    /// Lognormal: `exp(mu + sigma · Z)`; `mu`, `sigma` are the mean and standard deviation of
    /// the logarithm. Precondition: `sigma ≥ 0`, both finite.
    @inlinable
    public static func lognormal<G: RandomNumberGenerator>(mu: Double, sigma: Double, using g: inout G) -> Double {
        precondition(sigma >= 0 && sigma.isFinite && mu.isFinite, "lognormal needs finite mu and sigma ≥ 0")
        return exp(mu + sigma * Ziggurat.normalDouble(using: &g))
    }

    /// Gamma with the given shape `k` and scale `θ` (mean `kθ`, variance `kθ²`), by
    /// Marsaglia & Tsang (2000); for `k < 1` the draw for `k + 1` is multiplied by `U^(1/k)`.
    /// May return 0 for very small shapes (the true value underflows). Precondition: shape and
    /// scale positive and finite.
    @inlinable
    public static func gamma<G: RandomNumberGenerator>(shape: Double, scale: Double, using g: inout G) -> Double {
        precondition(
            shape > 0 && shape.isFinite && scale > 0 && scale.isFinite,
            "gamma needs finite shape > 0 and scale > 0")
        if shape < 1 {
            // U^(1/k) may underflow to 0 for tiny shapes; that is the documented behaviour.
            let boosted = marsagliaTsang(shape: shape + 1, using: &g)
            return boosted * pow(openUniform(using: &g), 1 / shape) * scale
        }
        return marsagliaTsang(shape: shape, using: &g) * scale
    }

    /// Logarithm of a Gamma(shape, 1) draw; stays finite where the draw itself underflows,
    /// which is what makes `beta` safe for tiny shapes.
    @inlinable
    static func logGamma<G: RandomNumberGenerator>(shape: Double, using g: inout G) -> Double {
        if shape < 1 {
            let boosted = marsagliaTsang(shape: shape + 1, using: &g)
            return log(boosted) + log(openUniform(using: &g)) / shape
        }
        return log(marsagliaTsang(shape: shape, using: &g))
    }

    /// Gamma(shape ≥ 1, 1) by Marsaglia & Tsang's squeeze; result is positive.
    @inlinable
    static func marsagliaTsang<G: RandomNumberGenerator>(shape: Double, using g: inout G) -> Double {
        let d = shape - 1.0 / 3.0
        let c = 1.0 / (9.0 * d).squareRoot()
        for _ in 0..<Ziggurat.maxRounds {
            let x = Ziggurat.normalDouble(using: &g)
            let t = 1 + c * x
            if t <= 0 { continue }
            let v = t * t * t
            let u = openUniform(using: &g)
            let x2 = x * x
            if u < 1 - 0.0331 * x2 * x2 { return d * v }
            if log(u) < 0.5 * x2 + d * (1 - v + log(v)) { return d * v }
        }
        return d
    }

    /// Beta(a, b) as `X / (X + Y)` with `X ~ Gamma(a)`, `Y ~ Gamma(b)`, computed from their
    /// logarithms so tiny shapes give values near 0 or 1 instead of 0/0. Result in [0, 1].
    /// Precondition: `a`, `b` positive and finite.
    @inlinable
    public static func beta<G: RandomNumberGenerator>(_ a: Double, _ b: Double, using g: inout G) -> Double {
        precondition(a > 0 && a.isFinite && b > 0 && b.isFinite, "beta needs finite a > 0 and b > 0")
        let logX = logGamma(shape: a, using: &g)
        let logY = logGamma(shape: b, using: &g)
        // X / (X + Y) = 1 / (1 + exp(logY − logX)); exp overflow gives 0, underflow 1.
        return 1 / (1 + exp(logY - logX))
    }

    /// Poisson with the given mean: inversion by sequential search for `mean < 10` (one
    /// uniform), Hörmann's PTRS transformed rejection (1993) above. Precondition: mean in
    /// [0, 1e12] (the result must fit an `Int`); mean 0 gives 0.
    @inlinable
    public static func poisson<G: RandomNumberGenerator>(mean: Double, using g: inout G) -> Int {
        precondition(mean >= 0 && mean <= 1e12, "poisson needs a mean in [0, 1e12]")
        if mean == 0 { return 0 }
        if mean < 10 { return poissonInversion(mean: mean, using: &g) }
        return poissonPTRS(mean: mean, using: &g)
    }

    @inlinable
    static func poissonInversion<G: RandomNumberGenerator>(mean: Double, using g: inout G) -> Int {
        let u = openUniform(using: &g)
        var k = 0
        var p = exp(-mean)
        var cumulative = p
        // For mean < 10 the cumulative passes 1 − 2^-53 well before k = 200; the bound only
        // guards against rounding leaving it just below u.
        while cumulative < u && k < 200 {
            k += 1
            p *= mean / Double(k)
            cumulative += p
        }
        return k
    }

    @inlinable
    static func poissonPTRS<G: RandomNumberGenerator>(mean: Double, using g: inout G) -> Int {
        let logMean = log(mean)
        let b = 0.931 + 2.53 * mean.squareRoot()
        let a = -0.059 + 0.02483 * b
        let invAlpha = 1.1239 + 1.1328 / (b - 3.4)
        let vr = 0.9277 - 3.6224 / (b - 2)
        var k = 0.0
        for _ in 0..<Ziggurat.maxRounds {
            let u = openUniform(using: &g) - 0.5
            let v = openUniform(using: &g)
            let us = 0.5 - abs(u)
            k = ((2 * a / us + b) * u + mean + 0.43).rounded(.down)
            if us >= 0.07 && v <= vr { return Int(k) }
            if k < 0 || (us < 0.013 && v > us) { continue }
            if log(v) + log(invAlpha) - log(a / (us * us) + b) <= -mean + k * logMean - lgamma(k + 1) {
                return Int(k)
            }
        }
        return max(0, Int(mean.rounded()))
    }

    /// An index drawn with probability proportional to `weights[i]` (weights need not sum to
    /// 1; negative and NaN weights count as 0). Returns nil when no weight is positive.
    /// Linear scan: for many draws from one long vector build an alias table instead.
    @inlinable
    public static func categorical<G: RandomNumberGenerator>(_ weights: some Collection<Double>, using g: inout G) -> Int? {
        var total = 0.0
        var lastPositive: Int?
        for (i, w) in weights.enumerated() where w > 0 {
            total += w
            lastPositive = i
        }
        guard let lastPositive, total.isFinite else { return nil }
        let target = openUniform(using: &g) * total
        var cumulative = 0.0
        for (i, w) in weights.enumerated() where w > 0 {
            cumulative += w
            if target < cumulative { return i }
        }
        // Rounding can leave the cumulative sum a hair below target.
        return lastPositive
    }
}

extension RandomStream {
    /// Lognormal draw; see `Distributions.lognormal`.
    @inlinable
    public mutating func nextLognormal(mu: Double, sigma: Double) -> Double {
        Distributions.lognormal(mu: mu, sigma: sigma, using: &self)
    }

    /// Gamma draw; see `Distributions.gamma`.
    @inlinable
    public mutating func nextGamma(shape: Double, scale: Double) -> Double {
        Distributions.gamma(shape: shape, scale: scale, using: &self)
    }

    /// Beta draw; see `Distributions.beta`.
    @inlinable
    public mutating func nextBeta(_ a: Double, _ b: Double) -> Double {
        Distributions.beta(a, b, using: &self)
    }

    /// Poisson draw; see `Distributions.poisson`.
    @inlinable
    public mutating func nextPoisson(mean: Double) -> Int {
        Distributions.poisson(mean: mean, using: &self)
    }

    /// Categorical draw; see `Distributions.categorical`.
    @inlinable
    public mutating func nextCategorical(_ weights: some Collection<Double>) -> Int? {
        Distributions.categorical(weights, using: &self)
    }
}
