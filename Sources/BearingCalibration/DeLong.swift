import BearingMetrics

/// DeLong, DeLong & Clarke-Pearson (1988): the variance of an empirical AUC and of the
/// difference of two AUCs measured on the same rows, from the rows' placement values; computed
/// with Sun & Xu's (2014) midrank algorithm in O(n log n).
///
/// With m churners X and n non-churners Y, the placement value of churner i is
/// V10ᵢ = (#Y < Xᵢ + ½ #Y = Xᵢ) / n and of non-churner j is V01ⱼ = (#X > Yⱼ + ½ #X = Yⱼ) / m;
/// AUC = mean V10 = mean V01 (ties count ½, as `ClassifierMetrics.auc`). For models r, s:
/// Cov(AUCᵣ, AUCₛ) = S10ᵣₛ / m + S01ᵣₛ / n with S the sample covariances (n − 1 denominators)
/// of the placement values. Sun & Xu get the placement values from midranks:
/// V10ᵢ = (Tzᵢ − Txᵢ) / n and V01ⱼ = 1 − (Tzⱼ − Tyⱼ) / m, where Tz ranks all rows, Tx the
/// churners alone and Ty the non-churners alone.
///
/// The rows must be independent (one row per customer, e.g. one backtest period); pooled
/// periods repeat customers, which is what `CustomerBootstrap` is for. Intervals are Wald
/// intervals on the AUC scale (estimate ± z·SE), as `pROC::ci.auc(method = "delong")`.
/// Checked against a brute-force placement-value implementation in
/// `Tests/BearingCalibrationTests/reference/delong_reference.py`.
public enum DeLong {
    /// One AUC with its DeLong variance.
    public struct Estimate: Sendable, Hashable {
        public var auc: Double
        /// NaN with fewer than two rows of either outcome.
        public var variance: Double
        public var standardError: Double { variance.squareRoot() }

        public func interval(confidence: Double = 0.95) -> ConfidenceInterval? {
            ConfidenceInterval.normal(estimate: auc, standardError: standardError, confidence: confidence)
        }
    }

    /// The paired test of two AUCs on the same rows: H0 AUC_A = AUC_B.
    public struct Comparison: Sendable, Hashable {
        public var a: Estimate
        public var b: Estimate
        public var covariance: Double
        /// AUC_A − AUC_B.
        public var difference: Double { a.auc - b.auc }
        /// Var(AUC_A − AUC_B) = Var A + Var B − 2 Cov.
        public var variance: Double { a.variance + b.variance - 2 * covariance }
        /// difference / SE; NaN when the variance is 0 or undefined (identical rankings).
        public var z: Double { variance > 0 ? difference / variance.squareRoot() : .nan }
        /// Two-sided p-value of `z`.
        public var pValue: Double { z.isFinite ? NormalDistribution.twoSidedPValue(z) : .nan }

        public func interval(confidence: Double = 0.95) -> ConfidenceInterval? {
            guard variance >= 0 else { return nil }
            return ConfidenceInterval.normal(
                estimate: difference, standardError: variance.squareRoot(), confidence: confidence)
        }
    }

    /// AUC and its DeLong variance. Throws on mismatched lengths or NaN scores.
    public static func estimate(labels: [Bool], scores: [Double]) throws(CalibrationError) -> Estimate {
        let (aucs, covariance) = try structuralComponents(labels: labels, scores: [scores])
        return Estimate(auc: aucs[0], variance: covariance[0])
    }

    /// Both AUCs, their variances and covariance for the paired test.
    public static func compare(labels: [Bool], scoresA: [Double], scoresB: [Double]) throws(CalibrationError) -> Comparison {
        let (aucs, s) = try structuralComponents(labels: labels, scores: [scoresA, scoresB])
        return Comparison(
            a: Estimate(auc: aucs[0], variance: s[0]), b: Estimate(auc: aucs[1], variance: s[3]), covariance: s[1])
    }

