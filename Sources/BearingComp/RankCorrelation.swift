/// Rank statistics used to ask whether a plan pays its best performers most.
public enum RankCorrelation {
    /// Ranks 1...n with ties given the average of the ranks they span (scipy's `rankdata`
    /// "average" method, which `spearmanr` uses).
    public static func averageRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        var ranks = Array(repeating: 0.0, count: values.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, values[order[j + 1]] == values[order[i]] { j += 1 }
            let average = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = average }
            i = j + 1
        }
        return ranks
    }

    /// Spearman's rank correlation: Pearson correlation of the average ranks. Pairs where either
    /// value is NaN are dropped first. NaN with fewer than 2 pairs or when either side is constant
    /// (as scipy returns).
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "spearman needs paired samples")
        let keep = x.indices.filter { !x[$0].isNaN && !y[$0].isNaN }
        guard keep.count >= 2 else { return .nan }
        return pearson(averageRanks(keep.map { x[$0] }), averageRanks(keep.map { y[$0] }))
    }

    /// Pearson correlation; NaN when either side has zero variance.
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n
        let my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices {
            let dx = x[i] - mx
            let dy = y[i] - my
            sxy += dx * dy
            sxx += dx * dx
            syy += dy * dy
        }
        guard sxx > 0, syy > 0 else { return .nan }
        return sxy / (sxx * syy).squareRoot()
    }
}
