import BearingPanel

/// Panel rows derived from a subscriptions ledger (one row per customer and period from its
/// first change to its churn or the last period):
///
/// - **arr**: the ARR in force at the start of the period; in a customer's first period, the
///   ARR of its first change (a new subscription counts from the start of its period);
/// - **churned**: a change to 0 in the period; the customer's rows end there;
/// - **expansion_arr / contraction_arr**: sums of the increases / decreases of the changes in
///   the period (before a churn), each difference rounded to the ledger's own decimals so that
///   `1003.8 − 1000.1` is 3.7, not 3.7000000000000455;
/// - **segment, fit, csm_id**: the last non-empty value given up to the end of the period
///   (last value in the period wins, else carried forward); `all`, `good` and none before any.
///
/// **Re-subscription.** A change with ARR > 0 after a customer churned starts a new customer
/// `<id>#2` (then `#3`, …) from that change's period: its history is its own, so churn and
/// retention are not blurred across the gap. An id that is already taken is a located error,
/// as is a customer whose first change is 0.
struct LedgerRows {
    var customerIDs: [String] = []
    var customer: [Int32] = []
    var period: [Int32] = []
    var arr: [Double] = []
    var churned: [Bool] = []
    var expansion: [Double] = []
    var contraction: [Double] = []
    var segment: [Int32] = []
    var fit: [Fit] = []
    var csm: [Int32] = []
    /// Ledger line of the change that opened each row's customer (cross-row errors point there).
    var line: [Int32] = []
    /// Segment names: the ledger's, then `all` when some row needed the default.
    var segmentNames: [String] = []

    /// One subscription of a customer: its first and last period ordinals and first row, in one
    /// value so that placing an event touches one cache line.
    struct Generation {
        var first: Int32
        var last: Int32
        var row: Int32
    }

    /// Generations of each ledger customer (CSR): `generationOffsets[c]..<generationOffsets[c+1]`
    /// index `generations`.
    var generationOffsets: [Int32] = []
    var generations: [Generation] = []

    var resubscriptions = 0
    var changesAfterEnd = 0
    var defaultedSegmentRows = 0
    var defaultedFitRows = 0

    var rowCount: Int { customer.count }

    /// The row of ledger customer `c` in period ordinal `p` (latest generation), or nil.
    @inline(__always)
    func row(customer c: Int, ordinal p: Int32) -> Int? {
        var g = Int(generationOffsets[c + 1]) - 1
        let lo = Int(generationOffsets[c])
        while g >= lo {
            let generation = generations[g]
            if p >= generation.first, p <= generation.last { return Int(generation.row + (p - generation.first)) }
            g -= 1
        }
        return nil
    }

    /// First period ordinal of ledger customer `c`'s first generation, or nil.
    func firstOrdinal(customer c: Int) -> Int32? {
        generationOffsets[c] < generationOffsets[c + 1] ? generations[Int(generationOffsets[c])].first : nil
    }

    /// No rows (before the ledger is read).
    init() {}