    /// AUCs and the k×k covariance matrix (row-major) of k score vectors on the same labels.
    static func structuralComponents(labels: [Bool], scores: [[Double]]) throws(CalibrationError) -> ([Double], [Double]) {
        for s in scores { try ClassifierMetrics.check(labels, s) }
        let k = scores.count
        let positives = labels.indices.filter { labels[$0] }
        let negatives = labels.indices.filter { !labels[$0] }
        let m = positives.count
        let n = negatives.count
        guard m > 0, n > 0 else {
            return ([Double](repeating: .nan, count: k), [Double](repeating: .nan, count: k * k))
        }
        var v10: [[Double]] = []
        var v01: [[Double]] = []
        var aucs: [Double] = []
        for s in scores {
            let (tz, tx, ty) = midranks(positives.map { s[$0] } + negatives.map { s[$0] }, split: m)
            let placementsX = (0..<m).map { (tz[$0] - tx[$0]) / Double(n) }
            let placementsY = (0..<n).map { 1 - (tz[m + $0] - ty[$0]) / Double(m) }
            aucs.append(placementsX.reduce(0, +) / Double(m))
            v10.append(placementsX)
            v01.append(placementsY)
        }
        var covariance = [Double](repeating: .nan, count: k * k)
        if m > 1, n > 1 {
            for r in 0..<k {
                for t in 0..<k {
                    covariance[r * k + t] =
                        sampleCovariance(v10[r], v10[t]) / Double(m)
                        + sampleCovariance(v01[r], v01[t]) / Double(n)
                }
            }
        }
        return (aucs, covariance)
    }

    /// Midranks of all of `values` and of its two parts `values[..<split]` and
    /// `values[split...]` each on its own, from one sort: the same numbers as `midranks` of
    /// each, since the tie groups of a part are the part's members of the whole's tie groups.
    static func midranks(_ values: [Double], split: Int) -> (all: [Double], first: [Double], second: [Double]) {
        let order = ScoreOrder.ascending(values)
        var all = [Double](repeating: 0, count: values.count)
        var first = [Double](repeating: 0, count: split)
        var second = [Double](repeating: 0, count: values.count - split)
        var i = 0
        // Members of each part placed so far (their positions in the part's own order).
        var placedFirst = 0
        var placedSecond = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, values[order[j + 1]] == values[order[i]] { j += 1 }
            let rank = Double(i + j + 2) / 2
            var inFirst = 0
            for t in i...j {
                all[order[t]] = rank
                if order[t] < split { inFirst += 1 }
            }
            let inSecond = j - i + 1 - inFirst
            // Each part's members of the group span positions placed..<placed + count of its own order.
            let rankFirst = Double(2 * placedFirst + inFirst + 1) / 2
            let rankSecond = Double(2 * placedSecond + inSecond + 1) / 2
            for t in i...j {
                if order[t] < split { first[order[t]] = rankFirst } else { second[order[t] - split] = rankSecond }
            }
            placedFirst += inFirst
            placedSecond += inSecond
            i = j + 1
        }
        return (all, first, second)
    }

    /// 1-based ranks with ties given the mean of the ranks they span.
    static func midranks(_ values: [Double]) -> [Double] {
        let order = ScoreOrder.ascending(values)
        var ranks = [Double](repeating: 0, count: values.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, values[order[j + 1]] == values[order[i]] { j += 1 }
            // Positions i...j (0-based) share the mean rank (i + 1 + j + 1) / 2.
            let rank = Double(i + j + 2) / 2
            for t in i...j { ranks[order[t]] = rank }
            i = j + 1
        }
        return ranks
    }

    static func sampleCovariance(_ a: [Double], _ b: [Double]) -> Double {
        let n = Double(a.count)
        let meanA = a.reduce(0, +) / n
        let meanB = b.reduce(0, +) / n
        var s = 0.0
        for i in a.indices { s += (a[i] - meanA) * (b[i] - meanB) }
        return s / (n - 1)
    }
}
