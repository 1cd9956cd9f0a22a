import _BearingText

/// Data-quality findings on a history panel, computed before any model runs on it.
///
/// None of them stops a command; they say what a model will silently work around:
///
/// - **missing periods**: periods between the first and the last with no row at all;
/// - **customers absent then back**: a customer with no row in a period between two of its
///   rows (counted, with examples); models treat its rows as consecutive;
/// - **small segments and CSM books**: fewer distinct customers than the options' minimums;
/// - **fit changes**: customers whose fit differs between their rows (allowed: each row's own
///   fit is used), counted with the number of changes;
/// - **rows without a CSM**: counted, with the ARR they hold in the last period.
///
/// `lines` renders the findings as text; the value is `Codable` with snake_case keys.
public struct PanelQuality: Sendable, Hashable, Codable {
    /// A customer without rows in one or more of the panel's periods between two of its rows.
    public struct Gap: Sendable, Hashable, Codable {
        public var customerID: String
        /// First and last of the panel's periods without a row of the customer.
        public var absentFrom: Period
        public var absentTo: Period

        public init(customerID: String, absentFrom: Period, absentTo: Period) {
            self.customerID = customerID
            self.absentFrom = absentFrom
            self.absentTo = absentTo
        }

        enum CodingKeys: String, CodingKey {
            case customerID = "customer_id"
            case absentFrom = "absent_from"
            case absentTo = "absent_to"
        }
    }

    /// A segment or CSM and its distinct customers.
    public struct GroupSize: Sendable, Hashable, Codable {
        public var name: String
        public var customers: Int

        public init(name: String, customers: Int) {
            self.name = name
            self.customers = customers
        }
    }

    public var options: PanelQualityOptions
    public var rows: Int
    public var customers: Int
    public var granularity: Granularity
    /// Nil only for a panel without rows.
    public var firstPeriod: Period?
    public var lastPeriod: Period?
    /// Periods between the first and the last that have no row.
    public var missingPeriods: [Period]
    /// Customers with at least one gap, and the customer-periods missing inside their spans.
    public var customersWithGaps: Int
    public var missingCustomerPeriods: Int
    /// The first gaps found, in customer order (at most `options.exampleLimit`).
    public var gapExamples: [Gap]
    /// Segments with fewer distinct customers than `options.minimumSegmentCustomers`, by name.
    public var smallSegments: [GroupSize]
    /// CSMs with fewer distinct customers than `options.minimumCSMCustomers`, by id.
    public var smallCSMBooks: [GroupSize]
    /// Customers whose fit changes between rows, and the number of changes.
    public var customersWithFitChange: Int
    public var fitChanges: Int
    public var hasCSMColumn: Bool
    /// Rows with an empty `csm_id` (every row when the file has no such column).
    public var rowsWithoutCSM: Int
    /// ARR of the last period's rows without a CSM, and its share of that period's ARR.
    public var lastPeriodARRWithoutCSM: Double
    public var lastPeriodShareWithoutCSM: Double

    enum CodingKeys: String, CodingKey {
        case options, rows, customers, granularity
        case firstPeriod = "first_period"
        case lastPeriod = "last_period"
        case missingPeriods = "missing_periods"
        case customersWithGaps = "customers_with_gaps"
        case missingCustomerPeriods = "missing_customer_periods"
        case gapExamples = "gap_examples"
        case smallSegments = "small_segments"
        case smallCSMBooks = "small_csm_books"
        case customersWithFitChange = "customers_with_fit_change"
        case fitChanges = "fit_changes"
        case hasCSMColumn = "has_csm_column"
        case rowsWithoutCSM = "rows_without_csm"
        case lastPeriodARRWithoutCSM = "last_period_arr_without_csm"
        case lastPeriodShareWithoutCSM = "last_period_share_without_csm"
    }

