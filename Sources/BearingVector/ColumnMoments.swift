import BearingPanel

/// Mean, population standard deviation and count of each feature column's non-missing
/// values, over all rows or over chosen rows.
///
/// Each column's sums run in row order, exactly as one column at a time would (so the
/// weights' means and deviations keep every bit), but four columns share a pass: four
/// independent addition chains keep the floating-point adder busy where one chain waits
/// on each addition's latency.
enum ColumnMoments {
    struct Moments {
        var mean: Double
        var sd: Double
        var count: Int
    }

    static func of(_ columns: [FeatureColumn], rows: [Int32]?) -> [Moments] {
        var result: [Moments] = []
        result.reserveCapacity(columns.count)
        var start = 0
        while start < columns.count {
            let group = Array(columns[start..<min(columns.count, start + 4)])
            result += ofUpToFour(group, rows: rows)
            start += 4
        }
        return result
    }

    /// One pass for the sums and counts, one for the squared deviations, over up to four
    /// columns (missing lanes read a column of NaN, which adds nothing).
    private static func ofUpToFour(_ group: [FeatureColumn], rows: [Int32]?) -> [Moments] {
        let n = group[0].values.count
        let blank = [Float](repeating: .nan, count: group.count < 4 ? n : 0)
        let lanes = (0..<4).map { $0 < group.count ? group[$0].values : blank }
        return lanes[0].withUnsafeBufferPointer { a in
            lanes[1].withUnsafeBufferPointer { b in
                lanes[2].withUnsafeBufferPointer { c in
                    lanes[3].withUnsafeBufferPointer { d in
                        let columns = (a, b, c, d)
                        var sums = (0.0, 0.0, 0.0, 0.0)
                        var counts = (0, 0, 0, 0)
                        forEachRow(rows, count: n) { r in
                            add(columns.0[r], to: &sums.0, counting: &counts.0)
                            add(columns.1[r], to: &sums.1, counting: &counts.1)
                            add(columns.2[r], to: &sums.2, counting: &counts.2)
                            add(columns.3[r], to: &sums.3, counting: &counts.3)
                        }
                        let means = (
                            mean(sums.0, counts.0), mean(sums.1, counts.1), mean(sums.2, counts.2), mean(sums.3, counts.3)
                        )
                        var squares = (0.0, 0.0, 0.0, 0.0)
                        forEachRow(rows, count: n) { r in
                            addSquare(columns.0[r], about: means.0, to: &squares.0)
                            addSquare(columns.1[r], about: means.1, to: &squares.1)
                            addSquare(columns.2[r], about: means.2, to: &squares.2)
                            addSquare(columns.3[r], about: means.3, to: &squares.3)
                        }
                        let all = [
                            moments(means.0, squares.0, counts.0), moments(means.1, squares.1, counts.1),
                            moments(means.2, squares.2, counts.2), moments(means.3, squares.3, counts.3),
                        ]
                        return Array(all.prefix(group.count))
                    }
                }
            }
        }
    }

    @inline(__always)
    private static func forEachRow(_ rows: [Int32]?, count: Int, _ body: (Int) -> Void) {
        if let rows {
            for r in rows { body(Int(r)) }
        } else {
            for r in 0..<count { body(r) }
        }
    }

    @inline(__always)
    private static func add(_ x: Float, to sum: inout Double, counting count: inout Int) {
        if !x.isNaN {
            sum += Double(x)
            count += 1
        }
    }

    @inline(__always)
    private static func addSquare(_ x: Float, about mean: Double, to squares: inout Double) {
        if !x.isNaN { squares += (Double(x) - mean) * (Double(x) - mean) }
    }

    private static func mean(_ sum: Double, _ count: Int) -> Double { count > 0 ? sum / Double(count) : 0 }

    private static func moments(_ mean: Double, _ squares: Double, _ count: Int) -> Moments {
        let variance = count > 0 ? squares / Double(count) : 0
        return Moments(mean: mean, sd: variance > 0 ? variance.squareRoot() : 1, count: count)
    }
}
