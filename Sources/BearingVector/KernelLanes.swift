import BearingPanel
internal import _BearingStreaming

@inline(always)
func scoreVector(_ plan: KernelPlan, _ io: KernelIO, at i: Int) {
    let (d, m, z, g) = rawLanes(plan, at: i)
    let (direction, magnitude, probability, category) = transform(plan, d, m, z, g)
    store(direction, io.direction + i)
    store(magnitude, io.magnitude + i)
    store(probability, io.probability + i)
    UnsafeMutableRawPointer(io.category + i).storeBytes(of: category, as: SIMD16<UInt8>.self)
    if let p = io.directionRaw { store(d, p + i) }
    if let p = io.magnitudeRaw { store(m, p + i) }
}

/// Scores customers i..<i+32. With `streaming`, the float outputs at `i` must be 64-byte
/// aligned; they bypass the cache (the caller fences before the outputs are handed back).
@inline(always)
func scoreTwoVectors(_ plan: KernelPlan, _ io: KernelIO, at i: Int, streaming: Bool) {
    let (a, b) = rawLanesTwice(plan, at: i)
    let x = transform(plan, a.0, a.1, a.2, a.3)
    let y = transform(plan, b.0, b.1, b.2, b.3)
    if streaming {
        bearing_stream_store16(io.direction + i, x.0)
        bearing_stream_store16(io.direction + i + 16, y.0)
        bearing_stream_store16(io.magnitude + i, x.1)
        bearing_stream_store16(io.magnitude + i + 16, y.1)
        bearing_stream_store16(io.probability + i, x.2)
        bearing_stream_store16(io.probability + i + 16, y.2)
    } else {
        store(x.0, io.direction + i)
        store(y.0, io.direction + i + 16)
        store(x.1, io.magnitude + i)
        store(y.1, io.magnitude + i + 16)
        store(x.2, io.probability + i)
        store(y.2, io.probability + i + 16)
    }
    UnsafeMutableRawPointer(io.category + i).storeBytes(of: x.3, as: SIMD16<UInt8>.self)
    UnsafeMutableRawPointer(io.category + i + 16).storeBytes(of: y.3, as: SIMD16<UInt8>.self)
    if let p = io.directionRaw {
        store(a.0, p + i)
        store(b.0, p + i + 16)
    }
    if let p = io.magnitudeRaw {
        store(a.1, p + i)
        store(b.1, p + i + 16)
    }
}

@inline(always)
func store(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<Float>.self)
}

@inline(always)
func load(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
}

/// acc + scale·(x - mean) in the lanes where x is present; missing lanes keep acc (z = 0).
/// Written as a select around the multiply-add so it compiles to one masked FMA.
@inline(always)
func addTerm(_ acc: SIMD16<Float>, _ x: SIMD16<Float>, mean: Float, scale: Float) -> SIMD16<Float> {
    let v = x - mean
    return acc.replacing(with: madd(SIMD16(repeating: scale), v, acc), where: v .== v)
}

/// The three weighted sums (direction_raw, magnitude_raw, churn logit before the ghost term)
/// and the ghost mask for the 16 customers starting at offset `i` of every column.
@inline(always)
func rawLanes(_ plan: KernelPlan, at i: Int) -> (SIMD16<Float>, SIMD16<Float>, SIMD16<Float>, SIMDMask<SIMD16<Int32>>) {
    var d = SIMD16<Float>(repeating: plan.directionBias)
    for t in plan.dColumn.indices {
        d = addTerm(d, load(plan.dColumn[t] + i), mean: plan.dMean[t], scale: plan.dScale[t])
    }
    var m = SIMD16<Float>(repeating: plan.magnitudeBias)
    for t in plan.mColumn.indices {
        m = addTerm(m, load(plan.mColumn[t] + i), mean: plan.mMean[t], scale: plan.mScale[t])
    }
    var z = madd(SIMD16(repeating: plan.linkDirection), d, SIMD16(repeating: plan.linkIntercept))
    z = madd(SIMD16(repeating: plan.linkMagnitude), m, z)
    for t in plan.cColumn.indices {
        z = addTerm(z, load(plan.cColumn[t] + i), mean: plan.cMean[t], scale: plan.cScale[t])
    }
    var g = SIMDMask<SIMD16<Int32>>(repeating: false)
    for t in plan.aboveColumn.indices { g = g .| (load(plan.aboveColumn[t] + i) .> plan.aboveThreshold[t]) }
    for t in plan.belowColumn.indices { g = g .| (load(plan.belowColumn[t] + i) .< plan.belowThreshold[t]) }
    return (d, m, z, g)
}

