import BearingCalibration

/// ROC curve, AUC and reliability (calibration) bins of churn probabilities against outcomes.
package struct ClassifierCurves: Sendable, Equatable {
    package struct ReliabilityBin: Sendable, Equatable {
        /// Smallest and largest probability in the bin.
        package var lower: Double
        package var upper: Double
        package var rows: Int
        package var meanProbability: Double
        package var churnRate: Double
    }

    /// (false-positive rate, true-positive rate) from (0,0) to (1,1), one point per distinct
    /// threshold, thinned to at most `maxPoints` (every corner of the thinned curve lies on
    /// the full one).
    package var roc: [(fpr: Double, tpr: Double)]
    /// Area under the full ROC curve (ties count one half), equal to the Mann-Whitney U / (n1 n0).
    package var auc: Double
    /// `bins` equal-count bins of the rows sorted by probability (bin k holds rows
    /// [k n / bins, (k+1) n / bins)), lowest probabilities first.
    package var reliability: [ReliabilityBin]
    package var rows: Int
    package var positives: Int

    /// - Parameters: `probabilities[i]` is the predicted churn probability of row i and
    ///   `outcomes[i]` whether it churned. Non-finite probabilities are skipped.
    package init(probabilities: [Double], outcomes: [Bool], bins: Int = 10, maxPoints: Int = 200) {
        var pairs: [(p: Double, y: Bool)] = []
        pairs.reserveCapacity(probabilities.count)
        for (p, y) in zip(probabilities, outcomes) where p.isFinite { pairs.append((p, y)) }
        pairs.sort { $0.p > $1.p }
        let n1 = pairs.reduce(0) { $0 + ($1.y ? 1 : 0) }
        rows = pairs.count
        positives = n1
        // The ROC curve and its area are the calibration module's (scikit-learn's definitions,
        // checked against it there); only the thinning and the bins below are the report's own.
        let labels = pairs.map(\.y)
        let scores = pairs.map(\.p)
        let points = (try? ClassifierMetrics.rocCurve(labels: labels, scores: scores, dropIntermediate: false)) ?? []
        // A class that is absent has NaN rates there; the chart draws them on the axis.
        let full = points.map { ($0.falsePositiveRate.isNaN ? 0 : $0.falsePositiveRate, $0.truePositiveRate.isNaN ? 0 : $0.truePositiveRate) }
        auc = (try? ClassifierMetrics.auc(labels: labels, scores: scores)) ?? .nan
        if full.count > maxPoints, maxPoints >= 2 {
            let stride = Double(full.count - 1) / Double(maxPoints - 1)
            roc = (0..<maxPoints).map { full[Int((Double($0) * stride).rounded())] }
        } else {
            roc = full
        }
        // Equal-count bins over the rows sorted by probability (deciles by default): churn
        // probabilities crowd near zero, so equal-width bins would put almost every row in one.
        let binCount = max(1, min(bins, pairs.count))
        var out: [ReliabilityBin] = []
        let ascending = Array(pairs.reversed())
        for k in 0..<binCount {
            let lo = k * ascending.count / binCount
            let hi = (k + 1) * ascending.count / binCount
            guard hi > lo else { continue }
            var sumP = 0.0
            var sumY = 0.0
            for r in lo..<hi {
                sumP += ascending[r].p
                sumY += ascending[r].y ? 1 : 0
            }
            let n = Double(hi - lo)
            out.append(
                ReliabilityBin(
                    lower: ascending[lo].p, upper: ascending[hi - 1].p, rows: hi - lo, meanProbability: sumP / n, churnRate: sumY / n))
        }
        reliability = out
    }

    package static func == (a: ClassifierCurves, b: ClassifierCurves) -> Bool {
        a.rows == b.rows && a.positives == b.positives && a.reliability == b.reliability
            && (a.auc == b.auc || (a.auc.isNaN && b.auc.isNaN))
            && a.roc.count == b.roc.count && zip(a.roc, b.roc).allSatisfy { $0.fpr == $1.fpr && $0.tpr == $1.tpr }
    }
}
