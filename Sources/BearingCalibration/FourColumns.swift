/// Four equally long `Float` columns read together, one row of each in the lanes of a vector:
/// for reductions that keep each column's additions in row order (so its bits) while the four
/// chains of additions overlap instead of each waiting on the adder's latency.
enum FourColumns {
    /// Calls `body` with the columns' buffers and their common length; nil (without calling
    /// it) unless there are exactly four columns of `count` rows each.
    static func withBuffers<R>(
        _ columns: [ArraySlice<Float>], count: Int, _ body: (Rows) -> R
    ) -> R? {
        guard columns.count == 4, columns.allSatisfy({ $0.count == count }) else { return nil }
        return columns[0].withUnsafeBufferPointer { a in
            columns[1].withUnsafeBufferPointer { b in
                columns[2].withUnsafeBufferPointer { c in
                    columns[3].withUnsafeBufferPointer { d in body(Rows(a: a, b: b, c: c, d: d, count: count)) }
                }
            }
        }
    }

    /// The four buffers, valid inside `withBuffers`' body only.
    struct Rows {
        let a: UnsafeBufferPointer<Float>
        let b: UnsafeBufferPointer<Float>
        let c: UnsafeBufferPointer<Float>
        let d: UnsafeBufferPointer<Float>
        let count: Int

        /// Row `i` of the four columns, widened to `Double`.
        @inline(__always)
        subscript(i: Int) -> SIMD4<Double> {
            SIMD4<Double>(SIMD4<Float>(a[i], b[i], c[i], d[i]))
        }
    }
}
