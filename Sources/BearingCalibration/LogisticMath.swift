/// Lane-wise exp on `SIMD8<Double>` for the Newton kernel, over exactly the range it needs,
/// accurate to 2 ulps (tested against libm in `LogisticMathTests`). Scalar libm calls per row
/// were a third of a Newton pass; this keeps the pass in vector registers. (The loss's log1p
/// terms need no per-row function: `LogisticKernel` takes one log per lane and block.)
enum LogisticMath {
    /// e^x for x ≤ 0 (positive inputs are not supported). Relative error ≤ 2e-16 for
    /// x ≥ −708; below that the result is 0 (the true value is < 3.3e-308, so the loss and
    /// probabilities do not notice).
    @inline(__always)
    static func expNonPositive(_ x: SIMD8<Double>) -> SIMD8<Double> {
        let clamped = x.replacing(with: -708, where: x .< -708)
        // x = k·ln2 + r, |r| ≤ ln2/2, with ln2 split in two so k·ln2hi is exact.
        let k = roundedToNearestEven(clamped * 1.442_695_040_888_963_4)
        let r = (clamped - k * 6.931_471_803_691_238_2e-1) - k * 1.908_214_929_270_587_7e-10
        // Taylor polynomial of degree 13: truncation error r^14/14! < 5e-18 on |r| ≤ 0.347.
        var p = SIMD8<Double>(repeating: 1.0 / 6_227_020_800)
        p = p * r + 1.0 / 479_001_600
        p = p * r + 1.0 / 39_916_800
        p = p * r + 1.0 / 3_628_800
        p = p * r + 1.0 / 362_880
        p = p * r + 1.0 / 40_320
        p = p * r + 1.0 / 5_040
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        // 2^k from the exponent bits; k ≥ −1022 after the clamp, so the result stays normal.
        // Adding 2^52 puts the integer k + 1023 in the low mantissa bits (exact, as
        // 0 < k + 1023 < 2^52); shifting them into the exponent field gives 2^k, in vector registers.
        let biased = unsafeBitCast(k + (0x1p52 + 1023), to: SIMD8<UInt64>.self)
        let scale = unsafeBitCast(biased &<< 52, to: SIMD8<Double>.self)
        let result = p * scale
        return result.replacing(with: 0, where: x .< -708)
    }

    /// `y.rounded(.toNearestOrEven)` for |y| < 2^51, bit for bit (a zero may come back as +0).
    ///
    /// Adding 1.5·2^52 moves y into the binade whose spacing is 1, so the addition itself
    /// rounds to the nearest integer, ties to even (the default rounding mode); subtracting it
    /// again is exact. The portable x86-64 target has no SSE4.1 `roundpd`, and there
    /// `rounded(_:)` became eight `rint` calls that spilled every vector register: half the
    /// cost of `expNonPositive`.
    @inline(__always)
    static func roundedToNearestEven(_ y: SIMD8<Double>) -> SIMD8<Double> {
        let shifter = SIMD8<Double>(repeating: 0x1.8p52)
        return (y + shifter) - shifter
    }
}
