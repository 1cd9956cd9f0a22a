import Foundation

/// Metrics of a probabilistic churn forecast, each defined as scikit-learn defines it (checked
/// against scikit-learn 1.9 in `ClassifierMetricsTests`). Labels are `true` for churned.
/// Every function throws when labels and scores differ in length or a score is NaN.
public enum ClassifierMetrics {
    /// Area under the ROC curve: the Mann–Whitney probability that a random churner scores
    /// above a random non-churner, ties counting one half (as `sklearn.metrics.roc_auc_score`).
    /// NaN when only one class is present.
    public static func auc(labels: [Bool], scores: [Double]) throws(CalibrationError) -> Double {
        try check(labels, scores)
        return auc(labels: labels, scores: scores, order: ScoreOrder.descending(scores))
    }

    /// `auc` with the rows already in descending score order (`ScoreOrder.descending`).
    static func auc(labels: [Bool], scores: [Double], order: [Int]) -> Double {
        let points = rocCurve(labels: labels, scores: scores, order: order, dropIntermediate: false)
        guard let last = points.last, last.truePositives > 0, last.falsePositives > 0 else { return .nan }
        var area = 0.0
        for i in 1..<points.count {
            let a = points[i - 1]
            let b = points[i]
            area += Double(b.falsePositives - a.falsePositives) * Double(b.truePositives + a.truePositives) / 2
        }
        return area / (Double(last.truePositives) * Double(last.falsePositives))
    }

    /// Mean squared difference between probability and outcome (`brier_score_loss`).
    public static func brierScore(labels: [Bool], probabilities: [Double]) throws(CalibrationError) -> Double {
        try check(labels, probabilities)
        guard !labels.isEmpty else { return .nan }
        var s = 0.0
        for (y, p) in zip(labels, probabilities) {
            let r = p - (y ? 1 : 0)
            s += r * r
        }
        return s / Double(labels.count)
    }

    /// Mean negative log-likelihood (`log_loss`): the probabilities of both classes, p and 1 - p,
    /// are each clipped to [ε, 1 - ε] with ε = `Double.ulpOfOne` (2.22e-16) before the logarithm.
    public static func logLoss(labels: [Bool], probabilities: [Double]) throws(CalibrationError) -> Double {
        try check(labels, probabilities)
        guard !labels.isEmpty else { return .nan }
        let eps = Double.ulpOfOne
        var s = 0.0
        for (y, p) in zip(labels, probabilities) {
            let q = y ? p : 1 - p
            s -= log(min(max(q, eps), 1 - eps))
        }
        return s / Double(labels.count)
    }

