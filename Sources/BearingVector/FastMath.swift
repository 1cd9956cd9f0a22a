/// Branch-free approximations of the transcendental functions the scoring kernel needs, for
/// 16 customers at a time (`SIMD16<Float>`) and, with the same operations in the same order,
/// for one `Float` (so the scalar path and the SIMD path agree bit for bit).
///
/// Calling libm per lane is about 20x slower than these. Measured maximum errors against
/// libm in `Double` (tests in `FastMathTests` sweep dense grids and hold these bounds):
///
/// | function | domain | max error |
/// |---|---|---|
/// | `exp` | [-87, 88], clamped outside | 2.5e-7 relative (~2 ulp) |
/// | `tanh` | all finite x (held at its value at ±7.905 beyond) | 4e-7 absolute, 4e-7 relative for abs(x) >= 2^-12 |
/// | `logistic` | all finite x | 3e-7 relative (so probabilities never round to 0 before x < -87) |
/// | `log` | positive normal floats | 4e-7 · max(abs(log x), 1e-7) |
/// | `softplus` | all finite x | 3e-7 relative + 1e-7 absolute |
///
/// NaN inputs give NaN (the kernel replaces missing values before it calls these).
public enum FastMath {
    // exp: Cody–Waite reduction x = n ln2 + r, |r| <= ln2/2, Cephes `expf` polynomial for e^r,
    // 2^n built in the exponent bits. Clamping keeps n + 127 in 1...254 (no denormals, no inf).
    @usableFromInline static let expLow: Float = -87.0
    @usableFromInline static let expHigh: Float = 88.0
    @usableFromInline static let log2e: Float = 1.44269504088896341
    @usableFromInline static let ln2Hi: Float = 0.693359375
    @usableFromInline static let ln2Lo: Float = -2.12194440e-4
    /// 1.5 * 2^23: adding it rounds to an integer held in the low mantissa bits.
    @usableFromInline static let roundMagic: Float = 12_582_912
    @usableFromInline static let magicBits: Int32 = 0x4B40_0000
    @usableFromInline static let e0: Float = 1.9875691500e-4
    @usableFromInline static let e1: Float = 1.3981999507e-3
    @usableFromInline static let e2: Float = 8.3334519073e-3
    @usableFromInline static let e3: Float = 4.1665795894e-2
    @usableFromInline static let e4: Float = 1.6666665459e-1
    @usableFromInline static let e5: Float = 5.0000001201e-1

    // tanh: odd/even rational minimax on [-7.9, 7.9] (the Eigen/XLA float tanh); beyond it
    // tanh rounds to ±1 in Float anyway.
    @usableFromInline static let tanhClamp: Float = 7.90531110763549805
    @usableFromInline static let a1: Float = 4.89352455891786e-03
    @usableFromInline static let a3: Float = 6.37261928875436e-04
    @usableFromInline static let a5: Float = 1.48572235717979e-05
    @usableFromInline static let a7: Float = 5.12229709037114e-08
    @usableFromInline static let a9: Float = -8.60467152213735e-11
    @usableFromInline static let a11: Float = 2.00018790482477e-13
    @usableFromInline static let a13: Float = -2.76076847742355e-16
    @usableFromInline static let b0: Float = 4.89352518554385e-03
    @usableFromInline static let b2: Float = 2.26843463243900e-03
    @usableFromInline static let b4: Float = 1.18534705686654e-04
    @usableFromInline static let b6: Float = 1.19825839466702e-06

    // log: mantissa m in [sqrt(1/2), sqrt(2)), Cephes `logf` polynomial in m - 1.
    @usableFromInline static let l0: Float = 7.0376836292e-2
    @usableFromInline static let l1: Float = -1.1514610310e-1
    @usableFromInline static let l2: Float = 1.1676998740e-1
    @usableFromInline static let l3: Float = -1.2420140846e-1
    @usableFromInline static let l4: Float = 1.4249322787e-1
    @usableFromInline static let l5: Float = -1.6668057665e-1
    @usableFromInline static let l6: Float = 2.0000714765e-1
    @usableFromInline static let l7: Float = -2.4999993993e-1
    @usableFromInline static let l8: Float = 3.3333331174e-1

    // MARK: SIMD16

    /// e^x; x clamped to [-87, 88].
    @inlinable @inline(always)
    public static func exp(_ v: SIMD16<Float>) -> SIMD16<Float> {
        var x = v.replacing(with: expHigh, where: v .> expHigh)
        x.replace(with: expLow, where: x .< expLow)
        let t = madd(x, SIMD16(repeating: log2e), SIMD16(repeating: roundMagic))
        let n = t - roundMagic
        var r = madd(n, SIMD16(repeating: -ln2Hi), x)
        r = madd(n, SIMD16(repeating: -ln2Lo), r)
        var p = madd(SIMD16(repeating: e0), r, SIMD16(repeating: e1))
        p = madd(p, r, SIMD16(repeating: e2))
        p = madd(p, r, SIMD16(repeating: e3))
        p = madd(p, r, SIMD16(repeating: e4))
        p = madd(p, r, SIMD16(repeating: e5))
        p = madd(p, r * r, r + 1)
        let bits = unsafeBitCast(t, to: SIMD16<Int32>.self)
        let scaleBits = (bits &- magicBits &+ 127) &<< 23
        return p * unsafeBitCast(scaleBits, to: SIMD16<Float>.self)
    }

