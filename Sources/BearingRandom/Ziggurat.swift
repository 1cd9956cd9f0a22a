#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Marsaglia & Tsang's ziggurat (2000) for the standard normal, with 256 layers.
///
/// Layer `i ≥ 1` is the rectangle `[0, x_i] × [f(x_i), f(x_{i−1})]` with `x_0 = 0` and
/// `x_255 = r`; layer 0 is the base strip `[0, r] × [0, f(r)]` plus the tail beyond `r`, all of
/// area `v`, where `f(x) = exp(−x²/2)`. One 64-bit word gives the layer (bits 0–7), the sign
/// (bit 8) and the magnitude (bits 40–63 for `Float`, 11–63 for `Double`); the draw is
/// accepted at once when it lies left of `x_{i−1}` (about 99% of draws). Otherwise the wedge
/// is tested against `f` in double precision, or, in layer 0, the tail is sampled by
/// Marsaglia's exponential method. `r` and `v` are the published 256-layer constants
/// (as in NumPy's generator); the tables are computed once at first use.
@usableFromInline
enum Ziggurat {
    /// Right edge of the last rectangle: where the tail starts.
    @usableFromInline static let r: Double = 3.6541528853610088
    /// Area of every layer.
    @usableFromInline static let v: Double = 0.00492867323399

    /// Rejection rounds a sampler allows before returning its current candidate. A fair
    /// generator needs more than 4 with probability below 1e-8; the cap only stops a
    /// degenerate word source (all zeros, all ones) from looping forever.
    @usableFromInline static let maxRounds = 64

    @usableFromInline
    struct Tables: Sendable {
        /// Fast-acceptance thresholds for a 24-bit magnitude: `x_{i−1}/x_i · 2^24` (layer 0: `r/q · 2^24`).
        @usableFromInline var kFloat: InlineArray<256, UInt32>
        /// `x_i · 2^-24` (layer 0: `q · 2^-24`, `q = v / f(r)`).
        @usableFromInline var wFloat: InlineArray<256, Float>
        /// Fast-acceptance thresholds for a 53-bit magnitude.
        @usableFromInline var kDouble: InlineArray<256, UInt64>
        /// `x_i · 2^-53` (layer 0: `q · 2^-53`).
        @usableFromInline var wDouble: InlineArray<256, Double>
        /// `x_i` (layer 0: `q`), for the slow path.
        @usableFromInline var x: InlineArray<256, Double>
        /// `f(x_i)`; `f[0] = 1` is the density at `x_0 = 0`, the top of layer 1.
        @usableFromInline var f: InlineArray<256, Double>
        /// What the recurrence gives for `x_0`'s density argument; 1 when `r`, `v` close the
        /// ziggurat exactly (tests check it).
        var closure: Double

        init() {
            let r = Ziggurat.r, v = Ziggurat.v
            let fr = exp(-0.5 * r * r)
            let q = v / fr
            var xs = [Double](repeating: 0, count: 256)
            xs[0] = q
            xs[255] = r
            for i in stride(from: 254, through: 1, by: -1) {
                let next = xs[i + 1]
                xs[i] = (-2 * log(v / next + exp(-0.5 * next * next))).squareRoot()
            }
            closure = v / xs[1] + exp(-0.5 * xs[1] * xs[1])
            var fs = [Double](repeating: 1, count: 256)
            for i in 1..<256 { fs[i] = exp(-0.5 * xs[i] * xs[i]) }
            // Ratio of the left neighbour's edge to this layer's edge; x_0 = 0, so layer 1 never
            // accepts at once, and the base accepts left of r.
            var ratio = [Double](repeating: 0, count: 256)
            ratio[0] = r / q
            for i in 2..<256 { ratio[i] = xs[i - 1] / xs[i] }
            kFloat = InlineArray { UInt32(ratio[$0] * 0x1p24) }
            wFloat = InlineArray { Float(xs[$0] * 0x1p-24) }
            kDouble = InlineArray { UInt64(ratio[$0] * 0x1p53) }
            wDouble = InlineArray { xs[$0] * 0x1p-53 }
            x = InlineArray { xs[$0] }
            f = InlineArray { fs[$0] }
        }
    }

    @usableFromInline static let tables = Tables()

    /// Standard normal in single precision; one word on the fast path.
    @inlinable
    static func normalFloat<G: RandomNumberGenerator>(using g: inout G) -> Float {
        let word = g.next()
        let layer = Int(truncatingIfNeeded: word & 0xFF)
        let magnitude = UInt32(truncatingIfNeeded: word &>> 40)
        if magnitude < tables.kFloat[layer] {
            let x = Float(magnitude) * tables.wFloat[layer]
            let sign = UInt32(truncatingIfNeeded: word &>> 8) & 1
            return Float(bitPattern: x.bitPattern | sign &<< 31)
        }
        return Float(slowPath(word: word, magnitude: Double(magnitude) * 0x1p-24, using: &g))
    }

    /// Standard normal in double precision; one word on the fast path.
    @inlinable
    static func normalDouble<G: RandomNumberGenerator>(using g: inout G) -> Double {
        let word = g.next()
        let layer = Int(truncatingIfNeeded: word & 0xFF)
        let magnitude = word &>> 11
        if magnitude < tables.kDouble[layer] {
            let x = Double(magnitude) * tables.wDouble[layer]
            let sign = (word &>> 8) & 1
            return Double(bitPattern: x.bitPattern | sign &<< 63)
        }
        return slowPath(word: word, magnitude: Double(magnitude) * 0x1p-53, using: &g)
    }

    /// Wedge and tail handling, shared by both precisions; `magnitude` is the word's magnitude
    /// as a fraction in [0, 1). Later rounds draw double-precision words.
    @inlinable @inline(never)
    static func slowPath<G: RandomNumberGenerator>(word: UInt64, magnitude: Double, using g: inout G) -> Double {
        var word = word
        var fraction = magnitude
        var candidate = 0.0
        for _ in 0..<maxRounds {
            let layer = Int(truncatingIfNeeded: word & 0xFF)
            let negative = (word &>> 8) & 1 == 1
            if layer == 0 {
                // Tail beyond r (Marsaglia 1964): x = −ln(u1)/r, accept when −2 ln(u2) > x².
                for _ in 0..<maxRounds {
                    let x = -log(Distributions.openUniform(using: &g)) / r
                    let y = -log(Distributions.openUniform(using: &g))
                    candidate = r + x
                    if y + y > x * x { break }
                }
                return negative ? -candidate : candidate
            }
            let x = fraction * tables.x[layer]
            candidate = negative ? -x : x
            let y = tables.f[layer] + Distributions.openUniform(using: &g) * (tables.f[layer - 1] - tables.f[layer])
            if y < exp(-0.5 * x * x) { return candidate }
            word = g.next()
            let nextLayer = Int(truncatingIfNeeded: word & 0xFF)
            let nextMagnitude = word &>> 11
            fraction = Double(nextMagnitude) * 0x1p-53
            if nextMagnitude < tables.kDouble[nextLayer] {
                let x = fraction * tables.x[nextLayer]
                return (word &>> 8) & 1 == 1 ? -x : x
            }
        }
        return candidate
    }
}
