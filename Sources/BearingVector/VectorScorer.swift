import BearingPanel
import Dispatch
import Foundation
internal import _BearingStreaming

/// A `Weights` value bound to the column order of a `FeatureMatrix` and flattened into the
/// per-term constants the kernel streams: for each non-zero weight, the column, the mean
/// and the weight divided by sd (so a term costs a subtract, a select and one multiply-add).
///
/// Terms are summed in schema order starting from the bias, the same order in the SIMD
/// kernel, the scalar reference and `explain`, so their raw sums agree bit for bit.
public struct VectorScorer: Sendable {
    public let weights: Weights
    /// Matrix column names this scorer was bound to.
    public let columnNames: [String]

    struct Term: Sendable, Hashable {
        /// Index of the column in the matrix.
        var column: Int
        /// Index of the feature in `weights.features`.
        var feature: Int
        var mean: Float
        /// weight / sd.
        var scale: Float
    }

    struct GhostTerm: Sendable, Hashable {
        var column: Int
        /// +1 for `above`, -1 for `below`: a rule fires when sign·x > sign·threshold.
        var sign: Float
        var signedThreshold: Float
    }

    let directionTerms: [Term]
    let magnitudeTerms: [Term]
    let churnTerms: [Term]
    let ghostTerms: [GhostTerm]
    let directionBias: Float
    let magnitudeBias: Float
    /// Thresholds mapped to the raw scales: atanh(direction), logit(magnitude).
    let positiveDirectionRaw: Float
    let negativeDirectionRaw: Float
    let positiveMagnitudeRaw: Float
    let linkIntercept: Float
    let linkDirection: Float
    let linkMagnitude: Float
    let linkGhost: Float

    /// Binds validated `weights` to matrix columns named `columns`. Extra columns are ignored;
    /// a schema feature without a column is an error.
    public init(weights: Weights, columns: [String]) throws(WeightsError) {
        try weights.validate()
        var position: [String: Int] = [:]
        for (i, name) in columns.enumerated() where position[name] == nil { position[name] = i }
        var d: [Term] = []
        var m: [Term] = []
        var c: [Term] = []
        for (k, f) in weights.features.enumerated() {
            guard let col = position[f.name] else { throw .missingColumn(feature: f.name) }
            func term(_ w: Double) -> Term { Term(column: col, feature: k, mean: Float(f.mean), scale: Float(w / f.sd)) }
            if f.direction != 0 { d.append(term(f.direction)) }
            if f.magnitude != 0 { m.append(term(f.magnitude)) }
            if f.churn != 0 { c.append(term(f.churn)) }
        }
        var g: [GhostTerm] = []
        for rule in weights.thresholds.ghost {
            guard let col = position[rule.feature] else { throw .missingColumn(feature: rule.feature) }
            let sign: Float = rule.side == .above ? 1 : -1
            g.append(GhostTerm(column: col, sign: sign, signedThreshold: sign * Float(rule.threshold)))
        }
        let t = weights.thresholds
        self.weights = weights
        self.columnNames = columns
        directionTerms = d
        magnitudeTerms = m
        churnTerms = c
        ghostTerms = g
        directionBias = Float(weights.directionBias)
        magnitudeBias = Float(weights.magnitudeBias)
        positiveDirectionRaw = Float(atanh(t.positiveDirection))
        negativeDirectionRaw = Float(atanh(t.negativeDirection))
        positiveMagnitudeRaw = Float(log(t.positiveMagnitude / (1 - t.positiveMagnitude)))
        linkIntercept = Float(weights.churnLink.intercept)
        linkDirection = Float(weights.churnLink.direction)
        linkMagnitude = Float(weights.churnLink.magnitude)
        linkGhost = Float(weights.churnLink.ghost)
    }

    /// Binds `weights` to the columns of `matrix`.
    public init(weights: Weights, matrix: FeatureMatrix) throws(WeightsError) {
        try self.init(weights: weights, columns: matrix.names)
    }