    /// tanh(x).
    @inlinable @inline(always)
    public static func tanh(_ v: SIMD16<Float>) -> SIMD16<Float> {
        var x = v.replacing(with: tanhClamp, where: v .> tanhClamp)
        x.replace(with: -tanhClamp, where: x .< -tanhClamp)
        let x2 = x * x
        var p = madd(x2, SIMD16(repeating: a13), SIMD16(repeating: a11))
        p = madd(x2, p, SIMD16(repeating: a9))
        p = madd(x2, p, SIMD16(repeating: a7))
        p = madd(x2, p, SIMD16(repeating: a5))
        p = madd(x2, p, SIMD16(repeating: a3))
        p = madd(x2, p, SIMD16(repeating: a1))
        p = x * p
        var q = madd(x2, SIMD16(repeating: b6), SIMD16(repeating: b4))
        q = madd(x2, q, SIMD16(repeating: b2))
        q = madd(x2, q, SIMD16(repeating: b0))
        return p / q
    }

    /// 1 / (1 + e^-x).
    @inlinable @inline(always)
    public static func logistic(_ x: SIMD16<Float>) -> SIMD16<Float> {
        1 / (1 + exp(-x))
    }

    /// Natural logarithm of positive normal floats (the kernel never passes others).
    @inlinable @inline(always)
    public static func log(_ x: SIMD16<Float>) -> SIMD16<Float> {
        let bits = unsafeBitCast(x, to: SIMD16<Int32>.self)
        // Split x = 2^e * m with m in [sqrt(1/2), sqrt(2)): bias the exponent split by the
        // mantissa bits of sqrt(1/2) so the mantissa lands in that interval.
        let shifted = bits &- 0x3F35_04F3
        let e = shifted &>> 23
        let mBits = (shifted & 0x007F_FFFF) &+ 0x3F35_04F3
        let m = unsafeBitCast(mBits, to: SIMD16<Float>.self) - 1
        let ef = SIMD16<Float>(e)
        let m2 = m * m
        var p = madd(SIMD16(repeating: l0), m, SIMD16(repeating: l1))
        p = madd(p, m, SIMD16(repeating: l2))
        p = madd(p, m, SIMD16(repeating: l3))
        p = madd(p, m, SIMD16(repeating: l4))
        p = madd(p, m, SIMD16(repeating: l5))
        p = madd(p, m, SIMD16(repeating: l6))
        p = madd(p, m, SIMD16(repeating: l7))
        p = madd(p, m, SIMD16(repeating: l8))
        var y = p * m * m2
        y = madd(ef, SIMD16(repeating: ln2Lo), y)
        y = madd(m2, SIMD16(repeating: -0.5), y)
        return madd(ef, SIMD16(repeating: ln2Hi), m + y)
    }

    /// log(1 + e^x), computed as max(x, 0) + log(1 + e^-|x|) so it never overflows.
    @inlinable @inline(always)
    public static func softplus(_ x: SIMD16<Float>) -> SIMD16<Float> {
        let negative = x .< 0
        let absX = x.replacing(with: -x, where: negative)
        let positivePart = x.replacing(with: 0, where: negative)
        return positivePart + log(1 + exp(-absX))
    }

    // MARK: Kernel logistic

    // 2^f on [-1/2, 1/2], f = -x·log2(e) - n: degree-5 fit for relative error (Lawson-weighted
    // least squares, Benchmarks/Scoring/fit_exp2.py), 1.9e-7 relative in Float.
    @usableFromInline static let p1: Float = 0.69314698
    @usableFromInline static let p2: Float = 0.24022242
    @usableFromInline static let p3: Float = 0.05550734
    @usableFromInline static let p4: Float = 0.00967151
    @usableFromInline static let p5: Float = 0.00132647

