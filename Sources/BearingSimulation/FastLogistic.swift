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
        let n = (clamped * 1.442_695_04).rounded(.toNearestOrEven)
        // ln2 = 0.693359375 - 2.12194440e-4; the first part has 10 significant bits, so n·hi is exact.
        let r = (clamped - n * 0.693_359_375) - n * -2.121_944_40e-4
        var p: Float = 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        return p * Float(bitPattern: UInt32(Int32(n) + 127) << 23)
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
