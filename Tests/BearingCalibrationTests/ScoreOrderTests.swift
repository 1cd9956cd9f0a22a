import BearingMetrics
import Foundation
import Testing
import _TestSupport

@testable import BearingCalibration

/// `ScoreOrder`'s radix sorts against the stable comparison sorts they replaced: the same
/// permutation, row for row, so every metric built on them keeps its bits.
@Suite struct ScoreOrderTests {
    /// Seeded scores on a grid of `levels` values (heavy ties), with −0, +0, ±∞ and negatives mixed in.
    static func scores(count: Int, levels: Int, seed: UInt64) -> (scores: [Double], labels: [Bool]) {
        var rng = SyntheticChurnPanel.SplitMix(state: seed)
        var scores: [Double] = []
        var labels: [Bool] = []
        for i in 0..<count {
            let u = rng.uniform()
            var s = (Double(Int(u * Double(levels))) / Double(levels)) * (i % 3 == 0 ? -1 : 1)
            switch rng.next() % 50 {
            case 0: s = -0.0
            case 1: s = 0.0
            case 2: s = .infinity
            case 3: s = -.infinity
            case 4: s = rng.uniform() * 1e-300
            default: break
            }
            scores.append(s)
            labels.append(rng.next() % 3 == 0)
        }
        return (scores, labels)
    }

    @Test(arguments: [0, 1, 5, 255, 256, 257, 4_000, 30_000])
    func matchesStableComparisonSorts(count: Int) {
        for levels in [1, 7, 1_000, 1 << 40] {
            let (s, labels) = Self.scores(count: count, levels: levels, seed: UInt64(count * 31 + levels))
            #expect(ScoreOrder.descending(s) == s.indices.sorted { s[$0] > s[$1] }, "descending, levels \(levels)")
            #expect(ScoreOrder.ascending(s) == s.indices.sorted { s[$0] < s[$1] }, "ascending, levels \(levels)")
            let byLabel = s.indices.sorted { a, b in s[a] != s[b] ? s[a] < s[b] : (!labels[a] && labels[b]) }
            #expect(ScoreOrder.ascending(s, thenLabels: labels) == byLabel, "ascending then labels, levels \(levels)")
            let ids = s.map { Int32(truncatingIfNeeded: $0.isFinite ? Int64($0 * 1e6) : 7) &- 1_000 }
            #expect(ScoreOrder.ascending(ids) == ids.indices.sorted { ids[$0] < ids[$1] }, "Int32, levels \(levels)")
        }
    }

    /// Midrank by definition: values below, plus half of the ties (itself included) and ½.
    static func bruteMidranks(_ v: [Double]) -> [Double] {
        v.map { x in
            let below = v.filter { $0 < x }.count
            let equal = v.filter { $0 == x }.count
            return Double(2 * below + equal + 1) / 2
        }
    }

    /// The midranks of a whole and its two parts from one sort equal each part ranked alone.
    @Test(arguments: [0, 3, 300, 1_500])
    func splitMidranksMatchSeparateOnes(count: Int) {
        let (s, _) = Self.scores(count: count, levels: 13, seed: UInt64(count) &+ 5)
        #expect(DeLong.midranks(s) == Self.bruteMidranks(s))
        for split in Set([0, count / 3, count]) {
            let (all, first, second) = DeLong.midranks(s, split: split)
            #expect(all == Self.bruteMidranks(s))
            #expect(first == Self.bruteMidranks(Array(s[..<split])))
            #expect(second == Self.bruteMidranks(Array(s[split...])))
        }
    }

    /// The threshold search's quantiles equal `Quantiles.quantiles` bit for bit (NaNs ignored).
    @Test(arguments: [0, 1, 2, 300, 20_000])
    func quantilesMatchBearingMetrics(count: Int) {
        var (s, _) = Self.scores(count: count, levels: 1_000, seed: UInt64(count) &+ 11)
        for i in stride(from: 0, to: s.count, by: 17) { s[i] = .nan }
        let qs = [0, 0.05, 0.1, 0.25, 0.4, 0.5, 0.9, 0.999, 1]
        let mine = ScoreOrder.quantiles(s, qs)
        let reference = Quantiles.quantiles(s, qs)
        #expect(mine.map(\.bitPattern) == reference.map(\.bitPattern) || zip(mine, reference).allSatisfy { $0.isNaN && $1.isNaN })
    }

    /// The bucket selection behind `quantiles` against `Quantiles.quantiles` bit for bit on
    /// finite samples (the shapes the threshold search sees, and adversarial ones): spread,
    /// clumped in a few buckets, heavy ties with −0 and +0, tiny and huge ranges.
    @Test(arguments: ["uniform", "skewed", "ties", "zeros", "tiny", "huge", "two"])
    func quantilesBySelectionMatchBearingMetrics(shape: String) {
        var rng = SyntheticChurnPanel.SplitMix(state: UInt64(shape.count) &* 7919)
        let s: [Double] = (0..<30_000).map { i in
            let u = rng.uniform()
            switch shape {
            case "uniform": return 2 * u - 1
            case "skewed": return 1 / (1 + exp(-8 * u)) + (i % 1000 == 0 ? 50 : 0)
            case "ties": return Double(Int(u * 7)) / 7 - 0.5
            case "zeros": return i % 2 == 0 ? -0.0 : (u < 0.3 ? 0.0 : u)
            case "tiny": return u * Double.leastNormalMagnitude / 100
            case "huge": return (u - 0.5) * 1e308
            default: return u < 0.5 ? 1 : 2
            }
        }
        let qs = [0, 0.05, 0.1, 0.25, 0.3, 0.4, 0.5, 0.6, 0.75, 0.9, 0.95, 0.999, 1]
        let mine = ScoreOrder.quantiles(s, qs)
        let reference = Quantiles.quantiles(s, qs)
        #expect(mine.map(\.bitPattern) == reference.map(\.bitPattern), "\(shape): \(mine) vs \(reference)")
    }
}
