import BearingMetrics
import BearingPanel

/// The books of every CSM in every payment window of a panel: one pass over the rows that all
/// plans with the same payment period then read (a stress test prices four plans off one ledger).
///
/// Attribution: a customer belongs to the CSM of its row at the window's first panel period and
/// stays in that book for the whole window (as `RetentionTally` counts a start-of-window
/// cohort); customers that appear later in the window, or have no CSM at its start, are in no
/// book. Survey features are averaged over the book's rows in the window.
public struct BookLedger: Sendable {
    public let paymentPeriod: PaymentPeriod
    public let granularity: Granularity
    public let windows: [PaymentWindow]
    /// CSMs with at least one row in the range, in the panel's dictionary order.
    public let csmIDs: [String]
    /// Feature columns summed for survey metrics, in the order `BookTotals` holds them.
    public let featureNames: [String]
    /// `books[window * csmIDs.count + csm]`.
    public let books: [BookTotals]
    /// Churned customers whose earlier expansions (in range, credited to a CSM) a clawback can reach.
    let churnedExpansions: [ChurnedExpansion]

    /// Builds the ledger for `paymentPeriod` over the panel periods in `from...to` (whole panel
    /// when nil). `features` are the columns survey components need; a name the panel lacks is
    /// an error. Throws when the range holds no period.
    public init(
        panel: HistoryPanel, index: PanelIndex? = nil, paymentPeriod: PaymentPeriod,
        from: Period? = nil, to: Period? = nil, features: [String] = []
    ) throws(CompError) {
        let index = index ?? PanelIndex(panel)
        let inRange = index.periods.filter { p in (from.map { p >= $0 } ?? true) && (to.map { p <= $0 } ?? true) }
        guard !inRange.isEmpty else {
            throw .emptyRange(from: from?.label, to: to?.label, available: index.periods.map(\.label))
        }
        var featureColumns: [Int] = []
        for name in features {
            guard let column = panel.features.firstIndex(where: { $0.name == name }) else {
                throw .missingFeature(name)
            }
            featureColumns.append(column)
        }

        // Windows: consecutive groups of in-range periods with the same payment key.
        let perPayment = Double(paymentPeriod.panelPeriods(per: panel.granularity))
        var windows: [PaymentWindow] = []
        var windowOfOrdinal: [Int32: Int] = [:]
        var lastKey = Int.min
        for p in inRange {
            let key = paymentPeriod.windowKey(of: p)
            if key != lastKey {
                windows.append(PaymentWindow(label: paymentPeriod.label(ofKey: key), periods: [], years: 0, paymentFraction: 0))
                lastKey = key
            }
            windows[windows.count - 1].periods.append(p)
            windowOfOrdinal[p.ordinal] = windows.count - 1
        }
        for w in windows.indices {
            let n = Double(windows[w].periods.count)
            windows[w].years = n / Double(panel.granularity.periodsPerYear)
            windows[w].paymentFraction = n / perPayment
        }

        // Roster: CSMs with a row in range.
        var slotOfCSM = Array(repeating: -1, count: panel.csmIDs.count)
        var inRoster = Array(repeating: false, count: panel.csmIDs.count)
        for w in windows {
            for p in w.periods {
                for row in index.rows(in: p) where panel.csm[Int(row)] >= 0 { inRoster[Int(panel.csm[Int(row)])] = true }
            }
        }
        var csmIDs: [String] = []
        for i in inRoster.indices where inRoster[i] {
            slotOfCSM[i] = csmIDs.count
            csmIDs.append(panel.csmIDs[i])
        }

        let csmCount = csmIDs.count
        var books = Array(repeating: BookTotals(featureCount: featureColumns.count), count: windows.count * csmCount)
        var churnedExpansions: [ChurnedExpansion] = []
        var expansions: [ChurnedExpansion.Expansion] = []

        for rows in index.rowsByCustomer {
            expansions.removeAll(keepingCapacity: true)
            var churn: (period: Period, window: Int)?
            var window = -1
            var owner = -1
            var start = 0.0, expansion = 0.0, contraction = 0.0, churnedARR = 0.0
            var churned = false

            func flush() {
                guard window >= 0, owner >= 0 else { return }
                books[window * csmCount + owner].tally.addCustomer(
                    startARR: start, expansion: expansion, contraction: contraction, churnedARR: churnedARR,
                    retained: !churned)
            }

            for r in rows {
                let row = Int(r)
                let p = panel.period[row]
                guard let w = windowOfOrdinal[p.ordinal] else { continue }
                if w != window {
                    flush()
                    window = w
                    owner = -1
                    let csm = panel.csm[row]
                    if p == windows[w].periods[0], csm >= 0 { owner = slotOfCSM[Int(csm)] }
                    start = panel.arr[row]
                    expansion = 0
                    contraction = 0
                    churnedARR = 0
                    churned = false
                }
                if panel.churned[row] { churn = (p, w) }
                guard owner >= 0 else { continue }
                let e = panel.expansionARR[row]
                expansion += e
                contraction += panel.contractionARR[row]
                if panel.churned[row] {
                    churned = true
                    churnedARR = panel.arr[row]
                }
                if e > 0 { expansions.append(.init(period: p, window: w, csm: owner, arr: e)) }
                if !featureColumns.isEmpty {
                    let slot = w * csmCount + owner
                    for (j, column) in featureColumns.enumerated() {
                        let v = panel.features[column].values[row]
                        if !v.isNaN {
                            books[slot].featureSums[j] += Double(v)
                            books[slot].featureCounts[j] += 1
                        }
                    }
                }
            }
            flush()
            if let churn, !expansions.isEmpty {
                churnedExpansions.append(
                    ChurnedExpansion(churnPeriod: churn.period, churnWindow: churn.window, expansions: expansions))
            }
        }

        self.paymentPeriod = paymentPeriod
        self.granularity = panel.granularity
        self.windows = windows
        self.csmIDs = csmIDs
        self.featureNames = features
        self.books = books
        self.churnedExpansions = churnedExpansions
    }

    /// The book of CSM slot `csm` in window `window`.
    public func book(csm: Int, window: Int) -> BookTotals {
        books[window * csmIDs.count + csm]
    }
}

/// A churned customer's expansions that were credited to a CSM, for clawbacks.
struct ChurnedExpansion: Sendable, Hashable {
    struct Expansion: Sendable, Hashable {
        var period: Period
        var window: Int
        /// CSM slot credited with the expansion.
        var csm: Int
        var arr: Double
    }

    var churnPeriod: Period
    var churnWindow: Int
    var expansions: [Expansion]
}
