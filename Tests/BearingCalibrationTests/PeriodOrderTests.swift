import BearingPanel
import Testing
import _TestSupport

@testable import BearingCalibration

/// `PeriodOrderedRows.periodOrder`: the counting sort (ascending rows of one grain) against the
/// comparison sort it replaces, on shuffled periods, sparse and repeated ones; and the inputs
/// that must take the comparison sort (rows out of order, mixed grains, periods far apart).
@Suite struct PeriodOrderTests {
    static func reference(_ rows: [Int32], _ periods: [Period]) -> [Int32] {
        rows.sorted { a, b in
            let (pa, pb) = (periods[Int(a)], periods[Int(b)])
            return pa != pb ? pa < pb : a < b
        }
    }

    @Test(arguments: [0, 1, 2, 37, 5_000])
    func countingSortGivesTheComparisonOrder(count: Int) {
        var rng = SyntheticChurnPanel.SplitMix(state: UInt64(count) &+ 11)
        let periods = (0..<count).map { _ in Period(granularity: .month, ordinal: Int32(24_290 + rng.next() % 30)) }
        // Every row, and an ascending subset with gaps.
        let all = (0..<Int32(count)).map { $0 }
        let some = all.filter { _ in rng.next() % 3 != 0 }
        for rows in [all, some] {
            #expect(PeriodOrderedRows.periodOrder(rows, periods: periods) == Self.reference(rows, periods))
        }
    }

    @Test func otherInputsTakeTheComparisonSort() {
        var rng = SyntheticChurnPanel.SplitMix(state: 5)
        let n = 400
        let months = (0..<n).map { _ in Period(granularity: .month, ordinal: Int32(24_000 + rng.next() % 12)) }
        let ascending = (0..<Int32(n)).map { $0 }
        // Rows not ascending.
        let shuffled = ascending.reversed().map { $0 }
        #expect(PeriodOrderedRows.periodOrder(shuffled, periods: months) == Self.reference(shuffled, months))
        // Periods far apart: the count table would outgrow the rows.
        var sparse = months
        sparse[7] = Period(granularity: .month, ordinal: 1)
        sparse[9] = Period(granularity: .month, ordinal: 900_000)
        #expect(PeriodOrderedRows.periodOrder(ascending, periods: sparse) == Self.reference(ascending, sparse))
        // Mixed grains.
        var mixed = months
        mixed[3] = Period(granularity: .quarter, ordinal: 8_100)
        #expect(PeriodOrderedRows.periodOrder(ascending, periods: mixed) == Self.reference(ascending, mixed))
    }
}
