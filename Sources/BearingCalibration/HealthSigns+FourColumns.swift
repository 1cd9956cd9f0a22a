extension HealthSigns {
    /// The signs of several features (`values[j]` the training values of `features[j]`) by the
    /// rule of `HealthSigns`, the correlations of those no signs file names found four at a time
    /// (`correlationSigns(four:churned:)`): the same signs as `sign` gives one at a time.
    static func signs(
        features: [String], values: [ArraySlice<Float>], churned: ArraySlice<Bool>, overrides: HealthSignOverrides?
    ) -> [FeatureSign] {
        let asked = features.indices.filter { overrides?.signs[features[$0]] == nil }
        var correlations = [Double?](repeating: nil, count: features.count)
        var k = 0
        while k < asked.count {
            let group = Array(asked[k..<min(k + 4, asked.count)])
            // A short last group repeats its last feature; the copies' signs are dropped.
            let padded = (0..<4).map { group[min($0, group.count - 1)] }
            let four = correlationSigns(four: padded.map { values[$0] }, churned: churned)
            for (i, j) in group.enumerated() {
                correlations[j] = four.map { $0[i] } ?? correlationSign(values: values[j], churned: churned)
            }
            k += group.count
        }
        return features.indices.map { j in sign(feature: features[j], overrides: overrides) { correlations[j] } }
    }

    /// `correlationSign` of four columns against the same outcomes, bit for bit, in the lanes
    /// of one vector (`FourColumns`); nil when the columns and outcomes differ in length.
    ///
    /// A missing value adds +0 to the count, the sums and the covariance instead of being
    /// skipped: none of them is ever −0 (they start at +0, and x + (−x) rounds to +0), so
    /// adding +0 leaves each unchanged.
    static func correlationSigns(four columns: [ArraySlice<Float>], churned: ArraySlice<Bool>) -> [Double?]? {
        let n = churned.count
        let retained = churned.map { $0 ? 0.0 : 1.0 }
        return FourColumns.withBuffers(columns, count: n) { rows in
            var count = SIMD4<Double>()
            var sx = SIMD4<Double>()
            var sy = SIMD4<Double>()
            for i in 0..<n {
                let x = rows[i]
                let live = x .== x
                count += SIMD4<Double>().replacing(with: 1, where: live)
                sx += x.replacing(with: 0, where: .!live)
                sy += SIMD4<Double>().replacing(with: retained[i], where: live)
            }
            let mx = sx / count
            let my = sy / count
            var cov = SIMD4<Double>()
            for i in 0..<n {
                let x = rows[i]
                let term = (x - mx) * (SIMD4(repeating: retained[i]) - my)
                cov += term.replacing(with: 0, where: .!(x .== x))
            }
            return (0..<4).map { k -> Double? in
                guard count[k] > 1 else { return nil }
                return cov[k] < 0 ? -1 : (cov[k] > 0 ? 1 : nil)
            }
        }
    }
}
