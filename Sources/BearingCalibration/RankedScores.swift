/// Churn probabilities as the scoring kernel writes them (`Float`), with their outcomes, grouped
/// by distinct score in descending order: what AUC and top-decile lift need, found with one
/// radix sort (three 11-bit passes, linear in the row count) instead of a comparison sort.
///
/// Contract against `ClassifierMetrics` on the same values widened to `Double`: `auc` and
/// `topDecileLift` are bit-identical. Widening keeps order and ties, and both sides sum the
/// same integer counts in the same order (descending score) with the same expressions
/// (`RankedScoresTests`). It exists for `bearing serve`, which rescores a whole backtest window
/// on every slider move; `ClassifierMetrics` stays the reference.
public struct RankedScores: Sendable, Hashable {
    /// Distinct scores, descending.
    public private(set) var scores: [Float] = []
    /// Churned rows at each distinct score.
    public private(set) var positives: [Int32] = []
    /// Retained rows at each distinct score.
    public private(set) var negatives: [Int32] = []
    public let rowCount: Int
    public let positiveCount: Int

    /// Groups `probabilities` (no NaN) with `labels` (true = churned), the same length.
    public init(probabilities: [Float], labels: [Bool]) throws(CalibrationError) {
        guard labels.count == probabilities.count else {
            throw .lengthMismatch(what: "scores", expected: labels.count, found: probabilities.count)
        }
        if probabilities.contains(where: \.isNaN) { throw .nonFiniteValue("a score (NaN)") }
        let n = probabilities.count
        // Bits 1...32: the score's bits made to sort descending as unsigned integers;
        // bit 0: the label, carried along (its order within a tie does not matter).
        var keys = [UInt64](repeating: 0, count: n)
        for i in 0..<n {
            keys[i] = UInt64(~Self.orderable(probabilities[i])) << 1 | (labels[i] ? 1 : 0)
        }
        Self.radixSort(&keys)
        var scores: [Float] = []
        var positives: [Int32] = []
        var negatives: [Int32] = []
        var totalPositives = 0
        var i = 0
        while i < n {
            let key = keys[i] >> 1
            var p: Int32 = 0
            var q: Int32 = 0
            while i < n, keys[i] >> 1 == key {
                if keys[i] & 1 == 1 { p += 1 } else { q += 1 }
                i += 1
            }
            scores.append(Self.float(fromOrderable: ~UInt32(truncatingIfNeeded: key)))
            positives.append(p)
            negatives.append(q)
            totalPositives += Int(p)
        }
        self.scores = scores
        self.positives = positives
        self.negatives = negatives
        self.rowCount = n
        self.positiveCount = totalPositives
    }

    /// `ClassifierMetrics.auc`: trapezoids under the ROC curve with one point per distinct
    /// score; NaN when only one class is present.
    public var auc: Double {
        let negativeCount = rowCount - positiveCount
        guard positiveCount > 0, negativeCount > 0 else { return .nan }
        var area = 0.0
        var tp = 0
        var fp = 0
        for g in scores.indices {
            let tpNext = tp + Int(positives[g])
            let fpNext = fp + Int(negatives[g])
            area += Double(fpNext - fp) * Double(tpNext + tp) / 2
            tp = tpNext
            fp = fpNext
        }
        return area / (Double(tp) * Double(fp))
    }

    /// `ClassifierMetrics.topDecileLift`: churn rate among the ⌈fraction·n⌉ highest scores
    /// (ties at the cut share the remaining places) over the overall churn rate; NaN when
    /// nobody churned.
    public func topDecileLift(fraction: Double = 0.1) throws(CalibrationError) -> Double {
        guard fraction > 0, fraction <= 1 else { throw .invalidOption("lift fraction must be in (0, 1], found \(fraction)") }
        guard rowCount > 0, positiveCount > 0 else { return .nan }
        let k = Int((fraction * Double(rowCount)).rounded(.up))
        var above = 0
        var abovePositives = 0
        for g in scores.indices {
            let size = Int(positives[g]) + Int(negatives[g])
            if above + size >= k {
                // Group g holds the k-th highest score: it is the tie at the cut.
                let captured = Double(abovePositives) + Double(k - above) * Double(positives[g]) / Double(size)
                return (captured / Double(k)) / (Double(positiveCount) / Double(rowCount))
            }
            above += size
            abovePositives += Int(positives[g])
        }
        return .nan
    }

    /// The bits of `x` as an unsigned integer with the order of the values (-0 taken as +0).
    static func orderable(_ x: Float) -> UInt32 {
        let bits = (x == 0 ? Float(0) : x).bitPattern
        return bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
    }

    static func float(fromOrderable u: UInt32) -> Float {
        Float(bitPattern: u & 0x8000_0000 != 0 ? u & 0x7FFF_FFFF : ~u)
    }

    /// Least-significant-digit radix sort on bits 1...33 (three 11-bit digits), stable.
    static func radixSort(_ keys: inout [UInt64]) {
        let n = keys.count
        guard n > 1 else { return }
        var other = [UInt64](repeating: 0, count: n)
        var counts = [Int](repeating: 0, count: 2048)
        for shift in [1, 12, 23] as [UInt64] {
            for b in counts.indices { counts[b] = 0 }
            keys.withUnsafeBufferPointer { source in
                counts.withUnsafeMutableBufferPointer { c in
                    for key in source { c[Int((key >> shift) & 2047)] += 1 }
                    var total = 0
                    for b in 0..<2048 {
                        let size = c[b]
                        c[b] = total
                        total += size
                    }
                    other.withUnsafeMutableBufferPointer { target in
                        for key in source {
                            let b = Int((key >> shift) & 2047)
                            target[c[b]] = key
                            c[b] += 1
                        }
                    }
                }
            }
            swap(&keys, &other)
        }
    }
}
