import Foundation

/// The vector's category-threshold search on one fit's training rows (`VectorCalibration`):
/// the candidate thresholds and the counts of every combination, prepared once for every
/// margin and ghost ordering the search tries.
///
/// Every combination's category counts come from one 2-D histogram of the live rows (direction
/// against the candidate direction thresholds, with a bin for each threshold value itself;
/// magnitude against the candidate magnitude thresholds), so the search costs one pass over the
/// rows instead of one per combination; the counts, and so the choice, are those of
/// classifying every row for every combination.
struct ThresholdSearch {
    private let negatives: [Double]
    private let positives: [Double]
    private let magnitudes: [Double]
    private let histogram: ThresholdHistogram
    private let ghostRows: Int
    private let ghostChurn: Int
    /// Rows each of negative, neutral and positive must keep.
    private let minimum: Int

    /// Nil when fewer than 30 rows are live (not ghosts).
    init?(_ m: VectorCalibration.Fitted) {
        let n = m.labels.count
        var liveDirection: [Double] = []
        var liveMagnitude: [Double] = []
        var liveChurned: [Bool] = []
        liveDirection.reserveCapacity(n)
        liveMagnitude.reserveCapacity(n)
        liveChurned.reserveCapacity(n)
        var ghostRows = 0
        var ghostChurn = 0
        for i in 0..<n {
            if m.ghost[i] {
                ghostRows += 1
                ghostChurn += m.labels[i] ? 1 : 0
                continue
            }
            liveDirection.append(max(-0.999_999, min(0.999_999, tanh(m.direction[i]))))
            liveMagnitude.append(1 / (1 + exp(-m.magnitude[i])))
            liveChurned.append(m.labels[i])
        }
        let live = liveDirection.count
        guard live >= 30 else { return nil }
        let negativeQuantiles = VectorCalibration.negativeQuantiles
        let directionQuantiles = ScoreOrder.quantiles(liveDirection, negativeQuantiles + VectorCalibration.positiveQuantiles)
        negatives = Array(directionQuantiles[..<negativeQuantiles.count])
        positives = Array(directionQuantiles[negativeQuantiles.count...])
        let magnitudeQuantiles = VectorCalibration.magnitudeQuantiles
        let magnitudeValues = ScoreOrder.quantiles(liveMagnitude, magnitudeQuantiles.filter { $0 != 0 })
        var nextMagnitude = 0
        magnitudes = magnitudeQuantiles.map { q -> Double in
            guard q != 0 else { return 0 }
            defer { nextMagnitude += 1 }
            return magnitudeValues[nextMagnitude]
        }
        histogram = ThresholdHistogram(
            direction: liveDirection, magnitude: liveMagnitude, churned: liveChurned,
            directionCuts: negatives + positives, magnitudeCuts: magnitudes)
        minimum = max(10, live / 50)
        self.ghostRows = ghostRows
        self.ghostChurn = ghostChurn
    }

    /// The combination with the highest binomial log-likelihood of churn given category among
    /// those whose churn rates step down by more than `margin` standard errors (ghost first when
    /// `orderGhost`), or nil when none does.
    func best(margin: Double, orderGhost: Bool) -> VectorCalibration.Thresholds? {
        var best: (VectorCalibration.Thresholds, Double)?
        for neg in negatives {
            for pos in positives where pos >= neg {
                for mt in magnitudes {
                    let counted = histogram.counts(negative: neg, positive: pos, magnitude: mt)
                    let rows = counted.rows
                    let churn = counted.churned
                    guard rows.allSatisfy({ $0 >= minimum }) else { continue }
                    var counts = zip(rows, churn).map { ($0, $1) }
                    if ghostRows > 0, orderGhost { counts.insert((ghostRows, ghostChurn), at: 0) }
                    let ordered = zip(counts, counts.dropFirst()).allSatisfy { a, b in
                        let ra = Double(a.1) / Double(a.0)
                        let rb = Double(b.1) / Double(b.0)
                        let se = (ra * (1 - ra) / Double(a.0) + rb * (1 - rb) / Double(b.0)).squareRoot()
                        return ra - rb > margin * se && ra > rb
                    }
                    guard ordered else { continue }
                    var ll = 0.0
                    if ghostRows > 0, !orderGhost { counts.append((ghostRows, ghostChurn)) }
                    for (r, k) in counts {
                        let p = Double(k) / Double(r)
                        if k > 0 { ll += Double(k) * log(p) }
                        if k < r { ll += Double(r - k) * log(1 - p) }
                    }
                    if ll > (best?.1 ?? -.infinity) {
                        best = (VectorCalibration.Thresholds(negative: neg, positive: pos, magnitude: mt), ll)
                    }
                }
            }
        }
        return best?.0
    }
}
