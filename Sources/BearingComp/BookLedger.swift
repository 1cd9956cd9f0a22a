import BearingMetrics
import BearingPanel

/// The books of every CSM in every payment window of a panel: one pass over the rows that all
/// plans with the same payment period then read (a stress test prices four plans off one ledger).
///
/// Attribution: a customer belongs to the CSM of its row at the window's first panel period and
/// stays in that book for the whole window (as `RetentionTally` counts a start-of-window
/// cohort); customers that appear later in the window, or have no CSM at its start, are in no
/// book. Survey features are averaged over the book's rows in the window. Rows whose outcome
/// is unknown (a period still running) are skipped.
///
/// The same pass also tallies each CSM's book per panel period (`periodBooks`, the same for
/// every payment period, so plans are compared against one performance measure) and where the
/// windows put the range's expansion ARR (`crediting`).
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
    /// Each CSM's book per panel period, whatever the payment period.
    public let periodBooks: CSMPeriodBooks
    /// Where this ledger's windows credit the range's expansion ARR.
    public let crediting: ExpansionCrediting
    /// Churned customers whose earlier expansions (in range, credited to a CSM) a clawback can reach.
    let churnedExpansions: [ChurnedExpansion]

    /// Builds the ledger for `paymentPeriod` over the panel periods in `from...to` (whole panel
    /// when nil). `features` are the columns survey components need; a name the panel lacks is
    /// an error. Throws when the range holds no period.
    ///
    /// One pass over the rows, with per-customer running state, so no per-customer row lists are
    /// built. Rows are visited in panel order when every customer's periods ascend in it (true
    /// of customer-major simulated panels and period-major CSV files), else in a stable sort by
    /// period; sums therefore follow a fixed order for a given panel.
    public init(
        panel: HistoryPanel, paymentPeriod: PaymentPeriod, from: Period? = nil, to: Period? = nil,
        features: [String] = []
    ) throws(CompError) {
        let n = panel.rowCount
        for bound in [from, to].compactMap({ $0 }) where bound.granularity != panel.granularity {
            throw .granularityMismatch(bound: bound.label, panel: panel.granularity)
        }
        var featureColumns: [Int] = []
        for name in features {
            guard let column = panel.features.firstIndex(where: { $0.name == name }) else {
                throw .missingFeature(name)
            }
            featureColumns.append(column)
        }

        // Distinct periods from a presence map over the ordinal span (no hashing per row).
        var lo = Int32.max, hi = Int32.min
        for p in panel.period {
            lo = min(lo, p.ordinal)
            hi = max(hi, p.ordinal)
        }
        var present = Array(repeating: false, count: n > 0 ? Int(hi - lo) + 1 : 0)
        for p in panel.period { present[Int(p.ordinal - lo)] = true }
        let allPeriods = present.indices.filter { present[$0] }.map {
            Period(granularity: panel.granularity, ordinal: lo + Int32($0))
        }
        let inRange = allPeriods.filter { p in (from.map { p >= $0 } ?? true) && (to.map { p <= $0 } ?? true) }
        guard !inRange.isEmpty else {
            throw .emptyRange(from: from?.label, to: to?.label, available: allPeriods.map(\.label))
        }

        // Windows: consecutive groups of in-range periods with the same payment key.
        let perPayment = Double(paymentPeriod.panelPeriods(per: panel.granularity))
        var windows: [PaymentWindow] = []
        var windowOfSlot = Array(repeating: -1, count: present.count)
        var lastKey = Int.min
        for p in inRange {
            let key = paymentPeriod.windowKey(of: p)
            if key != lastKey {
                windows.append(PaymentWindow(label: paymentPeriod.label(ofKey: key), periods: [], years: 0, paymentFraction: 0))
                lastKey = key
            }
            windows[windows.count - 1].periods.append(p)
            windowOfSlot[Int(p.ordinal - lo)] = windows.count - 1
        }
        for w in windows.indices {
            let count = Double(windows[w].periods.count)
            windows[w].years = count / Double(panel.granularity.periodsPerYear)
            windows[w].paymentFraction = count / perPayment
        }
        let windowStart = windows.map { $0.periods[0].ordinal }
        var periodOfSlot = Array(repeating: -1, count: present.count)
        for (i, p) in inRange.enumerated() { periodOfSlot[Int(p.ordinal - lo)] = i }

        // Visiting order: panel order unless some customer's periods go backwards in it.
        let customerCount = panel.customerIDs.count
        var lastOrdinal = Array(repeating: Int32.min, count: customerCount)
        var ascending = true
        for row in 0..<n {
            let c = Int(panel.customer[row])
            if panel.period[row].ordinal < lastOrdinal[c] {
                ascending = false
                break
            }
            lastOrdinal[c] = panel.period[row].ordinal
        }
        let order: [Int] =
            ascending
            ? Array(0..<n)
            : (0..<n).sorted {
                panel.period[$0].ordinal < panel.period[$1].ordinal || (panel.period[$0] == panel.period[$1] && $0 < $1)
            }

        // Roster: CSMs with a row in range, in dictionary order.
        var inRoster = Array(repeating: false, count: panel.csmIDs.count)
        for row in 0..<n where panel.csm[row] >= 0 && windowOfSlot[Int(panel.period[row].ordinal - lo)] >= 0 {
            inRoster[Int(panel.csm[row])] = true
        }
        var slotOfCSM = Array(repeating: -1, count: panel.csmIDs.count)
        var csmIDs: [String] = []
        for i in inRoster.indices where inRoster[i] {
            slotOfCSM[i] = csmIDs.count
            csmIDs.append(panel.csmIDs[i])
        }
        let csmCount = csmIDs.count

        // Per-customer running state for the window being accumulated.
        var window = Array(repeating: -1, count: customerCount)
        var owner = Array(repeating: -1, count: customerCount)
        var start = Array(repeating: 0.0, count: customerCount)
        var expansion = Array(repeating: 0.0, count: customerCount)
        var contraction = Array(repeating: 0.0, count: customerCount)
        var churnedARR = Array(repeating: 0.0, count: customerCount)
        var churned = Array(repeating: false, count: customerCount)
        var churnAt = Array(repeating: (period: Period?.none, window: -1), count: customerCount)
        var books = Array(repeating: BookTotals(featureCount: featureColumns.count), count: windows.count * csmCount)
        var expansionEvents: [(customer: Int, event: ChurnedExpansion.Expansion)] = []
        // Cadence-free books and the edge cases: per panel period and CSM, rows without a CSM,
        // rows not known yet, and where each expansion dollar is credited.
        var periodTallies = Array(repeating: RetentionTally(), count: inRange.count * csmCount)
        var periodARR = Array(repeating: 0.0, count: inRange.count)
        var unassignedRows = Array(repeating: 0, count: inRange.count)
        var unassignedARR = Array(repeating: 0.0, count: inRange.count)
        var unassignedExpansion = 0.0
        var unassignedCustomer = Array(repeating: false, count: customerCount)
        var unknownOutcomeRows = 0
        var crediting = ExpansionCrediting()

        func flush(_ c: Int) {
            guard window[c] >= 0, owner[c] >= 0 else { return }
            books[window[c] * csmCount + owner[c]].tally.addCustomer(
                startARR: start[c], expansion: expansion[c], contraction: contraction[c], churnedARR: churnedARR[c],
                retained: !churned[c])
        }

        for row in order {
            let p = panel.period[row]
            let w = windowOfSlot[Int(p.ordinal - lo)]
            // A row whose outcome is unknown (a period still running) is neither paid nor tallied.
            guard w >= 0 else { continue }
            guard panel.isOutcomeKnown(row) else {
                unknownOutcomeRows += 1
                continue
            }
            let c = Int(panel.customer[row])
            let rowCSM = panel.csm[row] >= 0 ? slotOfCSM[Int(panel.csm[row])] : -1
            let k = periodOfSlot[Int(p.ordinal - lo)]
            periodARR[k] += panel.arr[row]
            if rowCSM >= 0 {
                periodTallies[k * csmCount + rowCSM].addCustomer(
                    startARR: panel.arr[row], expansion: panel.expansionARR[row], contraction: panel.contractionARR[row],
                    churnedARR: panel.churned[row] ? panel.arr[row] : 0, retained: !panel.churned[row])
            } else {
                unassignedRows[k] += 1
                unassignedARR[k] += panel.arr[row]
                unassignedExpansion += panel.expansionARR[row]
                unassignedCustomer[c] = true
            }
            if w != window[c] {
                flush(c)
                window[c] = w
                let csm = panel.csm[row]
                owner[c] = p.ordinal == windowStart[w] && csm >= 0 ? slotOfCSM[Int(csm)] : -1
                start[c] = panel.arr[row]
                expansion[c] = 0
                contraction[c] = 0
                churnedARR[c] = 0
                churned[c] = false
            }
            if panel.churned[row] { churnAt[c] = (p, w) }
            let o = owner[c]
            let e = panel.expansionARR[row]
            if e > 0 {
                crediting.total += e
                switch (o >= 0, rowCSM >= 0) {
                case (true, _) where o == rowCSM: crediting.ownCSM += e
                case (true, _): crediting.earlierOwner += e
                case (false, true): crediting.lateAssignment += e
                case (false, false): crediting.unassigned += e
                }
            }
            guard o >= 0 else { continue }
            expansion[c] += e
            contraction[c] += panel.contractionARR[row]
            if panel.churned[row] {
                churned[c] = true
                churnedARR[c] = panel.arr[row]
            }
            if e > 0 { expansionEvents.append((c, .init(period: p, window: w, csm: o, arr: e))) }
            if !featureColumns.isEmpty {
                let slot = w * csmCount + o
                for (j, column) in featureColumns.enumerated() {
                    let v = panel.features[column].values[row]
                    if !v.isNaN {
                        books[slot].featureSums[j] += Double(v)
                        books[slot].featureCounts[j] += 1
                    }
                }
            }
        }
        for c in 0..<customerCount { flush(c) }

        // Clawback candidates: churned customers' credited expansions, in order of first event.
        var churnedExpansions: [ChurnedExpansion] = []
        var candidateOf: [Int: Int] = [:]
        for (c, event) in expansionEvents {
            guard let period = churnAt[c].period else { continue }
            if let i = candidateOf[c] {
                churnedExpansions[i].expansions.append(event)
            } else {
                candidateOf[c] = churnedExpansions.count
                churnedExpansions.append(
                    ChurnedExpansion(churnPeriod: period, churnWindow: churnAt[c].window, expansions: [event]))
            }
        }

        self.paymentPeriod = paymentPeriod
        self.granularity = panel.granularity
        self.windows = windows
        self.csmIDs = csmIDs
        self.featureNames = features
        self.books = books
        self.churnedExpansions = churnedExpansions
        self.crediting = crediting
        var byPeriod: [UnassignedRows.PeriodRows] = []
        for (k, p) in inRange.enumerated() where unassignedRows[k] > 0 {
            byPeriod.append(
                UnassignedRows.PeriodRows(
                    period: p.label, rows: unassignedRows[k], arr: unassignedARR[k],
                    arrShare: periodARR[k] > 0 ? unassignedARR[k] / periodARR[k] : .nan))
        }
        let allARR = periodARR.reduce(0, +)
        let noCSMARR = unassignedARR.reduce(0, +)
        self.periodBooks = CSMPeriodBooks(
            periods: inRange, csmIDs: csmIDs, tallies: periodTallies,
            unassigned: UnassignedRows(
                rows: unassignedRows.reduce(0, +), customers: unassignedCustomer.lazy.filter { $0 }.count, arr: noCSMARR,
                arrShare: allARR > 0 ? noCSMARR / allARR : .nan, expansionARR: unassignedExpansion, byPeriod: byPeriod),
            unknownOutcomeRows: unknownOutcomeRows)
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
