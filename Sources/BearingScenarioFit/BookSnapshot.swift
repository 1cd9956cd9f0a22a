import BearingPanel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The customer book at one moment, per segment: what a scenario's `segments` describe.
///
/// `start` is the book at the start of the history's first period (its rows there); `end` the
/// book after the last period (rows of the last period that did not churn, with
/// ARR + expansion − contraction).
struct BookSnapshot: Sendable {
    struct Segment: Sendable {
        /// Panel segment index.
        var index: Int
        var name: String
        var customers: Int
        /// Customers per fit, by `Fit.rawValue`.
        var fits: [Int]
        /// Mean and population sd of log ARR over customers with ARR > 0, and their count.
        var logMean: Double
        var logSD: Double
        var positiveARR: Int
        /// Distinct CSMs and their book sizes (customers per CSM, sorted).
        var csms: Int
        var bookSizes: [Int]
    }

    var period: Period
    var label: String
    var segments: [Segment]
    var rows: Int

    var customers: Int { segments.reduce(0) { $0 + $1.customers } }

    static func start(panel: HistoryPanel, index: PanelIndex) -> BookSnapshot {
        let period = index.periods[0]
        return BookSnapshot(panel: panel, rows: index.rowsByPeriod[0], period: period, label: "start of \(period.label)") {
            panel.arr[$0]
        }
    }

    static func end(panel: HistoryPanel, index: PanelIndex) -> BookSnapshot {
        let last = index.periods.count - 1
        let rows = index.rowsByPeriod[last].filter { !panel.churned[Int($0)] }
        return BookSnapshot(panel: panel, rows: rows, period: index.periods[last].next, label: "end of \(index.periods[last].label)") {
            max(0, panel.arr[$0] + panel.expansionARR[$0] - panel.contractionARR[$0])
        }
    }

    init(panel: HistoryPanel, rows: [Int32], period: Period, label: String, arr: (Int) -> Double) {
        self.period = period
        self.label = label
        self.rows = rows.count
        let count = panel.segmentNames.count
        var fits = [[Int]](repeating: [0, 0, 0], count: count)
        var logSum = [Double](repeating: 0, count: count)
        var logSquares = [Double](repeating: 0, count: count)
        var positive = [Int](repeating: 0, count: count)
        var books = [[Int32: Int]](repeating: [:], count: count)
        for r32 in rows {
            let r = Int(r32)
            let s = Int(panel.segment[r])
            fits[s][Int(panel.fit[r].rawValue)] += 1
            let a = arr(r)
            if a > 0 {
                let l = log(a)
                logSum[s] += l
                logSquares[s] += l * l
                positive[s] += 1
            }
            if panel.csm[r] >= 0 { books[s][panel.csm[r], default: 0] += 1 }
        }
        segments = (0..<count).compactMap { s in
            let customers = fits[s].reduce(0, +)
            guard customers > 0 else { return nil }
            let n = Double(max(1, positive[s]))
            let mean = logSum[s] / n
            let variance = max(0, logSquares[s] / n - mean * mean)
            return Segment(
                index: s, name: panel.segmentNames[s], customers: customers, fits: fits[s], logMean: mean,
                logSD: variance.squareRoot(), positiveARR: positive[s], csms: books[s].count,
                bookSizes: books[s].values.sorted())
        }
    }
}
