import Dispatch
import Foundation
import _BearingNewton

/// Loss, gradient and Hessian of the unpenalised logistic log-likelihood at one coefficient
/// vector, accumulated in Double.
struct LogisticPass: Sendable {
    /// Σ log-loss over rows.
    var loss: Double
    /// ∂loss/∂w, intercept first (p = d + 1 entries).
    var gradient: [Double]
    /// Packed lower triangle of ∂²loss/∂w², row by row: entry (j, k), k ≤ j, at j(j+1)/2 + k.
    /// Empty when the Hessian was not requested.
    var hessian: [Double]
}

/// The data pass of the Newton solver.
///
/// Rows are cut into fixed blocks of `blockRows` rows (independent of the thread count). Within a
/// block, eight rows at a time sit in the lanes of `SIMD8<Double>` accumulators (Float32 inputs
/// widened to Double); the lanes are summed at the end of the block and the blocks are summed in
/// block order. The result is therefore bit-identical for any number of workers.
///
/// The loss's log1p(e) terms (e = exp(−|η|) ∈ (0, 1]) are not taken row by row: each lane
/// multiplies its rows' 1 + e ∈ [1, 2] over the block (at most 512 factors, so the product
/// stays below 2^512) and takes one `log` of the product at the end of the block. The product's
/// rounding error is at most 512 ulps (6e-14 relative), an absolute error of at most 6e-14 per
/// lane and block against a block loss in the hundreds: the loss stays within ~1e-15 relative
/// of the row-by-row sum, far inside the Newton line search's 1e-13 slack, and the loss decides
/// nothing else. A log1p polynomial per row was a third of the row preparation.
enum LogisticKernel {
    /// Rows per block: a multiple of 8, fixed so results never depend on the thread count.
    static let blockRows = 4096

    /// Which code runs a block's rows: the Swift loop, or the same operations on wider
    /// registers (`_BearingNewton`), chosen at run time. Every choice gives the same bits; the
    /// portable build's Swift loop runs on SSE2, four instructions per SIMD8 operation.
    enum BlockPath: Int32, CaseIterable, Sendable {
        case portable = 0
        case avx2 = 1
        case avx512 = 2

        /// The widest this machine runs.
        static let fastest = BlockPath(rawValue: bearing_newton_vector_level()) ?? .portable

        /// Every choice this machine runs.
        static var available: [BlockPath] { allCases.filter { $0.rawValue <= fastest.rawValue } }
    }

    /// A design matrix regrouped for the pass: for each group of 8 rows, feature 0 of the 8 rows,
    /// then feature 1, …: group g, feature j, lane l at `(g·d + j)·8 + l`, rows past the end 0.
    ///
    /// The column-major matrix made the pass read d + 1 streams at once, one per column, each a
    /// design's length apart; that many streams outrun the hardware prefetchers and the loads
    /// stalled (a third of the row preparation). Regrouped, a pass reads one stream. Built once
    /// per fit; the values and the arithmetic are the same, so are the results.
    struct Tiles: Sendable {
        let rowCount: Int
        let columnCount: Int
        let storage: [Float]

        init(_ x: DesignMatrix) {
            let n = x.rowCount
            let d = x.columnCount
            let groups = (n + 7) / 8
            var storage = [Float](repeating: 0, count: groups * d * 8)
            x.storage.withUnsafeBufferPointer { source in
                storage.withUnsafeMutableBufferPointer { out in
                    guard let from = source.baseAddress, let to = out.baseAddress else { return }
                    // Whole groups as one 8-value move per feature; the partial last group by value.
                    let whole = n / 8
                    for g in 0..<whole {
                        for j in 0..<d {
                            let read: Int = j &* n &+ g &* 8
                            let write: Int = (g &* d &+ j) &* 8
                            let v = UnsafeRawPointer(from + read).loadUnaligned(as: SIMD8<Float>.self)
                            UnsafeMutableRawPointer(to + write).storeBytes(of: v, as: SIMD8<Float>.self)
                        }
                    }
                    for j in 0..<d {
                        for i in (whole * 8)..<n { out[((i >> 3) * d + j) * 8 + (i & 7)] = source[j * n + i] }
                    }
                }
            }
            self.rowCount = n
            self.columnCount = d
            self.storage = storage
        }
    }

    static func evaluate(
        _ x: DesignMatrix, labels y: [Float], coefficients w: [Double], hessian wantHessian: Bool, workers: Int
    ) -> LogisticPass {
        evaluate(Tiles(x), labels: y, coefficients: w, hessian: wantHessian, workers: workers)
    }