    /// 1 / (1 + e^-x) for the scoring kernel: e^-x as 2^(-x·log2 e) with one reduction step
    /// and a shorter polynomial (about 8 fewer operations than `logistic`). Absolute error
    /// below 2e-7; relative error below 3e-7 + 7.5e-8·|x| for x >= -87, because x·log2(e) is
    /// rounded once (`exp` keeps the two-constant reduction for its relative bound). Gives 1
    /// above x = 87 and ~1.6e-38 below x = -87. `FastMathTests` holds these bounds.
    @inline(always)
    static func kernelLogistic(_ v: SIMD16<Float>) -> SIMD16<Float> {
        var x = v.replacing(with: 87, where: v .> 87)
        x.replace(with: -87, where: x .< -87)
        let t = madd(x, SIMD16(repeating: -log2e), SIMD16(repeating: roundMagic))
        // -n directly (exact, like t - roundMagic), which saves negating n.
        let negativeN = roundMagic - t
        let f = madd(x, SIMD16(repeating: -log2e), negativeN)
        var p = madd(SIMD16(repeating: p5), f, SIMD16(repeating: p4))
        p = madd(p, f, SIMD16(repeating: p3))
        p = madd(p, f, SIMD16(repeating: p2))
        p = madd(p, f, SIMD16(repeating: p1))
        p = madd(p, f, SIMD16(repeating: 1))
        let bits = unsafeBitCast(t, to: SIMD16<Int32>.self)
        let scaleBits = (bits &- magicBits &+ 127) &<< 23
        return 1 / (1 + p * unsafeBitCast(scaleBits, to: SIMD16<Float>.self))
    }

    /// Scalar twin of `kernelLogistic(_: SIMD16<Float>)`, bit for bit.
    @inline(always)
    static func kernelLogistic(_ v: Float) -> Float {
        var x = v > 87 ? 87 : v
        x = x < -87 ? -87 : x
        let t = madd(x, -log2e, roundMagic)
        let f = madd(x, -log2e, roundMagic - t)
        var p = madd(p5, f, p4)
        p = madd(p, f, p3)
        p = madd(p, f, p2)
        p = madd(p, f, p1)
        p = madd(p, f, 1)
        let scaleBits = (Int32(bitPattern: t.bitPattern) &- magicBits &+ 127) &<< 23
        return 1 / (1 + p * Float(bitPattern: UInt32(bitPattern: scaleBits)))
    }

    // MARK: Scalar (same operations, same order)

    /// e^x for one value; bit-identical to a lane of `exp(_: SIMD16<Float>)`.
    @inlinable @inline(always)
    public static func exp(_ v: Float) -> Float {
        var x = v > expHigh ? expHigh : v
        x = x < expLow ? expLow : x
        let t = madd(x, log2e, roundMagic)
        let n = t - roundMagic
        var r = madd(n, -ln2Hi, x)
        r = madd(n, -ln2Lo, r)
        var p = madd(e0, r, e1)
        p = madd(p, r, e2)
        p = madd(p, r, e3)
        p = madd(p, r, e4)
        p = madd(p, r, e5)
        p = madd(p, r * r, r + 1)
        let scaleBits = (Int32(bitPattern: t.bitPattern) &- magicBits &+ 127) &<< 23
        return p * Float(bitPattern: UInt32(bitPattern: scaleBits))
    }

    /// tanh(x) for one value; bit-identical to a lane of `tanh(_: SIMD16<Float>)`.
    @inlinable @inline(always)
    public static func tanh(_ v: Float) -> Float {
        var x = v > tanhClamp ? tanhClamp : v
        x = x < -tanhClamp ? -tanhClamp : x
        let x2 = x * x
        var p = madd(x2, a13, a11)
        p = madd(x2, p, a9)
        p = madd(x2, p, a7)
        p = madd(x2, p, a5)
        p = madd(x2, p, a3)
        p = madd(x2, p, a1)
        p = x * p
        var q = madd(x2, b6, b4)
        q = madd(x2, q, b2)
        q = madd(x2, q, b0)
        return p / q
    }

    /// 1 / (1 + e^-x) for one value.
    @inlinable @inline(always)
    public static func logistic(_ x: Float) -> Float {
        1 / (1 + exp(-x))
    }

    /// Natural logarithm for one positive normal value.
    @inlinable @inline(always)
    public static func log(_ x: Float) -> Float {
        let shifted = Int32(bitPattern: x.bitPattern) &- 0x3F35_04F3
        let e = shifted &>> 23
        let mBits = (shifted & 0x007F_FFFF) &+ 0x3F35_04F3
        let m = Float(bitPattern: UInt32(bitPattern: mBits)) - 1
        let ef = Float(e)
        let m2 = m * m
        var p = madd(l0, m, l1)
        p = madd(p, m, l2)
        p = madd(p, m, l3)
        p = madd(p, m, l4)
        p = madd(p, m, l5)
        p = madd(p, m, l6)
        p = madd(p, m, l7)
        p = madd(p, m, l8)
        var y = p * m * m2
        y = madd(ef, ln2Lo, y)
        y = madd(m2, -0.5, y)
        return madd(ef, ln2Hi, m + y)
    }

    /// log(1 + e^x) for one value.
    @inlinable @inline(always)
    public static func softplus(_ x: Float) -> Float {
        (x < 0 ? 0 : x) + log(1 + exp(x < 0 ? x : -x))
    }
}
