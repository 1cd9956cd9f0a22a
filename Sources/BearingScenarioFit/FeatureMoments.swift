import BearingPanel

/// Pooled moments of one panel feature column: mean and population sd of its non-missing
/// values, its missing rate and the clamp bounds its values pile up at.
struct FeatureMoments: Sendable, Hashable {
    var name: String
    var group: FeatureGroup
    var mean: Double
    /// Population sd; 1 when the column is constant or empty (so z-scores stay finite).
    var sd: Double
    var observed: Int
    var missingRate: Double
    /// A bound is kept when at least `pileUp` of the observed values sit exactly on the observed
    /// extreme: the signature of a clamp (`min`/`max` in a scenario), not of a continuous tail.
    var min: Double?
    var max: Double?

    static let pileUp = 0.001

    init(_ column: FeatureColumn) {
        name = column.name
        group = column.group
        var sum = 0.0
        var count = 0
        var lo = Float.infinity
        var hi = -Float.infinity
        for x in column.values where !x.isNaN {
            sum += Double(x)
            count += 1
            lo = Swift.min(lo, x)
            hi = Swift.max(hi, x)
        }
        let mean = count > 0 ? sum / Double(count) : 0
        var squares = 0.0
        var atLo = 0
        var atHi = 0
        for x in column.values where !x.isNaN {
            let d = Double(x) - mean
            squares += d * d
            if x == lo { atLo += 1 }
            if x == hi { atHi += 1 }
        }
        let variance = count > 0 ? squares / Double(count) : 0
        self.mean = mean
        self.sd = variance > 0 ? variance.squareRoot() : 1
        observed = count
        missingRate = column.values.isEmpty ? 0 : Double(column.values.count - count) / Double(column.values.count)
        let needed = Swift.max(2, Int((Self.pileUp * Double(count)).rounded(.up)))
        min = count > 0 && lo < hi && atLo >= needed ? Double(lo) : nil
        max = count > 0 && lo < hi && atHi >= needed ? Double(hi) : nil
    }

    /// The standardised value of a raw cell (NaN stays NaN).
    @inline(__always)
    func z(_ x: Float) -> Double { (Double(x) - mean) / sd }
}
