import Testing

@testable import BearingRandom

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `Ziggurat.wedgeAccepts` decides most points by `WedgeBand` without `exp`; every decision
/// must be the one the exact test `y < exp(−x²/2)` makes, or the streams would change.
struct WedgeBandTests {
    /// The exact test, as the sampler made it before the band.
    static func exact(layer: Int, fraction: Double, uniformWord: UInt64) -> Bool {
        let t = Ziggurat.tables
        let x = fraction * t.x[layer]
        let top = t.f[layer - 1], bottom = t.f[layer]
        return bottom + Ziggurat.openUniform(uniformWord) * (top - bottom) < exp(-0.5 * x * x)
    }

    /// Every layer, with magnitudes from just left of the fast path's threshold (the 24-bit
    /// rounding) to the right edge, and uniforms both at random and right at the density
    /// (where the band must leave the decision to `exp`).
    @Test func bandDecidesAsExpDoes() {
        let t = Ziggurat.tables
        var s = RandomStream(seed: 2026, trial: 0, customer: 0, period: 0)
        var decidedByBand = 0, randomPoints = 0
        for layer in 1..<256 {
            let lo = layer == 1 ? 0 : t.x[layer - 1] / t.x[layer] - 0x1p-23
            let top = t.f[layer - 1], bottom = t.f[layer]
            for _ in 0..<2_000 {
                let fraction = lo + (1 - lo) * s.nextDouble()
                let x = fraction * t.x[layer]
                // The uniform word whose `y` is nearest the density, nudged by a few ulps.
                let u = (exp(-0.5 * x * x) - bottom) / (top - bottom)
                let nearest = UInt64(max(0, min(0x1p52 - 1, u * 0x1p52 - 0.5))) &<< 12
                let nudge = UInt64(truncatingIfNeeded: Int64(s.next() % 17) - 8) &<< 12
                let random = s.next()
                for word in [random, nearest, nearest &+ nudge] {
                    let expected = Self.exact(layer: layer, fraction: fraction, uniformWord: word)
                    #expect(
                        Ziggurat.wedgeAccepts(layer: layer, fraction: fraction, uniformWord: word) == expected,
                        "layer \(layer) fraction \(fraction) word \(word)")
                }
                let y = bottom + Ziggurat.openUniform(random) * (top - bottom)
                if t.band[layer].decide(x: x, y: y, top: top) != nil { decidedByBand += 1 }
                randomPoints += 1
            }
        }
        // The gain: nearly all random points are decided by the band.
        #expect(Double(decidedByBand) > 0.9 * Double(randomPoints))
    }
}