/// `rawLanes` for the vectors at `i` and `i + 16`, term by term, so both chains advance together.
@inline(always)
func rawLanesTwice(
    _ plan: KernelPlan, at i: Int
) -> (
    (SIMD16<Float>, SIMD16<Float>, SIMD16<Float>, SIMDMask<SIMD16<Int32>>),
    (SIMD16<Float>, SIMD16<Float>, SIMD16<Float>, SIMDMask<SIMD16<Int32>>)
) {
    let j = i + 16
    var d0 = SIMD16<Float>(repeating: plan.directionBias), d1 = d0
    for t in plan.dColumn.indices {
        d0 = addTerm(d0, load(plan.dColumn[t] + i), mean: plan.dMean[t], scale: plan.dScale[t])
        d1 = addTerm(d1, load(plan.dColumn[t] + j), mean: plan.dMean[t], scale: plan.dScale[t])
    }
    var m0 = SIMD16<Float>(repeating: plan.magnitudeBias), m1 = m0
    for t in plan.mColumn.indices {
        m0 = addTerm(m0, load(plan.mColumn[t] + i), mean: plan.mMean[t], scale: plan.mScale[t])
        m1 = addTerm(m1, load(plan.mColumn[t] + j), mean: plan.mMean[t], scale: plan.mScale[t])
    }
    let intercept = SIMD16<Float>(repeating: plan.linkIntercept)
    var z0 = madd(SIMD16(repeating: plan.linkDirection), d0, intercept)
    var z1 = madd(SIMD16(repeating: plan.linkDirection), d1, intercept)
    z0 = madd(SIMD16(repeating: plan.linkMagnitude), m0, z0)
    z1 = madd(SIMD16(repeating: plan.linkMagnitude), m1, z1)
    for t in plan.cColumn.indices {
        z0 = addTerm(z0, load(plan.cColumn[t] + i), mean: plan.cMean[t], scale: plan.cScale[t])
        z1 = addTerm(z1, load(plan.cColumn[t] + j), mean: plan.cMean[t], scale: plan.cScale[t])
    }
    var g0 = SIMDMask<SIMD16<Int32>>(repeating: false), g1 = g0
    for t in plan.aboveColumn.indices {
        g0 = g0 .| (load(plan.aboveColumn[t] + i) .> plan.aboveThreshold[t])
        g1 = g1 .| (load(plan.aboveColumn[t] + j) .> plan.aboveThreshold[t])
    }
    for t in plan.belowColumn.indices {
        g0 = g0 .| (load(plan.belowColumn[t] + i) .< plan.belowThreshold[t])
        g1 = g1 .| (load(plan.belowColumn[t] + j) .< plan.belowThreshold[t])
    }
    return ((d0, m0, z0, g0), (d1, m1, z1, g1))
}

/// Bounded scales, category and churn probability from the raw sums.
@inline(always)
func transform(
    _ plan: KernelPlan, _ d: SIMD16<Float>, _ m: SIMD16<Float>, _ z: SIMD16<Float>, _ g: SIMDMask<SIMD16<Int32>>
) -> (SIMD16<Float>, SIMD16<Float>, SIMD16<Float>, SIMD16<UInt8>) {
    // Built in Float lanes (masked moves from the compares), then converted: cheaper than
    // combining 16-lane masks in integer lanes.
    var category = SIMD16<Float>(repeating: Float(VectorCategory.neutral.rawValue))
    category.replace(
        with: Float(VectorCategory.positive.rawValue),
        where: (d .> plan.positiveDirectionRaw) .& (m .>= plan.positiveMagnitudeRaw))
    category.replace(with: Float(VectorCategory.negative.rawValue), where: d .< plan.negativeDirectionRaw)
    category.replace(with: Float(VectorCategory.ghost.rawValue), where: g)
    let logit = z.replacing(with: z + plan.linkGhost, where: g)
    return (
        FastMath.tanh(d), FastMath.kernelLogistic(m), FastMath.kernelLogistic(logit),
        // Adding 2^23 puts the small whole number in the low mantissa bits (a Float→Int
        // conversion of SIMD vectors compiles to a scalar loop); the low byte is the category.
        SIMD16<UInt8>(truncatingIfNeeded: unsafeBitCast(category + 8_388_608, to: SIMD16<Int32>.self))
    )
}
