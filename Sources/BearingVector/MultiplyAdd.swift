/// a * b + c, fused into one rounding only when the build targets a CPU with hardware FMA.
///
/// `addingProduct` on a target without FMA (the portable x86-64 baseline) becomes a libm
/// `fmaf` call per lane, which is ~30x slower than a multiply and an add. Package.swift
/// defines `BEARING_FMA` together with `-target-cpu native` (`BEARING_NATIVE=1`); arm64
/// always has FMA. Both the kernel and the scalar reference go through these functions, so
/// they round the same way in either build.
@inlinable @inline(always)
func madd(_ a: SIMD16<Float>, _ b: SIMD16<Float>, _ c: SIMD16<Float>) -> SIMD16<Float> {
    #if BEARING_FMA || arch(arm64)
        return c.addingProduct(a, b)
    #else
        return a * b + c
    #endif
}

/// Scalar twin of the SIMD `madd`: the same rounding, lane for lane.
@inlinable @inline(always)
func madd(_ a: Float, _ b: Float, _ c: Float) -> Float {
    #if BEARING_FMA || arch(arm64)
        return c.addingProduct(a, b)
    #else
        return a * b + c
    #endif
}