    /// Builds the rows; ledger contradictions are appended to `errors` (in customer order).
    init(ledger: SubscriptionLedger, end: Int32, fileName: String, errors: inout [ImportError]) {
        let n = ledger.customer.count
        let customerCount = ledger.customers.count
        // Changes grouped by customer (counting sort keeps file order), then by day.
        var offsets = [Int](repeating: 0, count: customerCount + 1)
        for c in ledger.customer { offsets[Int(c) + 1] += 1 }
        for c in 0..<customerCount { offsets[c + 1] += offsets[c] }
        var order = [Int32](repeating: 0, count: n)
        var fill = offsets
        for i in 0..<n {
            let c = Int(ledger.customer[i])
            order[fill[c]] = Int32(i)
            fill[c] += 1
        }
        let day = ledger.day
        for c in 0..<customerCount where offsets[c + 1] - offsets[c] > 1 {
            let range = offsets[c]..<offsets[c + 1]
            var sorted = true
            for k in range.dropFirst() where day[Int(order[k])] < day[Int(order[k - 1])] {
                sorted = false
                break
            }
            if !sorted {
                // Stable by day: equal days keep file order.
                let slice = order[range].sorted { a, b in day[Int(a)] != day[Int(b)] ? day[Int(a)] < day[Int(b)] : a < b }
                order.replaceSubrange(range, with: slice)
            }
        }

        segmentNames = ledger.segments.strings
        var allSegment: Int32 = -1
        let scale: Double? = ledger.decimals.map { Double(Int(pow10: $0)) }
        let taken = Set(ledger.customers.strings)
        generationOffsets.reserveCapacity(customerCount + 1)
        generationOffsets.append(0)

        for c in 0..<customerCount {
            let base = ledger.customers.strings[c]
            var k = offsets[c]
            let stop = offsets[c + 1]
            var generation = 1
            while k < stop {
                let first = Int(order[k])
                if ledger.period[first] > end {
                    changesAfterEnd += stop - k
                    break
                }
                if ledger.arr[first] == 0 {
                    errors.append(
                        ImportError(
                            .invalidLedger, file: fileName, line: Int(ledger.line[first]),
                            expected: "a first change with ARR > 0 for customer \(ImportError.quoted(Array(base.utf8))) "
                                + "(a subscription starts before it is cancelled)",
                            found: "ARR 0"))
                    k += 1
                    continue
                }
                let id = generation == 1 ? base : "\(base)#\(generation)"
                // A taken id is reported and its generation left out (its rows would only
                // add a duplicate-row error to the real one).
                var emit = true
                if generation > 1 {
                    resubscriptions += 1
                    if taken.contains(id) {
                        emit = false
                        errors.append(
                            ImportError(
                                .invalidLedger, file: fileName, line: Int(ledger.line[first]),
                                expected: "a free id for the re-subscription of \(ImportError.quoted(Array(base.utf8)))",
                                found: "\(ImportError.quoted(Array(id.utf8))), which the ledger already uses"))
                    }
                }
                let customerIndex = Int32(customerIDs.count)
                let startOrdinal = ledger.period[first]
                let firstRow = Int32(customer.count)
                if emit { customerIDs.append(id) }
                var seg = ledger.segment[first]
                var fitValue = ledger.fit[first]
                var csmValue = ledger.csm[first]
                var current = ledger.arr[first]
                k += 1
                var p = startOrdinal
                var churnedHere = false
                while p <= end {
                    let start = current
                    var up = 0.0
                    var down = 0.0
                    while k < stop, ledger.period[Int(order[k])] == p {
                        let i = Int(order[k])
                        k += 1
                        if ledger.segment[i] >= 0 { seg = ledger.segment[i] }
                        if ledger.fit[i] >= 0 { fitValue = ledger.fit[i] }
                        if ledger.csm[i] >= 0 { csmValue = ledger.csm[i] }
                        if ledger.arr[i] == 0 {
                            churnedHere = true
                            break
                        }
                        var delta = ledger.arr[i] - current
                        if let scale, (delta * scale).magnitude < 0x1p52 { delta = (delta * scale).rounded() / scale }
                        if delta > 0 { up += delta } else { down -= delta }
                        current = ledger.arr[i]
                    }
                    if !emit {
                        if churnedHere { break }
                        p += 1
                        continue
                    }
                    customer.append(customerIndex)
                    period.append(p)
                    arr.append(start)
                    churned.append(churnedHere)
                    expansion.append(up)
                    contraction.append(down)
                    if seg < 0 {
                        if allSegment < 0 {
                            allSegment = Int32(segmentNames.count)
                            segmentNames.append("all")
                        }
                        defaultedSegmentRows += 1
                    }
                    segment.append(seg >= 0 ? seg : allSegment)
                    if fitValue < 0 { defaultedFitRows += 1 }
                    fit.append(fitValue >= 0 ? Fit(rawValue: UInt8(fitValue)) ?? .good : .good)
                    csm.append(csmValue)
                    line.append(ledger.line[first])
                    if churnedHere { break }
                    p += 1
                }
                if emit { generations.append(Generation(first: startOrdinal, last: p > end ? end : p, row: firstRow)) }
                if !churnedHere {
                    // Active to the end: changes after `end` are outside the panel.
                    changesAfterEnd += stop - k
                    k = stop
                }
                generation += 1
            }
            generationOffsets.append(Int32(generations.count))
        }
    }
}

extension Int {
    /// 10^exponent for small exponents.
    init(pow10 exponent: Int) {
        var v = 1
        for _ in 0..<exponent { v *= 10 }
        self = v
    }
}