    /// Checks `panel`; `index` is rebuilt when not given.
    public init(panel: HistoryPanel, index: PanelIndex? = nil, options: PanelQualityOptions = PanelQualityOptions()) {
        let index = index ?? PanelIndex(panel)
        self.options = options
        rows = panel.rowCount
        customers = index.rowsByCustomer.reduce(0) { $0 + ($1.isEmpty ? 0 : 1) }
        granularity = panel.granularity
        firstPeriod = index.periods.first
        lastPeriod = index.periods.last
        missingPeriods = []
        if let first = firstPeriod, let last = lastPeriod {
            let present = Set(index.periods.map(\.ordinal))
            for ordinal in first.ordinal...last.ordinal where !present.contains(ordinal) {
                missingPeriods.append(Period(granularity: panel.granularity, ordinal: ordinal))
            }
        }

        customersWithGaps = 0
        missingCustomerPeriods = 0
        gapExamples = []
        customersWithFitChange = 0
        fitChanges = 0
        // Gaps count only periods the panel has: a period with no row at all is a missing period.
        var slot: [Int32: Int] = [:]
        for (i, p) in index.periods.enumerated() { slot[p.ordinal] = i }
        for (c, customerRows) in index.rowsByCustomer.enumerated() {
            var hasGap = false
            var changes = 0
            for (a, b) in zip(customerRows, customerRows.dropFirst()) {
                let from = slot[panel.period[Int(a)].ordinal] ?? 0
                let to = slot[panel.period[Int(b)].ordinal] ?? 0
                let absent = to - from - 1
                if absent > 0 {
                    hasGap = true
                    missingCustomerPeriods += absent
                    if gapExamples.count < options.exampleLimit {
                        gapExamples.append(
                            Gap(
                                customerID: panel.customerIDs[c], absentFrom: index.periods[from + 1], absentTo: index.periods[to - 1]))
                    }
                }
                if panel.fit[Int(a)] != panel.fit[Int(b)] { changes += 1 }
            }
            if hasGap { customersWithGaps += 1 }
            if changes > 0 {
                customersWithFitChange += 1
                fitChanges += changes
            }
        }

        // Distinct customers per segment and per CSM: a customer counts once in each it touches.
        var segmentCustomers = [Set<Int32>](repeating: [], count: panel.segmentNames.count)
        var csmCustomers = [Set<Int32>](repeating: [], count: panel.csmIDs.count)
        hasCSMColumn = panel.hasCSMColumn
        rowsWithoutCSM = 0
        var lastARR = 0.0
        var lastWithout = 0.0
        for r in 0..<panel.rowCount {
            let s = Int(panel.segment[r])
            if s >= 0 && s < segmentCustomers.count { segmentCustomers[s].insert(panel.customer[r]) }
            let k = Int(panel.csm[r])
            let inLast = panel.period[r] == lastPeriod
            if inLast { lastARR += panel.arr[r] }
            if k >= 0 && k < csmCustomers.count {
                csmCustomers[k].insert(panel.customer[r])
            } else {
                rowsWithoutCSM += 1
                if inLast { lastWithout += panel.arr[r] }
            }
        }
        smallSegments = segmentCustomers.enumerated()
            .filter { $0.element.count < options.minimumSegmentCustomers }
            .map { GroupSize(name: panel.segmentNames[$0.offset], customers: $0.element.count) }
            .sorted { $0.name < $1.name }
        smallCSMBooks =
            panel.hasCSMColumn
            ? csmCustomers.enumerated()
                .filter { $0.element.count < options.minimumCSMCustomers }
                .map { GroupSize(name: panel.csmIDs[$0.offset], customers: $0.element.count) }
                .sorted { $0.name < $1.name }
            : []
        lastPeriodARRWithoutCSM = lastWithout
        lastPeriodShareWithoutCSM = lastARR > 0 ? lastWithout / lastARR : 0
    }

    /// Whether nothing was found (fit changes and rows without a CSM included).
    public var isClean: Bool {
        missingPeriods.isEmpty && customersWithGaps == 0 && smallSegments.isEmpty && smallCSMBooks.isEmpty
            && fitChanges == 0 && rowsWithoutCSM == 0
    }

    /// One line per finding, for a terminal or a report.
    public var lines: [String] {
        var out: [String] = []
        let unit = granularity == .quarter ? "quarters" : "months"
        if let first = firstPeriod, let last = lastPeriod {
            let span = Int(last.ordinal - first.ordinal) + 1
            out.append(
                "history: \(Self.count(rows)) rows, \(Self.count(customers)) customers, \(first.label)...\(last.label) (\(span) \(unit))")
        } else {
            out.append("history: no rows")
        }
        if missingPeriods.isEmpty {
            out.append("missing periods: none")
        } else {
            out.append(
                "missing periods: \(missingPeriods.map(\.label).joined(separator: ", ")) have no rows "
                    + "(models treat the periods around them as consecutive)")
        }
        if customersWithGaps == 0 {
            out.append("customers absent then back: none")
        } else {
            var line =
                "customers absent then back: \(Self.count(customersWithGaps, "customer")), "
                + "\(Self.count(missingCustomerPeriods, "customer-period")) without a row between their rows"
            if let e = gapExamples.first {
                let span = e.absentFrom == e.absentTo ? e.absentFrom.label : "\(e.absentFrom.label)...\(e.absentTo.label)"
                line += " (e.g. \(e.customerID) absent \(span))"
            }
            out.append(line)
        }
        if !smallSegments.isEmpty {
            out.append(
                "small segments (< \(options.minimumSegmentCustomers) customers): "
                    + smallSegments.map { "\($0.name) (\($0.customers))" }.joined(separator: ", "))
        }
        if !smallCSMBooks.isEmpty {
            let shown = smallCSMBooks.prefix(10).map { "\($0.name) (\($0.customers))" }.joined(separator: ", ")
            let more = smallCSMBooks.count > 10 ? " and \(smallCSMBooks.count - 10) more" : ""
            out.append("small CSM books (< \(options.minimumCSMCustomers) customers): \(shown)\(more)")
        }
        out.append(
            fitChanges == 0
                ? "fit changes: none"
                : "fit changes: \(Self.count(customersWithFitChange, "customer")) changed fit (\(Self.count(fitChanges, "change")); "
                    + "allowed: each row's own fit is used)")
        if !hasCSMColumn {
            out.append("rows without a CSM: all (the file has no csm_id column)")
        } else if rowsWithoutCSM == 0 {
            out.append("rows without a CSM: none")
        } else {
            var line = "rows without a CSM: \(Self.count(rowsWithoutCSM))"
            if let last = lastPeriod {
                line +=
                    "; in \(last.label) they hold \(Self.count(Int(lastPeriodARRWithoutCSM.rounded()))) ARR "
                    + "(\(Self.percent(lastPeriodShareWithoutCSM)) of the period's ARR)"
            }
            out.append(line)
        }
        return out
    }

    /// `12,345`.
    static func count(_ n: Int) -> String { GroupedDigits.text(n) }

    /// `1 customer`, `12,345 customers`.
    static func count(_ n: Int, _ noun: String) -> String { "\(count(n)) \(noun)\(n == 1 ? "" : "s")" }

    /// `4.1%`.
    static func percent(_ x: Double) -> String {
        let tenths = (x * 1000).rounded()
        return "\(Int(tenths) / 10).\(Int(abs(tenths)) % 10)%"
    }
}
