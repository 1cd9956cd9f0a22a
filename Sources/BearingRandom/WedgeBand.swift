#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the normal density `f(x) = exp(−x²/2)` can lie within one ziggurat layer's wedge,
/// relative to the chord from `(x_{i−1}, f(x_{i−1}))` to `(x_i, f(x_i))`: most wedge points
/// are then accepted or rejected without computing `exp`.
///
/// `f'' = (x² − 1) f` lies in [−1, 0.45], so on a layer of width `h` the density is within
/// `h²/8` of its chord, above it where `f` is concave (`x ≤ 1`) and below it where convex
/// (`x ≥ 1`); the layer holding 1 has no band. `slack` covers what the bounds leave out: the
/// sampler's `x` may fall left of `x_{i−1}` by the 24-bit magnitude's rounding (below
/// `2^-23 · x_i`, where the chord is off by less than `|f'| + |slope| ≤ 1.3` times that), the
/// rounding of the chord and of `exp` (about 1e-15). A point is decided here only when it is
/// more than `slack` away from every value `exp` could give, so the decision is the one the
/// exact test makes.
@usableFromInline
struct WedgeBand: Sendable {
    /// Left edge of the layer (the chord's origin) and the chord's slope.
    @usableFromInline let left, slope: Double
    /// Accept below `chord + below`, reject at or above `chord + above`.
    @usableFromInline let below, above: Double

    static let slack = 4e-6

    /// A band that decides nothing.
    static let none = WedgeBand(left: 0, slope: 0, below: -.infinity, above: .infinity)

    init(left: Double, slope: Double, below: Double, above: Double) {
        self.left = left
        self.slope = slope
        self.below = below
        self.above = above
    }

    init(left: Double, right: Double) {
        let f = { (x: Double) in exp(-0.5 * x * x) }
        let gap = (right - left) * (right - left) / 8
        let slope = (f(right) - f(left)) / (right - left)
        if right <= 1 {
            self.init(left: left, slope: slope, below: -Self.slack, above: gap + Self.slack)
        } else if left >= 1 {
            self.init(left: left, slope: slope, below: -gap - Self.slack, above: Self.slack)
        } else {
            self = .none
        }
    }

    /// Whether `(x, y)` lies under the density, or nil when only `exp` can tell; `top` is
    /// `f` at the layer's left edge.
    @inlinable @inline(__always)
    func decide(x: Double, y: Double, top: Double) -> Bool? {
        let chord = top + (x - left) * slope
        if y < chord + below { return true }
        if y >= chord + above { return false }
        return nil
    }
}
