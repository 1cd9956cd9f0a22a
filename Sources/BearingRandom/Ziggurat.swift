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
/// Marsaglia's exponential method; a rejected wedge draws a whole new word. `r` and `v` are the published 256-layer constants
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
        /// The wedge's band around its chord, `WedgeBand`; layer 0 has none.
        @usableFromInline var band: InlineArray<256, WedgeBand>
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
            band = InlineArray { $0 == 0 ? WedgeBand.none : WedgeBand(left: $0 == 1 ? 0 : xs[$0 - 1], right: xs[$0]) }
        }
    }

    @usableFromInline static let tables = Tables()

    /// The single-precision fast path's two tables in one word per layer, `kFloat << 32 | wFloat`
    /// bits, so that a SIMD lane needs one (gathered) load. Allocated once and never freed.
    @usableFromInline
    struct LaneTable: @unchecked Sendable {
        @usableFromInline let base: UnsafePointer<UInt64>

        init(_ t: Tables) {
            let words = UnsafeMutablePointer<UInt64>.allocate(capacity: 256)
            for i in 0..<256 { words[i] = UInt64(t.kFloat[i]) << 32 | UInt64(t.wFloat[i].bitPattern) }
            base = UnsafePointer(words)
        }
    }

    @usableFromInline static let laneTable = LaneTable(tables)

    /// Standard normal in single precision; one word on the fast path.
    @inlinable @inline(__always)
    static func normalFloat<G: RandomNumberGenerator>(using g: inout G) -> Float {
        normalFloat(word: g.next(), using: &g)
    }

    /// `normalFloat` whose first word, `first`, was already drawn from `g` (the lanes sampler
    /// finishes a lane's rejected fast-path draw with it).
    @inlinable @inline(__always)
    static func normalFloat<G: RandomNumberGenerator>(word first: UInt64, using g: inout G) -> Float {
        var round = 0
        var word = first
        while true {
            let layer = Int(truncatingIfNeeded: word & 0xFF)
            let magnitude = UInt32(truncatingIfNeeded: word &>> 40)
            let sign = UInt32(truncatingIfNeeded: word &>> 8) & 1
            if _fastPath(magnitude < tables.kFloat[layer]) {
                let x = Float(magnitude) * tables.wFloat[layer]
                return Float(bitPattern: x.bitPattern | sign &<< 31)
            }
            if let x = slowRound(layer: layer, fraction: Double(magnitude) * 0x1p-24, round: round, using: &g) {
                let magnitude = Float(x)
                return sign == 1 ? -magnitude : magnitude
            }
            round += 1
            word = g.next()
        }
    }

    /// `normalFloat` with the fast path's thresholds and scales read from the packed words
    /// at `table` (`laneTable.base`): a caller that holds the pointer pays no check that
    /// `tables` is initialised per draw.
    @inlinable @inline(__always)
    static func normalFloat<G: RandomNumberGenerator>(packed table: UnsafePointer<UInt64>, using g: inout G) -> Float {
        let word = g.next()
        let packed = table[Int(truncatingIfNeeded: word & 0xFF)]
        let magnitude = UInt32(truncatingIfNeeded: word &>> 40)
        if _fastPath(magnitude < UInt32(truncatingIfNeeded: packed &>> 32)) {
            let x = Float(magnitude) * Float(bitPattern: UInt32(truncatingIfNeeded: packed))
            let sign = UInt32(truncatingIfNeeded: word &>> 8) & 1
            return Float(bitPattern: x.bitPattern | sign &<< 31)
        }
        return normalFloat(word: word, using: &g)
    }

    /// Standard normal in double precision; one word on the fast path.
    @inlinable @inline(__always)
    static func normalDouble<G: RandomNumberGenerator>(using g: inout G) -> Double {
        var round = 0
        while true {
            let word = g.next()
            let layer = Int(truncatingIfNeeded: word & 0xFF)
            let magnitude = word &>> 11
            let sign = (word &>> 8) & 1
            if _fastPath(magnitude < tables.kDouble[layer]) {
                let x = Double(magnitude) * tables.wDouble[layer]
                return Double(bitPattern: x.bitPattern | sign &<< 63)
            }
            if let x = slowRound(layer: layer, fraction: Double(magnitude) * 0x1p-53, round: round, using: &g) {
                return sign == 1 ? -x : x
            }
            round += 1
        }
    }

    /// One rejected fast-path draw: the tail (layer 0) or the wedge test. Returns the
    /// magnitude if accepted, nil to draw again. Inlined so the generator never has its address
    /// taken (its state stays in registers in the caller's loop); the transcendental work is
    /// in the out-of-line `tailOffset` and `wedgeAccepts`. From round `maxRounds − 1` on, the
    /// candidate is returned whatever the test says (only a degenerate source gets there).
    @inlinable @inline(__always)
    static func slowRound<G: RandomNumberGenerator>(layer: Int, fraction: Double, round: Int, using g: inout G) -> Double? {
        if layer == 0 {
            for _ in 0..<maxRounds {
                let first = g.next(), second = g.next()
                if let offset = tailOffset(first, second) { return r + offset }
            }
            return r
        }
        let uniform = g.next()
        if wedgeAccepts(layer: layer, fraction: fraction, uniformWord: uniform) || round + 1 >= maxRounds {
            return fraction * tables.x[layer]
        }
        return nil
    }

    /// Marsaglia's tail method (1964): `x = −ln(u1)/r` is accepted when `−2 ln(u2) > x²`;
    /// the sample is then `r + x`. Uniforms are open, so the logs are finite.
    @usableFromInline @inline(never)
    static func tailOffset(_ first: UInt64, _ second: UInt64) -> Double? {
        let x = -log(openUniform(first)) / r
        let y = -log(openUniform(second))
        return y + y > x * x ? x : nil
    }

    /// Whether the point `(fraction · x_layer, y)`, `y` uniform over the layer's height, lies
    /// under the density.
    /// Most points are decided by the band around the chord (`WedgeBand`) without `exp`;
    /// the decision is the same.
    @usableFromInline @inline(never)
    static func wedgeAccepts(layer: Int, fraction: Double, uniformWord: UInt64) -> Bool {
        let x = fraction * tables.x[layer]
        let top = tables.f[layer - 1], bottom = tables.f[layer]
        let y = bottom + openUniform(uniformWord) * (top - bottom)
        switch tables.band[layer].decide(x: x, y: y, top: top) {
        case .some(let accepted): return accepted
        case .none: return y < exp(-0.5 * x * x)
        }
    }

    /// The open uniform `Distributions.openUniform` makes from a word.
    @usableFromInline
    static func openUniform(_ word: UInt64) -> Double { (Double(word &>> 12) + 0.5) * 0x1p-52 }
}
