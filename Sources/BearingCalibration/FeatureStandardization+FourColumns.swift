extension FeatureStandardization {
    /// Non-missing count, mean and scale of four equally long contiguous columns (named by
    /// `names`), the same bits as `moments` gives each alone.
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
        let (count, sum, ss) = columns[0].withUnsafeBufferPointer { a in
            columns[1].withUnsafeBufferPointer { b in
                columns[2].withUnsafeBufferPointer { c in
                    columns[3].withUnsafeBufferPointer { d in
                        var count = SIMD4<Int64>()
                        var sum = SIMD4<Double>()
                        for i in 0..<n {
                            let x = SIMD4<Double>(SIMD4<Float>(a[i], b[i], c[i], d[i]))
                            let live = x .== x
                            count &+= SIMD4<Int64>().replacing(with: 1, where: live)
                            sum += x.replacing(with: 0, where: .!live)
                        }
                        var mean = SIMD4<Double>()
                        for k in 0..<4 { mean[k] = count[k] > 0 ? sum[k] / Double(count[k]) : 0 }
                        var ss = SIMD4<Double>()
                        for i in 0..<n {
                            let x = SIMD4<Double>(SIMD4<Float>(a[i], b[i], c[i], d[i]))
                            let centred = x - mean
                            ss += (centred * centred).replacing(with: 0, where: .!(x .== x))
                        }
                        return (count, sum, ss)
                    }
                }
            }
        }
        for k in 0..<4 where !sum[k].isFinite { throw .nonFiniteValue("a value of feature '\(names[k])'") }
        return (0..<4).map { k in
            let m = Int(count[k])
            let sd = m > 0 ? (ss[k] / Double(m)).squareRoot() : 0
            return (m, m > 0 ? sum[k] / Double(m) : 0, sd > 0 && sd.isFinite ? sd : 1)
        }
    }
}
