import BearingMetrics
import Foundation
import Testing
import _TestSupport

@testable import BearingCalibration

/// `OrderStatistics` selects exactly the values a sort puts at the wanted ranks, so the
/// threshold search's quantiles keep their bits.
@Suite struct OrderStatisticsTests {
    /// Every rank of small samples, and scattered ranks of large ones, with heavy ties, ±∞ and
    /// zeros (the zeros only where a quantile does not land on one, see below).
    @Test(arguments: [1, 2, 25, 300, 20_000])
    func selectedValuesEqualTheSortedOnes(count: Int) {
        for levels in [3, 1_000, 1 << 30] {
            let (s, _) = ScoreOrderTests.scores(count: count, levels: levels, seed: UInt64(count * levels) &+ 3)
            let sorted = s.sorted()
            let ranks = count <= 300 ? Array(0..<count) : Array(Set((0..<40).map { ($0 * 7_919) % count } + [0, count - 1])).sorted()
            let picked = OrderStatistics.select(s, ranks: ranks)
            #expect(picked == ranks.map { sorted[$0] }, "count \(count), levels \(levels)")
        }
    }

    /// The quantiles equal `Quantiles.quantiles` bit for bit; a zero at a read rank hands the
    /// sample back to the sort (nil).
    @Test(arguments: [1, 2, 300, 20_000])
    func quantilesMatchTheSortedSample(count: Int) {
        let qs = VectorCalibration.negativeQuantiles + VectorCalibration.positiveQuantiles + [0, 1]
        let (raw, _) = ScoreOrderTests.scores(count: count, levels: 1_000, seed: UInt64(count) &+ 29)
        let s = raw.map { $0 == 0 ? 0.5 : $0 }
        let selected = OrderStatistics.quantiles(s, qs)
        let reference = Quantiles.quantiles(sorted: s.sorted(), qs)
        #expect(selected?.map(\.bitPattern) == reference.map(\.bitPattern))
        #expect(OrderStatistics.quantiles([0, -0.0, 0, 1], [0.5]) == nil)
        #expect(OrderStatistics.quantiles([], [0.5])?.first?.isNaN == true)
    }
}
