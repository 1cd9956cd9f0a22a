import BearingPanel
import BearingVector

/// Panel rows with a known outcome, sorted by period (row order within a period), with every
/// feature column and the labels gathered once in that order.
///
/// A walk-forward's training sets (all periods before t, or the last N) and the vector model's
/// validation folds (the training periods before v) are contiguous ranges of these rows, so
/// standardising and building design matrices read memory in order instead of gathering
/// through row indices again for every fit.
struct PeriodOrderedRows: Sendable {
    let panel: HistoryPanel
    /// Panel row at each position.
    let rows: [Int32]
    /// Distinct periods of `rows`, ascending.
    let periods: [Period]
    /// `starts[i]` is the first position of `periods[i]`; `starts[periods.count] == rows.count`.
    let starts: [Int]
    /// Every panel feature column, gathered in position order.
    let columns: [[Float]]
    let labels: [Bool]

    /// `rows` (any panel rows; those with an unknown outcome are dropped) in period order.
    init(panel: HistoryPanel, rows: [Int32]) {
        let ordered = Self.periodOrder(panel.rowsWithKnownOutcome(rows), periods: panel.period)
        var periods: [Period] = []
        var starts: [Int] = []
        for (i, r) in ordered.enumerated() where periods.last != panel.period[Int(r)] {
            periods.append(panel.period[Int(r)])
            starts.append(i)
        }
        starts.append(ordered.count)
        self.panel = panel
        self.rows = ordered
        self.periods = periods
        self.starts = starts
        self.columns = panel.features.map { column in
            column.values.withUnsafeBufferPointer { values in ordered.map { values[Int($0)] } }
        }
        self.labels = ordered.map { panel.churned[Int($0)] }
    }

    var count: Int { rows.count }

    /// `rows` sorted by period, then by row. Rows given in ascending order and of one grain (a
    /// panel's, in the walk-forward's order) are placed by a counting sort over the periods'
    /// ordinals, one pass to count and one to place, which keeps each period's rows in their
    /// order; any other input takes a comparison sort. Both give the same order.
    static func periodOrder(_ rows: [Int32], periods: [Period]) -> [Int32] {
        func compared() -> [Int32] {
            rows.sorted { a, b in
                let (pa, pb) = (periods[Int(a)], periods[Int(b)])
                return pa != pb ? pa < pb : a < b
            }
        }
        guard let first = rows.first else { return [] }
        let grain = periods[Int(first)].granularity
        var low = Int32.max
        var high = Int32.min
        var previous: Int32 = -1
        for r in rows {
            let p = periods[Int(r)]
            guard p.granularity == grain, r > previous else { return compared() }
            low = min(low, p.ordinal)
            high = max(high, p.ordinal)
            previous = r
        }
        let span = Int(high) - Int(low) + 1
        // A sparse spread of periods (far apart in time) would make the count table larger than the rows.
        guard span <= 4 * rows.count + 1024 else { return compared() }
        var next = [Int](repeating: 0, count: span + 1)
        for r in rows { next[Int(periods[Int(r)].ordinal - low) + 1] += 1 }
        for k in 0..<span { next[k + 1] += next[k] }
        var ordered = [Int32](repeating: 0, count: rows.count)
        for r in rows {
            let k = Int(periods[Int(r)].ordinal - low)
            ordered[next[k]] = r
            next[k] += 1
        }
        return ordered
    }

    /// Positions of the periods `periods[range]`.
    func positions(periods range: Range<Int>) -> Range<Int> {
        starts[range.lowerBound]..<starts[range.upperBound]
    }

    /// Index of the first period at or after `period` (`periods.count` when none).
    func periodIndex(atOrAfter period: Period) -> Int {
        periods.firstIndex { $0 >= period } ?? periods.count
    }

    /// Period indices whose rows fill `positions` (which must start and end on period boundaries).
    func periodIndices(_ positions: Range<Int>) -> Range<Int> {
        let lo = starts.firstIndex(of: positions.lowerBound) ?? 0
        let hi = starts.lastIndex(of: positions.upperBound) ?? periods.count
        return lo..<max(lo, hi)
    }

    /// Churned rows among `positions`.
    func churned(_ positions: Range<Int>) -> Int {
        labels[positions].reduce(0) { $0 + ($1 ? 1 : 0) }
    }

    /// Standardisation of the features `features` (panel feature indices) on `positions`:
    /// the contract of `FeatureStandardization.init(names:columns:rows:)`.
    func standardization(features: [Int], positions: Range<Int>) throws(CalibrationError) -> FeatureStandardization {
        try FeatureStandardization(
            names: features.map { panel.features[$0].name }, slices: features.map { columns[$0][positions] })
    }

    /// The standardised, imputed design of `features` on `positions`, with `extraColumns` more
    /// columns of zeros after them for the caller to fill (the vector model's ghost flag).
    func design(
        features: [Int], standardization s: FeatureStandardization, positions: Range<Int>, extraColumns: Int = 0
    ) -> [Float] {
        let n = positions.count
        var storage = [Float](repeating: 0, count: n * (features.count + extraColumns))
        storage.withUnsafeMutableBufferPointer { out in
            for (k, j) in features.enumerated() {
                s.standardise(columns[j][positions], mean: s.means[k], scale: s.scales[k], into: out, at: k * n)
            }
        }
        return storage
    }

    /// The panel's feature columns on `positions`, for the scoring kernel.
    func featureMatrix(positions: Range<Int>) -> FeatureMatrix {
        var storage: [Float] = []
        storage.reserveCapacity(positions.count * columns.count)
        for c in columns { storage.append(contentsOf: c[positions]) }
        return FeatureMatrix(names: panel.features.map(\.name), count: positions.count, storage: storage)
    }

    /// Fit of each row in `positions`.
    func fits(_ positions: Range<Int>) -> [Fit] {
        rows[positions].map { panel.fit[Int($0)] }
    }

    /// Sorted distinct periods of `positions`.
    func periodList(_ positions: Range<Int>) -> [Period] {
        Array(periods[periodIndices(positions)])
    }
}