    /// Reliability (calibration) curve with `bins` equal-width bins on [0, 1], as
    /// `sklearn.calibration.calibration_curve(strategy='uniform')`: inner edges are i/bins
    /// (computed as `Double(i) * (1/bins)`, numpy's linspace), a probability equal to an inner edge
    /// falls in the lower bin, i.e. bins are [0, e1], (e1, e2], ..., (e_{bins-1}, 1]. Empty bins are
    /// left out. Throws when a probability lies outside [0, 1].
    public static func reliabilityCurve(
        labels: [Bool], probabilities: [Double], bins: Int = 10
    ) throws(CalibrationError) -> [ReliabilityPoint] {
        try check(labels, probabilities)
        guard bins >= 1 else { throw .invalidOption("the reliability curve needs at least one bin, found \(bins)") }
        if let bad = probabilities.first(where: { $0 < 0 || $0 > 1 }) {
            throw .invalidOption("probability \(bad) lies outside [0, 1]")
        }
        let step = 1 / Double(bins)
        let inner = (1..<bins).map { Double($0) * step }
        var sumP = [Double](repeating: 0, count: bins)
        var sumY = [Double](repeating: 0, count: bins)
        var count = [Int](repeating: 0, count: bins)
        for (y, p) in zip(labels, probabilities) {
            // Number of inner edges strictly below p (numpy searchsorted, side='left').
            var lo = 0
            var hi = inner.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if inner[mid] < p { lo = mid + 1 } else { hi = mid }
            }
            sumP[lo] += p
            sumY[lo] += y ? 1 : 0
            count[lo] += 1
        }
        var points: [ReliabilityPoint] = []
        for b in 0..<bins where count[b] > 0 {
            let lower = b == 0 ? 0 : inner[b - 1]
            let upper = b == bins - 1 ? 1 : inner[b]
            points.append(
                ReliabilityPoint(
                    lowerEdge: lower, upperEdge: upper, meanPredicted: sumP[b] / Double(count[b]),
                    fractionPositive: sumY[b] / Double(count[b]), count: count[b]))
        }
        return points
    }

    /// Expected calibration error: Σ_bins (n_b / n) · |mean predicted_b − fraction churned_b| over
    /// the bins of `reliabilityCurve` (10 equal-width bins by default).
    public static func expectedCalibrationError(
        labels: [Bool], probabilities: [Double], bins: Int = 10
    ) throws(CalibrationError) -> Double {
        let points = try reliabilityCurve(labels: labels, probabilities: probabilities, bins: bins)
        guard !labels.isEmpty else { return .nan }
        var e = 0.0
        for point in points {
            e += Double(point.count) / Double(labels.count) * abs(point.meanPredicted - point.fractionPositive)
        }
        return e
    }

    /// Top-decile lift: churn rate among the k = ⌈fraction · n⌉ highest scores divided by the
    /// overall churn rate. Rows tied with the k-th score share the remaining places equally
    /// (the expected lift under random tie-breaking), so row order never matters.
    /// NaN when nobody churned.
    public static func topDecileLift(
        labels: [Bool], scores: [Double], fraction: Double = 0.1
    ) throws(CalibrationError) -> Double {
        try check(labels, scores)
        guard fraction > 0, fraction <= 1 else { throw .invalidOption("lift fraction must be in (0, 1], found \(fraction)") }
        return topDecileLift(labels: labels, scores: scores, fraction: fraction, order: ScoreOrder.descending(scores))
    }

    /// `topDecileLift` with the rows already in descending score order (`ScoreOrder.descending`).
    static func topDecileLift(labels: [Bool], scores: [Double], fraction: Double = 0.1, order: [Int]) -> Double {
        let n = labels.count
        let positives = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard n > 0, positives > 0 else { return .nan }
        let k = Int((fraction * Double(n)).rounded(.up))
        let threshold = scores[order[k - 1]]
        var above = 0
        var abovePositives = 0
        var tied = 0
        var tiedPositives = 0
        for (y, s) in zip(labels, scores) {
            if s > threshold {
                above += 1
                abovePositives += y ? 1 : 0
            } else if s == threshold {
                tied += 1
                tiedPositives += y ? 1 : 0
            }
        }
        let captured = Double(abovePositives) + Double(k - above) * Double(tiedPositives) / Double(tied)
        return (captured / Double(k)) / (Double(positives) / Double(n))
    }

    /// ROC curve as `sklearn.metrics.roc_curve`: one point per distinct score (descending),
    /// preceded by (0, 0) at threshold +∞. With `dropIntermediate`, points collinear with their
    /// neighbours (zero second difference in both counts) are dropped, as scikit-learn does by
    /// default. Rates are NaN for a class that is absent.
    public static func rocCurve(
        labels: [Bool], scores: [Double], dropIntermediate: Bool = true
    ) throws(CalibrationError) -> [ROCPoint] {
        try check(labels, scores)
        return rocCurve(labels: labels, scores: scores, order: ScoreOrder.descending(scores), dropIntermediate: dropIntermediate)
    }

    /// `rocCurve` with the rows already in descending score order (`ScoreOrder.descending`).
    static func rocCurve(labels: [Bool], scores: [Double], order: [Int], dropIntermediate: Bool) -> [ROCPoint] {
        var tps = [0]
        var fps = [0]
        var thresholds = [Double.infinity]
        var tp = 0
        var fp = 0
        for (i, row) in order.enumerated() {
            if labels[row] { tp += 1 } else { fp += 1 }
            if i + 1 == order.count || scores[order[i + 1]] != scores[row] {
                tps.append(tp)
                fps.append(fp)
                thresholds.append(scores[row])
            }
        }
        var keep = Array(tps.indices)
        if dropIntermediate, tps.count > 2 {
            keep = [0]
            for i in 1..<(tps.count - 1) {
                let d2f = fps[i + 1] - 2 * fps[i] + fps[i - 1]
                let d2t = tps[i + 1] - 2 * tps[i] + tps[i - 1]
                if d2f != 0 || d2t != 0 { keep.append(i) }
            }
            keep.append(tps.count - 1)
        }
        let p = Double(tp)
        let nn = Double(fp)
        return keep.map { i in
            ROCPoint(
                threshold: thresholds[i], falsePositiveRate: fp > 0 ? Double(fps[i]) / nn : .nan,
                truePositiveRate: tp > 0 ? Double(tps[i]) / p : .nan, truePositives: tps[i], falsePositives: fps[i])
        }
    }

    /// At most `points` + 1 points of an ROC curve for plotting: the first point at or beyond
    /// each false-positive rate 0, 1/points, …, 1, plus the last point. Exact points, no interpolation.
    public static func thinned(_ curve: [ROCPoint], points: Int = 100) -> [ROCPoint] {
        guard curve.count > points + 1, points >= 1 else { return curve }
        var out: [ROCPoint] = []
        var next = 0
        for (i, p) in curve.enumerated() {
            let rate = p.falsePositiveRate.isNaN ? 0 : p.falsePositiveRate
            if i == curve.count - 1 || rate >= Double(next) / Double(points) {
                if out.last != p { out.append(p) }
                while next <= points, rate >= Double(next) / Double(points) { next += 1 }
            }
        }
        return out
    }

    static func check(_ labels: [Bool], _ scores: [Double]) throws(CalibrationError) {
        guard labels.count == scores.count else {
            throw .lengthMismatch(what: "scores", expected: labels.count, found: scores.count)
        }
        if scores.contains(where: \.isNaN) { throw .nonFiniteValue("a score (NaN)") }
    }
}

