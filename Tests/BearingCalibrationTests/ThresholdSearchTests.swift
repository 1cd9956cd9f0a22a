import BearingMetrics
import BearingPanel
import BearingVector
import Foundation
import Testing
import _TestSupport

@testable import BearingCalibration

/// The histogram threshold search against the search it replaced: classifying every row for
/// every combination. Counts are integers, so the chosen thresholds must be identical.
@Suite struct ThresholdSearchTests {
    /// The search as it was before the histogram: one pass over the rows per combination.
    static func bruteForce(_ m: VectorCalibration.Fitted, margin: Double, orderGhost: Bool) -> VectorCalibration.Thresholds? {
        let n = m.labels.count
        let dir = m.direction.map { max(-0.999_999, min(0.999_999, tanh($0))) }
        let mag = m.magnitude.map { 1 / (1 + exp(-$0)) }
        let live = (0..<n).filter { !m.ghost[$0] }
        guard live.count >= 30 else { return nil }
        let negatives = Quantiles.quantiles(live.map { dir[$0] }, VectorCalibration.negativeQuantiles)
        let positives = Quantiles.quantiles(live.map { dir[$0] }, VectorCalibration.positiveQuantiles)
        let magnitudes = VectorCalibration.magnitudeQuantiles.map { q in q == 0 ? 0 : Quantiles.quantile(live.map { mag[$0] }, q) }
        let ghostRows = n - live.count
        let ghostChurn = (0..<n).reduce(0) { $0 + (m.ghost[$1] && m.labels[$1] ? 1 : 0) }
        let minimum = max(10, live.count / 50)
        var best: (VectorCalibration.Thresholds, Double)?
        for neg in negatives {
            for pos in positives where pos >= neg {
                for mt in magnitudes {
                    var rows = [0, 0, 0]
                    var churn = [0, 0, 0]
                    for i in live {
                        let c = dir[i] < neg ? 0 : (dir[i] > pos && mag[i] >= mt ? 2 : 1)
                        rows[c] += 1
                        churn[c] += m.labels[i] ? 1 : 0
                    }
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
                    if ll > (best?.1 ?? -.infinity) { best = (.init(negative: neg, positive: pos, magnitude: mt), ll) }
                }
            }
        }
        return best?.0
    }

    /// Axes with a churn link, heavy ties (values on a grid), ghosts, and NaN directions.
    static func axes(rows: Int, levels: Int, seed: UInt64, nanEvery: Int = 0) -> VectorCalibration.Fitted {
        var rng = SyntheticChurnPanel.SplitMix(state: seed)
        var direction: [Double] = []
        var magnitude: [Double] = []
        var ghost: [Bool] = []
        var labels: [Bool] = []
        for i in 0..<rows {
            let d = (Double(Int(rng.uniform() * Double(levels))) / Double(levels) - 0.5) * 4
            let m = (Double(Int(rng.uniform() * Double(levels))) / Double(levels) - 0.5) * 4
            let g = rng.uniform() < 0.03
            direction.append(nanEvery > 0 && i % nanEvery == 0 ? .nan : d)
            magnitude.append(m)
            ghost.append(g)
            labels.append(rng.uniform() < 1 / (1 + exp(2 + 1.2 * d + 0.5 * m - (g ? 1.5 : 0))))
        }
        let w = DefaultWeights.make(for: HistoryPanel(granularity: .quarter), bearingVersion: "test")
        let fit = LogisticFit(
            intercept: 0, coefficients: [], options: LogisticOptions(), objective: 0, maxAbsGradient: 0, iterations: 0, passes: 0,
            converged: true)
        return .init(weights: w, fit: fit, direction: direction, magnitude: magnitude, ghost: ghost, labels: labels, notes: [])
    }

    @Test(arguments: [(2_000, 1_000, UInt64(1)), (3_000, 7, 2), (800, 3, 3), (5_000, 40, 4), (1_500, 1_000_000, 5)])
    func histogramSearchEqualsBruteForce(rows: Int, levels: Int, seed: UInt64) {
        let m = Self.axes(rows: rows, levels: levels, seed: seed, nanEvery: seed == 4 ? 97 : 0)
        for margin in [VectorCalibration.orderMargin, 0] {
            for orderGhost in [true, false] {
                let fast = VectorCalibration.searchThresholds(m, margin: margin, orderGhost: orderGhost)
                let slow = Self.bruteForce(m, margin: margin, orderGhost: orderGhost)
                #expect(fast == slow, "levels \(levels), margin \(margin), ghost \(orderGhost)")
            }
        }
    }

    /// Every combination's three counts, not just the winner, on tied data with NaN.
    @Test func histogramCountsEqualClassifyingEveryRow() {
        let m = Self.axes(rows: 1_200, levels: 5, seed: 9, nanEvery: 13)
        let dir = m.direction.map { $0.isNaN ? $0 : max(-0.999_999, min(0.999_999, tanh($0))) }
        let mag = m.magnitude.map { 1 / (1 + exp(-$0)) }
        let cuts = Array(Set(dir.filter { !$0.isNaN })).sorted()
        let magnitudeCuts = [0] + Array(Set(mag)).sorted()
        let histogram = ThresholdHistogram(
            direction: dir, magnitude: mag, churned: m.labels, directionCuts: cuts, magnitudeCuts: magnitudeCuts)
        for neg in cuts {
            for pos in cuts where pos >= neg {
                for mt in magnitudeCuts {
                    var rows = [0, 0, 0]
                    var churn = [0, 0, 0]
                    for i in dir.indices {
                        let c = dir[i] < neg ? 0 : (dir[i] > pos && mag[i] >= mt ? 2 : 1)
                        rows[c] += 1
                        churn[c] += m.labels[i] ? 1 : 0
                    }
                    let got = histogram.counts(negative: neg, positive: pos, magnitude: mt)
                    #expect(got.rows == rows && got.churned == churn, "cuts \(neg), \(pos), \(mt)")
                }
            }
        }
    }
}
