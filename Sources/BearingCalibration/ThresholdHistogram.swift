/// Rows and churned rows of the vector's threshold search, counted once in a 2-D histogram so
/// every candidate (negative, positive, magnitude) threshold combination is counted from the
/// bins instead of from the rows.
///
/// Direction bins: with the distinct direction cuts b_0 < … < b_{m−1}, a value's bin is
/// 2·#{b < value} + [value is a cut], so "value < b_t" is bin ≤ 2t and "value > b_t" is
/// bin ≥ 2t + 2; NaN values (never negative, never positive) have a bin of their own, the last.
/// Magnitude bins: #{cuts ≤ value} over the distinct magnitude cuts, so "value ≥ cut_u" is
/// bin > u (NaN: bin 0, never ≥). The counts equal classifying every row: a row is negative
/// when direction < negative, positive when direction > positive and magnitude ≥ the magnitude
/// cut, neutral otherwise (the negative and positive sets are disjoint when positive ≥ negative).
struct ThresholdHistogram {
    private let directionCuts: [Double]
    private let magnitudeCuts: [Double]
    private let magnitudeBins: Int
    /// [direction bin × magnitudeBins + magnitude bin].
    private var rows: [Int]
    private var churned: [Int]
    private let total: Int
    private let totalChurned: Int

    init(direction: [Double], magnitude: [Double], churned labels: [Bool], directionCuts: [Double], magnitudeCuts: [Double]) {
        let dCuts = Array(Set(directionCuts.filter { !$0.isNaN })).sorted()
        let mCuts = Array(Set(magnitudeCuts.filter { !$0.isNaN })).sorted()
        let directionBins = 2 * dCuts.count + 2
        let magnitudeBins = mCuts.count + 1
        var rows = [Int](repeating: 0, count: directionBins * magnitudeBins)
        var churned = rows
        let directionLookup = CutLookup(dCuts)
        let magnitudeLookup = CutLookup(mCuts)
        for i in direction.indices {
            let d = direction[i]
            let db: Int
            if d.isNaN {
                db = directionBins - 1
            } else {
                let below = directionLookup.countLess(d)
                db = 2 * below + (below < dCuts.count && dCuts[below] == d ? 1 : 0)
            }
            let m = magnitude[i]
            let mb = m.isNaN ? 0 : magnitudeLookup.countLessOrEqual(m)
            rows[db * magnitudeBins + mb] += 1
            if labels[i] { churned[db * magnitudeBins + mb] += 1 }
        }
        self.directionCuts = dCuts
        self.magnitudeCuts = mCuts
        self.magnitudeBins = magnitudeBins
        self.rows = rows
        self.churned = churned
        self.total = direction.count
        self.totalChurned = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
    }

    /// Rows and churned rows of (negative, neutral, positive) for one combination of cuts; each
    /// must be one of the cuts the histogram was built with, and `positive ≥ negative`.
    func counts(negative: Double, positive: Double, magnitude: Double) -> (rows: [Int], churned: [Int]) {
        let t = CutLookup.countLess(directionCuts, negative)
        let tp = CutLookup.countLess(directionCuts, positive)
        let u = CutLookup.countLess(magnitudeCuts, magnitude)
        var negativeRows = 0
        var negativeChurned = 0
        var positiveRows = 0
        var positiveChurned = 0
        let directionBins = rows.count / magnitudeBins
        for db in 0..<(directionBins - 1) {
            let base = db * magnitudeBins
            if db <= 2 * t {
                for mb in 0..<magnitudeBins {
                    negativeRows += rows[base + mb]
                    negativeChurned += churned[base + mb]
                }
            } else if db >= 2 * tp + 2 {
                for mb in (u + 1)..<magnitudeBins {
                    positiveRows += rows[base + mb]
                    positiveChurned += churned[base + mb]
                }
            }
        }
        return (
            [negativeRows, total - negativeRows - positiveRows, positiveRows],
            [negativeChurned, totalChurned - negativeChurned - positiveChurned, positiveChurned]
        )
    }
}
