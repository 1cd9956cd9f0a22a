/// A deterministic stream of random numbers addressed by a `StreamKey`.
///
/// Design: the key's five words are absorbed into one 64-bit value with the SplitMix64
/// finaliser (three chained bijective mixes), and that value seeds SplitMix64, whose next four
/// outputs become a xoshiro256** state. Why this and not Philox4x32-10: xoshiro256** is about
/// three times cheaper per 64-bit word on x86-64 (no 32×32 multiply rounds), streams here are
/// short (one per customer-period) so the seeding cost matters more than jump-ahead, and
/// SplitMix64-seeding is the authors' own recommendation. Distinct keys give unrelated streams
/// except with probability about 2^-64 per pair (a collision of the 64-bit absorbed key);
/// the state is never all zero (see `SplitMix64`). Construction costs seven 64-bit mixes,
/// a few nanoseconds.
///
/// Numerical contracts of the samplers are stated on each method; all of them survive
/// degenerate words (all zeros, all ones): no `log(0)`, no unbounded loop.
public struct RandomStream: RandomNumberGenerator, Sendable {
    @usableFromInline
    var generator: Xoshiro256StarStar

    @inlinable
    public init(key: StreamKey) {
        self.init(
            seed: key.seed, trial: key.trial, customer: key.customer, period: key.period,
            purpose: key.purpose)
    }

    @inlinable
    public init(seed: UInt64, trial: UInt32, customer: UInt32, period: UInt32, purpose: UInt32 = 0) {
        var m = SplitMix64(
            state: Self.absorb(
                seed: seed, trial: trial, customer: customer, period: period, purpose: purpose))
        generator = Xoshiro256StarStar(
            uncheckedState: m.next(), m.next(), m.next(), m.next())
    }

    /// The key folded into one 64-bit SplitMix64 state. Each step is a bijection of the running
    /// value for a fixed next word, so keys differing in one word never collide.
    @inlinable
    static func absorb(seed: UInt64, trial: UInt32, customer: UInt32, period: UInt32, purpose: UInt32) -> UInt64 {
        let g = SplitMix64.increment
        var h = SplitMix64.mix(seed &+ g)
        h = SplitMix64.mix((h ^ (UInt64(trial) &<< 32 | UInt64(customer))) &+ g)
        h = SplitMix64.mix((h ^ (UInt64(period) &<< 32 | UInt64(purpose))) &+ g)
        return h
    }

    /// The next 64 uniformly distributed bits (xoshiro256**).
    @inlinable @inline(__always)
    public mutating func next() -> UInt64 { generator.next() }

    /// Uniform on the open interval (0, 1): `(k + 0.5) · 2^-52` for a uniform 52-bit `k`,
    /// so never 0 or 1 and `log` of it is always finite (≥ −36.8).
    @inlinable @inline(__always)
    public mutating func nextDouble() -> Double { Distributions.openUniform(using: &self) }

    /// Uniform on the open interval (0, 1) with 23-bit resolution: `(k + 0.5) · 2^-23`.
    @inlinable @inline(__always)
    public mutating func nextFloat() -> Float { Distributions.openUniformFloat(using: &self) }

    /// Standard normal, single precision, 256-layer ziggurat; one 64-bit word per draw on the
    /// fast path (about 99% of draws). The sequence equals what `fillNormal` writes.
    @inlinable @inline(__always)
    public mutating func nextNormal() -> Float { Ziggurat.normalFloat(using: &self) }

    /// Standard normal, double precision (53-bit magnitude), 256-layer ziggurat.
    @inlinable @inline(__always)
    public mutating func nextNormalDouble() -> Double { Ziggurat.normalDouble(using: &self) }

    /// Exponential with mean 1, by inversion of an open uniform: finite, at most 36.8.
    @inlinable
    public mutating func nextExponential() -> Double { Distributions.exponential(using: &self) }

    /// True with probability `p`; `p ≤ 0` is never true, `p ≥ 1` always (NaN is never true).
    @inlinable
    public mutating func nextBernoulli(_ p: Double) -> Bool { Distributions.bernoulli(p, using: &self) }

    /// Fills `out` with standard normals: the same values, in order, as repeated `nextNormal()`.
    @inlinable
    public mutating func fillNormal(_ out: UnsafeMutableBufferPointer<Float>) {
        // A local generator keeps the state in registers across the loop (`self` is inout, so
        // its stores could not be elided).
        var local = generator
        for i in out.indices {
            out[i] = Ziggurat.normalFloat(using: &local)
        }
        generator = local
    }
}

extension Xoshiro256StarStar {
    /// Raw state without the all-zero check, for seeders that guarantee it (SplitMix64 outputs).
    @inlinable
    internal init(uncheckedState s0: UInt64, _ s1: UInt64, _ s2: UInt64, _ s3: UInt64) {
        self.s0 = s0
        self.s1 = s1
        self.s2 = s2
        self.s3 = s3
    }
}
