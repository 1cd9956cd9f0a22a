/// Float32 exponential and logistic for the simulation's hazards, without libm.
///
/// Our own polynomial rather than libm's `expf`, for two reasons: it inlines into the hot loop
/// (no call per hazard), and results do not depend on the platform's libm, so a simulation is
/// reproducible across machines, not only across thread counts. Scalar on purpose: generic
/// SIMD code is very slow in debug builds, and the release build gains nothing from 4 lanes
/// here because the later probabilities are only needed when the customer did not churn.
///
/// Method: x = n·ln2 + r with n = round(x·log2 e) and |r| <= ln2/2 (Cody–Waite split of ln2),
/// exp(r) by its degree-6 Taylor polynomial in Horner form, times 2^n built in the exponent
/// bits. Inputs are clamped to [-87, 88], so the result is finite and normal. Relative error
/// below 3e-7 (about 2 ulp) over that range, checked against double-precision `exp` in tests.
enum FastLogistic {
    @inline(__always)
    static func exp(_ x: Float) -> Float {
        let clamped = min(88, max(-87, x.isNaN ? 0 : x))
        let n = roundedToNearestEven(clamped * 1.442_695_04)
        // ln2 = 0.693359375 - 2.12194440e-4; the first part has 10 significant bits, so n·hi is exact.
        let r = (clamped - n * 0.693_359_375) - n * -2.121_944_40e-4
        // The coefficients 1/6!, 1/5!, 1/4!, 1/3! as Float values, written exactly.
        var p: Float = 0x1.6c16c2p-10
        p = p * r + 0x1.111112p-7
        p = p * r + 0x1.555556p-5
        p = p * r + 0x1.555556p-3
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        return p * Float(bitPattern: UInt32(Int32(n) + 127) << 23)
    }

    /// `y.rounded(.toNearestOrEven)` for |y| < 2^22, bit for bit but for the sign of a zero.
    ///
    /// Adding 1.5·2^23 moves y into the binade whose spacing is 1, so the addition itself
    /// rounds to the nearest integer, ties to even; subtracting it again is exact. The portable
    /// x86-64 build has no SSE4.1 `roundss`, and there `rounded(_:)` is a call to `rintf` in
    /// every hazard of the kernels' loops.
    @inline(__always)
    static func roundedToNearestEven(_ y: Float) -> Float {
        (y + 12_582_912) - 12_582_912
    }

    /// 1 / (1 + exp(-x)), in [0, 1].
    @inline(__always)
    static func logistic(_ x: Float) -> Float {
        1 / (1 + exp(-x))
    }

    /// `logistic(x) · multiplier`, capped at 1 (a shocked probability).
    @inline(__always)
    static func probability(_ x: Float, times multiplier: Float) -> Float {
        min(1, logistic(x) * multiplier)
    }
}