    /// Scores every customer of `matrix` with the SIMD kernel on `threads` cores.
    ///
    /// Results do not depend on `threads`: each customer is computed by the same lanes code
    /// and written to its own slot. Contract against `referenceScores`: raw sums and
    /// categories bit-identical; direction, magnitude and churn probability within 1e-6
    /// (the approximation error of `FastMath` plus one Float rounding).
    public func scores(_ matrix: FeatureMatrix, threads: Int = 1, includeRaw: Bool = false) -> VectorScores {
        var out = VectorScores(count: matrix.count, includeRaw: includeRaw)
        score(matrix, into: &out, threads: threads)
        return out
    }

    /// Scores into existing buffers (sized for `matrix.count`), so repeated scoring allocates
    /// nothing. Raw sums are written only when `out` has raw columns.
    public func score(_ matrix: FeatureMatrix, into out: inout VectorScores, threads: Int = 1) {
        precondition(out.count == matrix.count, "output sized for another matrix")
        precondition(
            matrix.names.count >= columnNames.count && Array(matrix.names.prefix(columnNames.count)) == columnNames,
            "matrix columns differ from the ones the scorer was bound to")
        let n = matrix.count
        let wantRaw = out.directionRaw.count == n && out.magnitudeRaw.count == n && n > 0
        matrix.storage.withUnsafeBufferPointer { features in
            out.direction.withUnsafeMutableBufferPointer { direction in
                out.magnitude.withUnsafeMutableBufferPointer { magnitude in
                    out.churnProbability.withUnsafeMutableBufferPointer { probability in
                        out.category.withUnsafeMutableBufferPointer { category in
                            out.directionRaw.withUnsafeMutableBufferPointer { dRaw in
                                out.magnitudeRaw.withUnsafeMutableBufferPointer { mRaw in
                                    guard let base = features.baseAddress, let dp = direction.baseAddress,
                                        let mp = magnitude.baseAddress, let pp = probability.baseAddress,
                                        let cp = category.baseAddress
                                    else { return }
                                    let io = KernelIO(
                                        features: base, stride: n, direction: dp, magnitude: mp, probability: pp,
                                        category: cp, directionRaw: wantRaw ? dRaw.baseAddress : nil,
                                        magnitudeRaw: wantRaw ? mRaw.baseAddress : nil)
                                    run(io, count: n, threads: threads)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

// MARK: - Kernel

/// Raw pointers of one scoring call. Workers write disjoint ranges of the outputs and only read
/// the inputs, which is what makes sharing them across threads sound.
struct KernelIO: @unchecked Sendable {
    let features: UnsafePointer<Float>
    /// Distance between columns (the matrix row count).
    let stride: Int
    let direction: UnsafeMutablePointer<Float>
    let magnitude: UnsafeMutablePointer<Float>
    let probability: UnsafeMutablePointer<Float>
    let category: UnsafeMutablePointer<UInt8>
    let directionRaw: UnsafeMutablePointer<Float>?
    let magnitudeRaw: UnsafeMutablePointer<Float>?
}

/// Term constants as raw buffers (each term's column as a pointer to its first customer), so
/// the inner loop has no bounds checks, no index arithmetic and no retain/release.
struct KernelPlan: @unchecked Sendable {
    /// Ghost rules split by side, so each is one compare (sign·x > sign·t is x > t or x < t).
    var dColumn, mColumn, cColumn, aboveColumn, belowColumn: UnsafeBufferPointer<UnsafePointer<Float>>
    var dMean, dScale, mMean, mScale, cMean, cScale, aboveThreshold, belowThreshold: UnsafeBufferPointer<Float>
    var directionBias, magnitudeBias: Float
    var positiveDirectionRaw, negativeDirectionRaw, positiveMagnitudeRaw: Float
    var linkIntercept, linkDirection, linkMagnitude, linkGhost: Float
}

/// Hands out block numbers 0, 1, 2, … to the workers. A lock rather than `Atomic`, which
/// needs macOS 15; with ~1 MiB of features per block, 10M customers take the lock ~600 times.
final class BlockCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    func take() -> Int {
        lock.lock()
        defer { lock.unlock() }
        next += 1
        return next - 1
    }
}

/// Fewest customers for which the kernel writes its float outputs with streaming stores:
/// 256Ki customers write 3 MiB of scores, more than a core's share of cache.
let streamingMinimum = 1 << 18

/// Customers per unit of parallel work (a multiple of the 16 lanes): big enough that thread
/// hand-off costs nothing, small enough to balance two cores.
let kernelBlock = 16 * 1024

extension VectorScorer {
    /// The plan for columns stored at `base` with `stride` floats between columns. Its buffers
    /// live for the duration of `body` only.
    func withKernelPlan<R>(base: UnsafePointer<Float>, stride: Int, _ body: (KernelPlan) -> R) -> R {
        let termLists = [directionTerms, magnitudeTerms, churnTerms]
        let termCount = termLists.reduce(0) { $0 + $1.count } + ghostTerms.count
        let columns = UnsafeMutableBufferPointer<UnsafePointer<Float>>.allocate(capacity: max(1, termCount))
        let constants = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(1, 2 * termCount))
        defer {
            columns.deallocate()
            constants.deallocate()
        }
        var next = 0
        /// Fills the next `count` slots; returns (columns, first constants, second constants).
        func section(
            _ count: Int, _ fill: (Int, inout UnsafePointer<Float>, inout Float, inout Float) -> Void
        )
            -> (UnsafeBufferPointer<UnsafePointer<Float>>, UnsafeBufferPointer<Float>, UnsafeBufferPointer<Float>)
        {
            for k in 0..<count {
                var column = base
                var first: Float = 0
                var second: Float = 0
                fill(k, &column, &first, &second)
                columns.initializeElement(at: next + k, to: column)
                constants.initializeElement(at: 2 * next + k, to: first)
                constants.initializeElement(at: 2 * next + count + k, to: second)
            }
            defer { next += count }
            return (
                UnsafeBufferPointer(rebasing: columns[next..<(next + count)]),
                UnsafeBufferPointer(rebasing: constants[(2 * next)..<(2 * next + count)]),
                UnsafeBufferPointer(rebasing: constants[(2 * next + count)..<(2 * next + 2 * count)])
            )
        }
        func terms(_ list: [Term]) -> (UnsafeBufferPointer<UnsafePointer<Float>>, UnsafeBufferPointer<Float>, UnsafeBufferPointer<Float>) {
            section(list.count) { k, column, mean, scale in
                column = base + list[k].column * stride
                mean = list[k].mean
                scale = list[k].scale
            }
        }
        let d = terms(directionTerms)
        let m = terms(magnitudeTerms)
        let c = terms(churnTerms)
        func ghosts(_ list: [GhostTerm]) -> (UnsafeBufferPointer<UnsafePointer<Float>>, UnsafeBufferPointer<Float>) {
            let g = section(list.count) { k, column, threshold, _ in
                column = base + list[k].column * stride
                // sign is ±1, so sign·signedThreshold is the rule's threshold exactly.
                threshold = list[k].sign * list[k].signedThreshold
            }
            return (g.0, g.1)
        }
        let above = ghosts(ghostTerms.filter { $0.sign > 0 })
        let below = ghosts(ghostTerms.filter { $0.sign < 0 })
        return body(
            KernelPlan(
                dColumn: d.0, mColumn: m.0, cColumn: c.0, aboveColumn: above.0, belowColumn: below.0,
                dMean: d.1, dScale: d.2, mMean: m.1, mScale: m.2, cMean: c.1, cScale: c.2,
                aboveThreshold: above.1, belowThreshold: below.1,
                directionBias: directionBias, magnitudeBias: magnitudeBias,
                positiveDirectionRaw: positiveDirectionRaw, negativeDirectionRaw: negativeDirectionRaw,
                positiveMagnitudeRaw: positiveMagnitudeRaw, linkIntercept: linkIntercept, linkDirection: linkDirection,
                linkMagnitude: linkMagnitude, linkGhost: linkGhost))
    }

    /// Splits `count` customers into fixed blocks of `kernelBlock`; workers take the next free
    /// block from a shared counter, so a core slowed by other work takes fewer blocks instead
    /// of holding up the rest. Which worker scores a block never changes its bytes. Customers
    /// before the first 64-byte-aligned output slot (streaming only) and the last partial
    /// vector go through a padded copy that runs the same lanes code, so every customer's
    /// bytes are the same whatever the split.
    func run(_ io: KernelIO, count: Int, threads: Int) {
        let head = streamingHead(io, count: count)
        let streaming = head != nil
        let start = head ?? 0
        let fullVectors = (count - start) / 16
        let end = start + fullVectors * 16
        let blocks = (end - start + kernelBlock - 1) / kernelBlock
        let workers = max(1, min(threads, blocks))
        withKernelPlan(base: io.features, stride: io.stride) { plan in
            @Sendable func score(block: Int) {
                var i = start + block * kernelBlock
                let blockEnd = min(i + kernelBlock, end)
                // Two vectors per step: their dependency chains (sums, then the polynomial
                // transforms) interleave, which hides the latency one vector alone exposes.
                // The `streaming` branch is hoisted so each loop has one kind of store.
                if streaming {
                    while i + 32 <= blockEnd {
                        scoreTwoVectors(plan, io, at: i, streaming: true)
                        i += 32
                    }
                } else {
                    while i + 32 <= blockEnd {
                        scoreTwoVectors(plan, io, at: i, streaming: false)
                        i += 32
                    }
                }
                if i < blockEnd { scoreVector(plan, io, at: i) }
            }
            if workers == 1 {
                for block in 0..<blocks { score(block: block) }
                if streaming { bearing_stream_fence() }
            } else {
                let counter = BlockCounter()
                DispatchQueue.concurrentPerform(iterations: workers) { _ in
                    while true {
                        let block = counter.take()
                        guard block < blocks else { break }
                        score(block: block)
                    }
                    if streaming { bearing_stream_fence() }
                }
            }
        }
        if start > 0 { scoreTail(io, at: 0, count: start) }
        let tail = count - end
        if tail > 0 { scoreTail(io, at: end, count: tail) }
    }

    /// How many leading customers to score through the padded copy so that the three bounded
    /// outputs are 64-byte aligned from there on, or nil to use ordinary stores: below
    /// `streamingMinimum` customers (the outputs fit in cache and are likely read next), or
    /// when the three outputs are not aligned alike (then no single offset aligns them all).
    func streamingHead(_ io: KernelIO, count: Int) -> Int? {
        guard count >= streamingMinimum, bearing_stream_supported() != 0 else { return nil }
        let offset = UInt(bitPattern: io.direction) % 64
        guard offset % 4 == 0, UInt(bitPattern: io.magnitude) % 64 == offset,
            UInt(bitPattern: io.probability) % 64 == offset
        else { return nil }
        return Int((64 - offset) % 64) / 4
    }

    /// The last `count` (< 16) customers: copies their columns into a 16-wide scratch matrix
    /// padded with NaN (imputed like any missing value) and runs the same lanes code.
    func scoreTail(_ io: KernelIO, at start: Int, count: Int) {
        let columns = columnNames.count
        var scratch = [Float](repeating: .nan, count: columns * 16)
        for c in 0..<columns {
            for k in 0..<count { scratch[c * 16 + k] = io.features[c * io.stride + start + k] }
        }
        scratch.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            withKernelPlan(base: base, stride: 16) { plan in
                let (d, m, z, g) = rawLanes(plan, at: 0)
                let (direction, magnitude, probability, category) = transform(plan, d, m, z, g)
                for k in 0..<count {
                    io.direction[start + k] = direction[k]
                    io.magnitude[start + k] = magnitude[k]
                    io.probability[start + k] = probability[k]
                    io.category[start + k] = category[k]
                    io.directionRaw?[start + k] = d[k]
                    io.magnitudeRaw?[start + k] = m[k]
                }
            }
        }
    }
}

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