/// One bin of a reliability curve.
public struct ReliabilityPoint: Sendable, Hashable, Codable {
    public var lowerEdge: Double
    public var upperEdge: Double
    /// Mean forecast probability of the rows in the bin.
    public var meanPredicted: Double
    /// Observed churn rate of those rows.
    public var fractionPositive: Double
    public var count: Int
}

/// One point of an ROC curve: rows scoring ≥ `threshold` are flagged. The first point's
/// threshold is +∞ (nothing flagged), written as `null` in JSON, as are undefined rates.
public struct ROCPoint: Sendable, Hashable, Codable {
    public var threshold: Double
    public var falsePositiveRate: Double
    public var truePositiveRate: Double
    public var truePositives: Int
    public var falsePositives: Int

    public init(threshold: Double, falsePositiveRate: Double, truePositiveRate: Double, truePositives: Int, falsePositives: Int) {
        self.threshold = threshold
        self.falsePositiveRate = falsePositiveRate
        self.truePositiveRate = truePositiveRate
        self.truePositives = truePositives
        self.falsePositives = falsePositives
    }

    enum CodingKeys: String, CodingKey { case threshold, falsePositiveRate, truePositiveRate, truePositives, falsePositives }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        threshold = try c.decodeIfPresent(Double.self, forKey: .threshold) ?? .infinity
        falsePositiveRate = try c.decodeIfPresent(Double.self, forKey: .falsePositiveRate) ?? .nan
        truePositiveRate = try c.decodeIfPresent(Double.self, forKey: .truePositiveRate) ?? .nan
        truePositives = try c.decode(Int.self, forKey: .truePositives)
        falsePositives = try c.decode(Int.self, forKey: .falsePositives)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(threshold.finiteOrNil, forKey: .threshold)
        try c.encode(falsePositiveRate.finiteOrNil, forKey: .falsePositiveRate)
        try c.encode(truePositiveRate.finiteOrNil, forKey: .truePositiveRate)
        try c.encode(truePositives, forKey: .truePositives)
        try c.encode(falsePositives, forKey: .falsePositives)
    }
}