    static func evaluate(
        _ x: Tiles, labels y: [Float], coefficients w: [Double], hessian wantHessian: Bool, workers: Int,
        path: BlockPath = .fastest
    ) -> LogisticPass {
        let n = x.rowCount
        let d = x.columnCount
        let p = d + 1
        let hCount = wantHessian ? p * (p + 1) / 2 : 0
        let stride = 1 + p + hCount
        let blocks = (n + blockRows - 1) / blockRows
        var partials = [Double](repeating: 0, count: max(1, blocks) * stride)
        x.storage.withUnsafeBufferPointer { xs in
            y.withUnsafeBufferPointer { ys in
                w.withUnsafeBufferPointer { ws in
                    partials.withUnsafeMutableBufferPointer { out in
                        let job = BlockJob(
                            x: xs.baseAddress, y: ys.baseAddress, w: ws.baseAddress, out: out.baseAddress,
                            n: n, d: d, stride: stride, hessian: wantHessian, path: path)
                        let workerCount = max(1, min(workers, blocks))
                        if workerCount == 1 {
                            for b in 0..<blocks { job.run(block: b) }
                        } else {
                            DispatchQueue.concurrentPerform(iterations: workerCount) { worker in
                                var b = worker
                                while b < blocks {
                                    job.run(block: b)
                                    b += workerCount
                                }
                            }
                        }
                    }
                }
            }
        }
        var total = [Double](repeating: 0, count: stride)
        for b in 0..<blocks {
            for i in 0..<stride { total[i] += partials[b * stride + i] }
        }
        return LogisticPass(
            loss: total[0], gradient: Array(total[1..<(1 + p)]), hessian: Array(total[(1 + p)...]))
    }

    /// Linear predictor b0 + Σ w_j x_j for every row, in Double.
    static func linearPredictor(_ x: DesignMatrix, coefficients w: [Double]) -> [Double] {
        let n = x.rowCount
        var eta = [Double](repeating: w[0], count: n)
        x.storage.withUnsafeBufferPointer { xs in
            eta.withUnsafeMutableBufferPointer { e in
                for j in 0..<x.columnCount {
                    let wj = w[j + 1]
                    let base = j * n
                    for i in 0..<n { e[i] += Double(xs[base + i]) * wj }
                }
            }
        }
        return eta
    }
}

/// One pass's read-only inputs and its output slots. Blocks write disjoint slices of `out`,
/// which is what makes sharing the pointers between workers safe.
private struct BlockJob: @unchecked Sendable {
    let x: UnsafePointer<Float>?
    let y: UnsafePointer<Float>?
    let w: UnsafePointer<Double>?
    let out: UnsafeMutablePointer<Double>?
    let n: Int
    let d: Int
    let stride: Int
    let hessian: Bool
    let path: LogisticKernel.BlockPath

    func run(block b: Int) {
        guard let x, let y, let w, let out else { return }
        let start = b * LogisticKernel.blockRows
        let end = min(n, start + LogisticKernel.blockRows)
        let p = d + 1
        let hCount = hessian ? p * (p + 1) / 2 : 0
        // Two groups of 8 rows: features of group A at xs[0..<p], group B at xs[p..<2p]; then
        // the gradient, the Hessian, and the loss and product sums, all as raw groups of eight
        // Doubles, which the Swift loop reads as SIMD8 and `_BearingNewton` as doubles.
        let groups = 2 * p + p + max(1, hCount) + 2
        let memory = UnsafeMutableRawPointer.allocate(byteCount: groups * 64, alignment: 64)
        defer { memory.deallocate() }
        let xs = LaneGroups(memory)
        let g = LaneGroups(memory + 2 * p * 64)
        let h = LaneGroups(memory + 3 * p * 64)
        let sums = LaneGroups(memory + (3 * p + max(1, hCount)) * 64)
        for i in 0..<(2 * p) { xs[i] = SIMD8(repeating: 1) }
        for i in 0..<(p + max(1, hCount)) { g[i] = SIMD8() }
        var lossAcc = SIMD8<Double>()
        // Π(1 + e) per lane, for the loss's log1p terms (see the type's notes).
        var product = SIMD8<Double>(repeating: 1)
        if path != .portable {
            sums[0] = lossAcc
            sums[1] = product
            bearing_newton_block(
                path.rawValue, x, y, w, d, start, end, hessian ? 1 : 0, xs.doubles, g.doubles, h.doubles, sums.doubles,
                sums.doubles + 8)
            lossAcc = sums[0]
            product = sums[1]
        }
        // The portable loop; `bearing_newton_block` is this loop on wider registers.
        var r = start
        while path == .portable, r < end {
            // 16 rows per step: each Hessian accumulator is loaded and stored once for two
            // products, which halves the memory traffic that bounds this loop.
            let a = prepare(x: x, y: y, w: w, xs: xs, row: r, end: end)
            let c = prepare(x: x, y: y, w: w, xs: xs.advanced(by: p), row: r &+ 8, end: end)
            lossAcc += a.loss + c.loss
            product *= a.onePlusE * c.onePlusE
            if hessian {
                var idx = 0
                for j in 0..<p {
                    let xa = xs[j]
                    let xb = xs[p &+ j]
                    g[j] += a.resid * xa + c.resid * xb
                    let ta = a.curvature * xa
                    let tb = c.curvature * xb
                    // Wrapping index arithmetic: idx < p(p+1)/2 by construction, and overflow
                    // checks in this innermost loop cost a fifth of the pass.
                    for k in 0...j {
                        h[idx] += ta * xs[k] + tb * xs[p &+ k]
                        idx &+= 1
                    }
                }
            } else {
                for j in 0..<p { g[j] += a.resid * xs[j] + c.resid * xs[p &+ j] }
            }
            r &+= 16
        }
        let o = out + b * stride
        var logs = 0.0
        for l in 0..<8 { logs += Foundation.log(product[l]) }
        o[0] = lossAcc.sum() + logs
        for j in 0..<p { o[1 + j] = g[j].sum() }
        for i in 0..<hCount { o[1 + p + i] = h[i].sum() }
    }

