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
}
