extension FeatureStandardization {
    /// Non-missing count, mean and scale of four contiguous columns (named by `names`), the
    /// same bits as `moments` gives each alone (which it falls back to for unequal lengths).
    ///
    /// Each column's sum and centred sum of squares still add its values in row order; the
    /// four run in the lanes of one vector, so four chains of additions overlap instead of each
    /// waiting on the adder's latency, which bounded the one-column loop. A missing value adds
    /// +0 instead of being skipped: the sums start at +0 and never become −0, so adding +0
    /// leaves them unchanged. Throws for the first of the four with an infinite value.
    static func moments(
        four columns: [ArraySlice<Float>], names: [String]
    ) throws(CalibrationError) -> [(count: Int, mean: Double, scale: Double)] {
        let n = columns[0].count
        let sums = FourColumns.withBuffers(columns, count: n) { rows in
            var count = SIMD4<Int64>()
            var sum = SIMD4<Double>()
            for i in 0..<n {
                let x = rows[i]
                let live = x .== x
                count &+= SIMD4<Int64>().replacing(with: 1, where: live)
                sum += x.replacing(with: 0, where: .!live)
            }
            var mean = SIMD4<Double>()
            for k in 0..<4 { mean[k] = count[k] > 0 ? sum[k] / Double(count[k]) : 0 }
            var ss = SIMD4<Double>()
            for i in 0..<n {
                let x = rows[i]
                let centred = x - mean
                ss += (centred * centred).replacing(with: 0, where: .!(x .== x))
            }
            return (count, sum, ss)
        }
        guard let (count, sum, ss) = sums else {
            var out: [(count: Int, mean: Double, scale: Double)] = []
            for (j, column) in columns.enumerated() {
                out.append(
                    try column.withUnsafeBufferPointer { col throws(CalibrationError) in
                        try moments(col, rows: nil, name: names[j])
                    })
            }
            return out
        }
        for k in 0..<4 where !sum[k].isFinite { throw .nonFiniteValue("a value of feature '\(names[k])'") }
        return (0..<4).map { k in
            let m = Int(count[k])
            let sd = m > 0 ? (ss[k] / Double(m)).squareRoot() : 0
            return (m, m > 0 ? sum[k] / Double(m) : 0, sd > 0 && sd.isFinite ? sd : 1)
        }
    }
}