    /// Loads rows `row..<min(row + 8, end)` into `xs[1...d]` (xs[0] stays 1 for the intercept)
    /// and returns their residual p − y, curvature p(1 − p) and log-loss in two parts: the
    /// loss is `loss + log(onePlusE)`. Lanes past `end` (a partial or empty group) are zero in
    /// `loss`, `resid` and `curvature`, and one in `onePlusE`.
    @inline(__always)
    private func prepare(
        x: UnsafePointer<Float>, y: UnsafePointer<Float>, w: UnsafePointer<Double>,
        xs: LaneGroups, row r: Int, end: Int
    ) -> (loss: SIMD8<Double>, onePlusE: SIMD8<Double>, resid: SIMD8<Double>, curvature: SIMD8<Double>) {
        let m = max(0, min(8, end - r))
        let p = d + 1
        var yv: SIMD8<Double>
        // Row r is lane 0 of its group (blocks and steps are multiples of 8).
        let group = x + (r >> 3) &* d &* 8
        if m == 8 {
            for j in 0..<d {
                let f = UnsafeRawPointer(group + j &* 8).loadUnaligned(as: SIMD8<Float>.self)
                xs[j &+ 1] = SIMD8<Double>(f)
            }
            yv = SIMD8<Double>(UnsafeRawPointer(y + r).loadUnaligned(as: SIMD8<Float>.self))
        } else {
            for j in 0..<d {
                var v = SIMD8<Double>()
                for l in 0..<m { v[l] = Double(group[j * 8 + l]) }
                xs[j + 1] = v
            }
            yv = SIMD8<Double>()
            for l in 0..<m { yv[l] = Double(y[r + l]) }
        }
        var eta = SIMD8<Double>(repeating: w[0])
        for j in 1..<p { eta += xs[j] * w[j] }
        // Stable forms: with e = exp(-|eta|), loss = max(eta, 0) + log1p(e) - y*eta,
        // p = 1/(1+e) or e/(1+e), and p(1-p) = e/(1+e)^2 without cancellation.
        let negative = eta .< 0
        let negAbs = eta.replacing(with: -eta, where: .!negative)
        let e = LogisticMath.expNonPositive(negAbs)
        var onePlusE = 1 + e
        let inv = 1 / onePlusE
        var prob = inv
        prob.replace(with: e * inv, where: negative)
        var loss = eta.replacing(with: 0, where: negative) - yv * eta
        var resid = prob - yv
        var curvature = e * inv * inv
        if m < 8 {
            var valid = SIMD8<Double>()
            for l in 0..<m { valid[l] = 1 }
            loss *= valid
            resid *= valid
            curvature *= valid
            onePlusE.replace(with: 1, where: valid .== 0)
        }
        return (loss, onePlusE, resid, curvature)
    }
}

/// Groups of eight Doubles in raw memory (64-byte aligned), read and written as `SIMD8<Double>`
/// by the Swift loop and passed as `double *` to `_BearingNewton`: raw loads and stores keep the
/// one buffer valid under both views.
private struct LaneGroups {
    let base: UnsafeMutableRawPointer

    init(_ base: UnsafeMutableRawPointer) { self.base = base }

    subscript(i: Int) -> SIMD8<Double> {
        @inline(__always) get { base.load(fromByteOffset: i &* 64, as: SIMD8<Double>.self) }
        @inline(__always) nonmutating set { base.storeBytes(of: newValue, toByteOffset: i &* 64, as: SIMD8<Double>.self) }
    }

    /// The groups from group `k` on.
    func advanced(by k: Int) -> LaneGroups { LaneGroups(base + k &* 64) }

    /// The same memory as doubles, for C.
    var doubles: UnsafeMutablePointer<Double> { base.assumingMemoryBound(to: Double.self) }
}
