/// Turns scanned CSV rows into a `HistoryPanel`, checking every cell against the contract.
///
/// Cell checks run in column order, so the first error of a row is its leftmost bad cell.
/// Cross-row checks (duplicate rows, rows after churn) run in `finish()` once the whole
/// file has been read, and report the earliest offending row.
///
/// The builder owns unmanaged blocks (row batches, per-customer bookkeeping): its owner
/// calls `release()` exactly once, after `finish()` or when reading stops early. Copies of
/// a builder would share those blocks, so the reader keeps exactly one, mutated in place.
///
/// Importers (`BearingImport`) use the same storage and cross-row checks through the
/// `package` row API: `init(featureNames:...)`, the `intern…` methods, then `commitRow` per
/// row and `finishCollecting` at the end.
package struct PanelBuilder {
    enum Role: Equatable {
        case customer, period, segment, fit, csm, arr, churned, expansion, contraction
        case milestone, milestoneReached
        case contractTerm, renewalDate
        case feature(Int)
    }

    static let requiredColumns = [
        "customer_id", "period", "segment", "fit", "arr", "churned", "expansion_arr", "contraction_arr",
    ]

    static func role(of name: String) -> Role? {
        switch name {
        case "customer_id": .customer
        case "period": .period
        case "segment": .segment
        case "fit": .fit
        case "csm_id": .csm
        case "arr": .arr
        case "churned": .churned
        case "expansion_arr": .expansion
        case "contraction_arr": .contraction
        case "milestone": .milestone
        case "milestone_reached": .milestoneReached
        case "contract_term_months": .contractTerm
        case "renewal_date": .renewalDate
        default: nil
        }
    }

    let fileName: String
    /// Header names of the strict CSV (empty for the typed row API).
    let names: [String]
    let roles: [Role]
    let featureNames: [String]
    let featureGroups: [FeatureGroup]
    let hasCSM: Bool
    let hasMilestone: Bool
    let hasMilestoneReached: Bool
    /// Physical column index (0-based) of the period column, for cross-row errors.
    let periodColumn: Int
    /// Its header name, for cross-row errors.
    let periodColumnName: String

    var customers = StringInterner(capacity: 4096)
    var segments = StringInterner()
    var csms = StringInterner()
    var milestones = StringInterner()
    package var granularity: Granularity?

    // Row columns, allocated once the header is valid. A row's cells are stored as they
    // are checked; the row counts only once the whole row is good.
    static let batchRows = 4096
    var customer: BatchedColumn<Int32>
    var period: BatchedColumn<Period>
    var segment: BatchedColumn<Int32>
    var fit: BatchedColumn<Fit>
    var csm: BatchedColumn<Int32>
    var arr: BatchedColumn<Double>
    var churned: BatchedColumn<Bool>
    var expansion: BatchedColumn<Double>
    var contraction: BatchedColumn<Double>
    var milestone: BatchedColumn<Int32>
    var milestoneReached: BatchedColumn<Int8>
    var features: [BatchedColumn<Float>]
    var missing: [Int]
    /// `contract_term_months` and `renewal_date`, when the header has either.
    var contractColumns: ContractColumnsBuilder?

    /// Rows already appended to the arrays.
    var flushedRows = 0
    /// Rows in the current batch.
    var batchCount = 0
    package var rowCount: Int { flushedRows + batchCount }
    /// Rows whose outcome is unknown (empty `churned` cell), ascending.
    var unknownOutcomeRows: [Int32] = []

    // Cross-row bookkeeping, per customer, sized to `customerCapacity`.
    var lastOrdinal = RawColumn<Int32>()
    /// Row of the customer's earliest churned period, or -1.
    var churnRow = RawColumn<Int32>()
    /// Ordinal of that period (so the check needs no lookup into flushed rows).
    var churnOrdinal = RawColumn<Int32>()
    var customerCapacity = 0
    /// Customers whose first row has been added.
    var seenCustomers = 0
    /// True while every customer's rows arrive in strictly increasing period order
    /// (then there can be no duplicate rows and `finish()` skips the sort).
    var ascending = true
    /// Physical line of row `row` is `line + (row - anchor.row)` for the last anchor at or
    /// before it; a new anchor is added only when a row does not start on the next line
    /// (embedded newlines, blank lines), so this is tiny for ordinary files.
    var lineAnchors: [(row: Int, line: Int)] = []

    /// Validates the header. `line` is the header's physical line.
    init(header: [String], fileName: String, line: Int) throws(PanelError) {
        self.fileName = fileName
        var roles: [Role] = []
        var featureNames: [String] = []
        var featureGroups: [FeatureGroup] = []
        var seen: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            if let first = seen[name] {
                throw PanelError(
                    .duplicateColumn, file: fileName, line: line, column: index + 1, columnName: name,
                    expected: "each column once", found: "a second \(PanelError.quoted(Array(name.utf8))) (first is column \(first + 1))")
            }
            seen[name] = index
            if let role = Self.role(of: name) {
                roles.append(role)
            } else if let group = FeatureGroup(columnName: name) {
                roles.append(.feature(featureNames.count))
                featureNames.append(name)
                featureGroups.append(group)
            } else {
                throw PanelError(
                    .unknownColumn, file: fileName, line: line, column: index + 1, columnName: name,
                    expected: "a contract column (customer_id, period, segment, fit, csm_id, arr, churned, "
                        + "expansion_arr, contraction_arr, milestone, milestone_reached, contract_term_months, "
                        + "renewal_date) or a feature named "
                        + "outcome.*, experience.*, engagement.* or attribute.*",
                    found: PanelError.quoted(Array(name.utf8)))
            }
        }
        for required in Self.requiredColumns where seen[required] == nil {
            throw PanelError(
                .missingColumn, file: fileName, line: line, columnName: required,
                expected: "a column named \"\(required)\" in the header",
                found: "columns " + header.map { PanelError.quoted(Array($0.utf8)) }.joined(separator: ", "))
        }
        self.names = header
        self.roles = roles
        self.featureNames = featureNames
        self.featureGroups = featureGroups
        self.hasCSM = seen["csm_id"] != nil
        self.hasMilestone = seen["milestone"] != nil
        self.hasMilestoneReached = seen["milestone_reached"] != nil
        self.periodColumn = seen["period"] ?? 1
        self.periodColumnName = "period"
        self.features = featureNames.map { _ in BatchedColumn(batchRows: Self.batchRows) }
        self.missing = Array(repeating: 0, count: featureNames.count)
        customer = BatchedColumn(batchRows: Self.batchRows)
        period = BatchedColumn(batchRows: Self.batchRows)
        segment = BatchedColumn(batchRows: Self.batchRows)
        fit = BatchedColumn(batchRows: Self.batchRows)
        csm = BatchedColumn(batchRows: Self.batchRows)
        arr = BatchedColumn(batchRows: Self.batchRows)
        churned = BatchedColumn(batchRows: Self.batchRows)
        expansion = BatchedColumn(batchRows: Self.batchRows)
        contraction = BatchedColumn(batchRows: Self.batchRows)
        milestone = BatchedColumn(batchRows: Self.batchRows)
        milestoneReached = BatchedColumn(batchRows: Self.batchRows)
        if seen["contract_term_months"] != nil || seen["renewal_date"] != nil {
            contractColumns = ContractColumnsBuilder(batchRows: Self.batchRows)
        }
    }

    /// A builder fed typed rows by an importer. Every name in `featureNames` must carry a
    /// group prefix. `fileName`, `periodColumn` (0-based) and `periodColumnName` locate the
    /// cross-row errors in the importer's source. With `hasContracts` the panel gets
    /// `contracts` (the cells `commitRow` is given).
    package init(
        featureNames: [String], hasCSM: Bool, hasMilestone: Bool, hasMilestoneReached: Bool, granularity: Granularity?,
        fileName: String, periodColumn: Int, periodColumnName: String, hasContracts: Bool = false
    ) {
        self.fileName = fileName
        self.names = []
        self.roles = []
        self.featureNames = featureNames
        self.featureGroups = featureNames.map { FeatureGroup(columnName: $0) ?? .attribute }
        self.hasCSM = hasCSM
        self.hasMilestone = hasMilestone
        self.hasMilestoneReached = hasMilestoneReached
        self.granularity = granularity
        self.periodColumn = periodColumn
        self.periodColumnName = periodColumnName
        self.features = featureNames.map { _ in BatchedColumn(batchRows: Self.batchRows) }
        self.missing = Array(repeating: 0, count: featureNames.count)
        customer = BatchedColumn(batchRows: Self.batchRows)
        period = BatchedColumn(batchRows: Self.batchRows)
        segment = BatchedColumn(batchRows: Self.batchRows)
        fit = BatchedColumn(batchRows: Self.batchRows)
        csm = BatchedColumn(batchRows: Self.batchRows)
        arr = BatchedColumn(batchRows: Self.batchRows)
        churned = BatchedColumn(batchRows: Self.batchRows)
        expansion = BatchedColumn(batchRows: Self.batchRows)
        contraction = BatchedColumn(batchRows: Self.batchRows)
        milestone = BatchedColumn(batchRows: Self.batchRows)
        milestoneReached = BatchedColumn(batchRows: Self.batchRows)
        if hasContracts { contractColumns = ContractColumnsBuilder(batchRows: Self.batchRows) }
    }

    // MARK: Typed row API (importers)

    /// Index of a customer id (nil when the bytes are not UTF-8).
    package mutating func internCustomer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? { customers.intern(bytes) }
    package mutating func internSegment(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? { segments.intern(bytes) }
    package mutating func internCSM(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? { csms.intern(bytes) }
    package mutating func internMilestone(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? { milestones.intern(bytes) }

    /// Appends a checked row. `features` holds one value per feature (NaN = missing);
    /// `churned` nil means the outcome is unknown. `line` is the row's line in the source
    /// (cross-row errors point there). `contractTerm` (-1 = empty) and `renewalDay`
    /// (`ContractColumns.noDate` = empty) are kept when the builder has contract columns.
    package mutating func commitRow(
        customer customerIndex: Int32, period rowPeriod: Period, segment segmentIndex: Int32, fit rowFit: Fit,
        csm csmIndex: Int32, arr rowARR: Double, churned rowChurned: Bool?, expansion rowExpansion: Double,
        contraction rowContraction: Double, milestone milestoneIndex: Int32, milestoneReached reached: Int8, line: Int,
        features values: UnsafeBufferPointer<Float>, contractTerm: Int32 = -1, renewalDay: Int32 = ContractColumns.noDate
    ) throws(PanelError) {
        let slot = batchCount
        if let contractColumns {
            contractColumns.setTerm(slot, contractTerm)
            contractColumns.setRenewal(slot, renewalDay)
        }
        for f in 0..<min(values.count, features.count) {
            let value = values[f]
            features[f].set(slot, value)
            if value.isNaN { missing[f] += 1 }
        }
        try store(
            customer: customerIndex, period: rowPeriod, segment: segmentIndex, fit: rowFit, csm: csmIndex, arr: rowARR,
            churned: rowChurned, expansion: rowExpansion, contraction: rowContraction, milestone: milestoneIndex,
            milestoneReached: reached, line: line)
    }

    /// Sizes every column for `rows` rows (no-op if already larger).
    package mutating func reserve(rows: Int) {
        customer.reserve(rows: rows)
        period.reserve(rows: rows)
        segment.reserve(rows: rows)
        fit.reserve(rows: rows)
        csm.reserve(rows: rows)
        arr.reserve(rows: rows)
        churned.reserve(rows: rows)
        expansion.reserve(rows: rows)
        contraction.reserve(rows: rows)
        milestone.reserve(rows: rows)
        milestoneReached.reserve(rows: rows)
        for k in features.indices { features[k].reserve(rows: rows) }
        contractColumns?.reserve(rows: rows)
    }

    mutating func flushBatch() {
        let n = batchCount
        customer.flush(count: n)
        period.flush(count: n)
        segment.flush(count: n)
        fit.flush(count: n)
        csm.flush(count: n)
        arr.flush(count: n)
        churned.flush(count: n)
        expansion.flush(count: n)
        contraction.flush(count: n)
        milestone.flush(count: n)
        milestoneReached.flush(count: n)
        for k in features.indices { features[k].flush(count: n) }
        contractColumns?.flush(count: n)
        flushedRows += n
        batchCount = 0
    }

    func outOfMemory(rows: Int) -> PanelError {
        PanelError(
            .io, file: fileName, expected: "memory for \(rows) customers", found: "an allocation failure")
    }

    /// Frees the batch blocks and per-customer bookkeeping; call exactly once, after
    /// `finish` or when reading stopped on an error.
    package mutating func release() {
        customer.release()
        period.release()
        segment.release()
        fit.release()
        csm.release()
        arr.release()
        churned.release()
        expansion.release()
        contraction.release()
        milestone.release()
        milestoneReached.release()
        for k in features.indices { features[k].release() }
        contractColumns?.release()
        lastOrdinal.release()
        churnRow.release()
        churnOrdinal.release()
        customerCapacity = 0
    }

    /// Appends one data row (its field count already checked against the header).
    mutating func addRow(_ cells: CSVRow) throws(PanelError) {
        let line = cells.line
        let slot = batchCount

        var customerIndex: Int32 = -1
        var rowPeriod = Period(granularity: .quarter, ordinal: 0)
        var segmentIndex: Int32 = -1
        var rowFit = Fit.good
        var csmIndex: Int32 = -1
        var rowARR = 0.0
        var rowChurned: Bool? = false
        var rowExpansion = 0.0
        var rowContraction = 0.0
        var milestoneIndex: Int32 = -1
        var reached: Int8 = -1
        contractColumns?.clear(slot)

        for k in 0..<roles.count {
            let bytes = cells.cell(k)
            switch roles[k] {
            case .feature(let f):
                if bytes.isEmpty {
                    features[f].set(slot, .nan)
                    missing[f] += 1
                } else if let value = DecimalNumber.parseFiniteFloat(bytes) {
                    features[f].set(slot, value)
                } else {
                    throw featureError(bytes, column: k, line: cells.line(ofField: k))
                }
            case .arr:
                rowARR = try amount(bytes, column: k, cells)
            case .expansion:
                rowExpansion = try amount(bytes, column: k, cells)
            case .contraction:
                rowContraction = try amount(bytes, column: k, cells)
            // Interning is written out here: calling a method of `self` while passing one of
            // its interners inout would copy the whole builder on every cell.
            case .customer:
                guard !bytes.isEmpty, let index = customers.intern(bytes) else {
                    throw stringError(bytes, column: k, cells)
                }
                customerIndex = index
            case .segment:
                guard !bytes.isEmpty, let index = segments.intern(bytes) else {
                    throw stringError(bytes, column: k, cells)
                }
                segmentIndex = index
            case .csm:
                if !bytes.isEmpty {
                    guard let index = csms.intern(bytes) else { throw stringError(bytes, column: k, cells) }
                    csmIndex = index
                }
            case .milestone:
                if !bytes.isEmpty {
                    guard let index = milestones.intern(bytes) else { throw stringError(bytes, column: k, cells) }
                    milestoneIndex = index
                }
            case .period:
                rowPeriod = try parsePeriod(bytes, column: k, cells)
            case .fit:
                rowFit = try parseFit(bytes, column: k, cells)
            case .churned:
                // An empty cell: the period is still running, the outcome is unknown.
                rowChurned = try flag(bytes, column: k, required: false, cells).map { $0 == 1 }
            case .milestoneReached:
                reached = try flag(bytes, column: k, required: false, cells) ?? -1
            case .contractTerm:
                if !bytes.isEmpty {
                    guard let term = ContractColumnsBuilder.parseTerm(bytes) else {
                        throw error(
                            .invalidContract, column: k, line: cells.line(ofField: k),
                            expected: "a contract term in whole months (1 to 1200), or an empty cell", found: bytes)
                    }
                    contractColumns?.setTerm(slot, term)
                }
            case .renewalDate:
                if !bytes.isEmpty {
                    guard let date = CalendarDate.parse(bytes) else {
                        throw error(
                            .invalidContract, column: k, line: cells.line(ofField: k),
                            expected: "a date like 2025-06-30 (YYYY-MM-DD), or an empty cell", found: bytes)
                    }
                    contractColumns?.setRenewal(slot, date.dayNumber)
                }
            }
        }
        try store(
            customer: customerIndex, period: rowPeriod, segment: segmentIndex, fit: rowFit, csm: csmIndex, arr: rowARR,
            churned: rowChurned, expansion: rowExpansion, contraction: rowContraction, milestone: milestoneIndex,
            milestoneReached: reached, line: line)
    }

    /// Stores a checked row in the current batch slot and updates the cross-row bookkeeping.
    @inline(__always)
    private mutating func store(
        customer customerIndex: Int32, period rowPeriod: Period, segment segmentIndex: Int32, fit rowFit: Fit,
        csm csmIndex: Int32, arr rowARR: Double, churned knownChurned: Bool?, expansion rowExpansion: Double,
        contraction rowContraction: Double, milestone milestoneIndex: Int32, milestoneReached reached: Int8, line: Int
    ) throws(PanelError) {
        let slot = batchCount
        let row = flushedRows + slot
        let rowChurned = knownChurned ?? false
        if knownChurned == nil { unknownOutcomeRows.append(Int32(row)) }
        customer.set(slot, customerIndex)
        period.set(slot, rowPeriod)
        segment.set(slot, segmentIndex)
        fit.set(slot, rowFit)
        csm.set(slot, csmIndex)
        arr.set(slot, rowARR)
        churned.set(slot, rowChurned)
        expansion.set(slot, rowExpansion)
        contraction.set(slot, rowContraction)
        milestone.set(slot, milestoneIndex)
        milestoneReached.set(slot, reached)
        batchCount = slot + 1
        if batchCount == Self.batchRows { flushBatch() }

        try track(customer: customerIndex, ordinal: rowPeriod.ordinal, churned: rowChurned, row: row)
        addAnchor(row: row, line: line)
    }

    /// Cross-row bookkeeping of one row, in row order: each customer's last period, its
    /// earliest churned period, and whether every customer's periods still ascend.
    @inline(__always)
    mutating func track(customer customerIndex: Int32, ordinal: Int32, churned rowChurned: Bool, row: Int) throws(PanelError) {
        let c = Int(customerIndex)
        if c >= customerCapacity {
            let grown = max(1024, customerCapacity * 2)
            guard lastOrdinal.resize(to: grown), churnRow.resize(to: grown), churnOrdinal.resize(to: grown) else {
                throw outOfMemory(rows: grown)
            }
            customerCapacity = grown
        }
        if c == seenCustomers {
            seenCustomers += 1
            lastOrdinal.set(c, ordinal)
            churnRow.set(c, rowChurned ? Int32(row) : -1)
            churnOrdinal.set(c, ordinal)
        } else {
            if ordinal <= lastOrdinal[c] { ascending = false }
            lastOrdinal.set(c, ordinal)
            if rowChurned, churnRow[c] < 0 || ordinal < churnOrdinal[c] {
                churnRow.set(c, Int32(row))
                churnOrdinal.set(c, ordinal)
            }
        }
    }

    /// Records where `row` starts unless the previous anchor already predicts it.
    @inline(__always)
    mutating func addAnchor(row: Int, line: Int) {
        if let anchor = lineAnchors.last, anchor.line + (row - anchor.row) == line {
            // Still on the predicted line: no anchor needed.
        } else {
            lineAnchors.append((row, line))
        }
    }

    /// Physical line of a data row.
    func line(ofRow row: Int) -> Int {
        var low = 0
        var high = lineAnchors.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineAnchors[mid].row <= row { low = mid } else { high = mid - 1 }
        }
        let anchor = lineAnchors[low]
        return anchor.line + (row - anchor.row)
    }

    /// Hands over the columns as a panel, then runs the cross-row checks on it and throws
    /// the earliest violation.
    mutating func finish(bytesRead: Int) throws(PanelError) -> (panel: HistoryPanel, summary: PanelReadSummary) {
        let result = finishCollecting(bytesRead: bytesRead, errorLimit: 1)
        if let first = result.errors.first { throw first }
        return (result.panel, result.summary)
    }

    /// Hands over the columns as a panel and runs the cross-row checks (duplicate rows,
    /// rows after churn), returning up to `errorLimit` violations in row order and how many
    /// there are in all. The panel is only meaningful when there are none.
    package mutating func finishCollecting(
        bytesRead: Int, errorLimit: Int
    ) -> (panel: HistoryPanel, summary: PanelReadSummary, errors: [PanelError], errorCount: Int) {
        flushBatch()
        var panel = HistoryPanel(
            granularity: granularity ?? .quarter, featureNames: [], hasCSMColumn: hasCSM,
            hasMilestoneColumns: hasMilestone || hasMilestoneReached)
        panel.customerIDs = customers.strings
        panel.segmentNames = segments.strings
        panel.csmIDs = csms.strings
        panel.milestoneNames = milestones.strings
        panel.customer = customer.take()
        panel.period = period.take()
        panel.segment = segment.take()
        panel.fit = fit.take()
        panel.csm = csm.take()
        panel.arr = arr.take()
        panel.churned = churned.take()
        panel.expansionARR = expansion.take()
        panel.contractionARR = contraction.take()
        panel.milestone = milestone.take()
        panel.milestoneReached = milestoneReached.take()
        panel.features.reserveCapacity(featureNames.count)
        for k in featureNames.indices {
            panel.features.append(FeatureColumn(name: featureNames[k], group: featureGroups[k], values: features[k].take()))
        }
        if !unknownOutcomeRows.isEmpty {
            panel.outcomeKnown = Array(repeating: true, count: panel.rowCount)
            for r in unknownOutcomeRows { panel.outcomeKnown[Int(r)] = false }
        }
        panel.contracts = contractColumns?.take()
        let churnRows = churnRow.takeArray(count: seenCustomers)

        // Violations in row order; at one row a duplicate comes before a row after churn.
        // `first` is the duplicated row (duplicates only).
        var violations: [(row: Int, isDuplicate: Bool, first: Int)] = []
        if !ascending {
            for duplicate in Self.duplicateRows(panel) { violations.append((duplicate.row, true, duplicate.first)) }
        }
        for row in Self.rowsAfterChurn(panel, churnRows: churnRows) { violations.append((row, false, -1)) }
        violations.sort { a, b in a.row != b.row ? a.row < b.row : (a.isDuplicate && !b.isDuplicate) }
        var errors: [PanelError] = []
        for violation in violations.prefix(max(0, errorLimit)) {
            let row = violation.row
            let c = Int(panel.customer[row])
            let name = PanelError.quoted(Array(panel.customerIDs[c].utf8))
            if violation.isDuplicate {
                errors.append(
                    PanelError(
                        .duplicateRow, file: fileName, line: line(ofRow: row), column: periodColumn + 1,
                        columnName: periodColumnName,
                        expected: "one row per customer and period",
                        found: "a second row for customer \(name) in "
                            + "\(panel.period[row]) (first at line \(line(ofRow: violation.first)))"))
            } else {
                let churn = Int(churnRows[c])
                errors.append(
                    PanelError(
                        .rowAfterChurn, file: fileName, line: line(ofRow: row), column: periodColumn + 1,
                        columnName: periodColumnName,
                        expected: "no rows after customer \(name) churned in "
                            + "\(panel.period[churn]) (line \(line(ofRow: churn)))",
                        found: "a row for \(panel.period[row])"))
            }
        }

        var seenPeriods = Set<Int32>()
        var first = Int32.max
        var last = Int32.min
        for p in panel.period {
            if seenPeriods.insert(p.ordinal).inserted {
                first = min(first, p.ordinal)
                last = max(last, p.ordinal)
            }
        }
        let g = panel.granularity
        let summary = PanelReadSummary(
            rows: panel.rowCount,
            customers: panel.customerIDs.count,
            periods: seenPeriods.count,
            firstPeriod: Period(granularity: g, ordinal: first),
            lastPeriod: Period(granularity: g, ordinal: last),
            granularity: g,
            missingPerFeature: featureNames.indices.map { (featureNames[$0], missing[$0]) },
            bytesRead: bytesRead)
        return (panel, summary, errors, violations.count)
    }

    // MARK: Cross-row checks

    /// Rows (in file order) that repeat an earlier row's customer and period, each with the
    /// first row of its customer and period.
    private static func duplicateRows(_ panel: HistoryPanel) -> [(row: Int, first: Int)] {
        // Rows grouped by customer (counting sort), then each group sorted by (period, row).
        let customerCount = panel.customerIDs.count
        let rowCount = panel.rowCount
        var offsets = [Int32](repeating: 0, count: customerCount + 1)
        for c in panel.customer { offsets[Int(c) + 1] += 1 }
        for c in 0..<customerCount { offsets[c + 1] += offsets[c] }
        var fill = offsets
        var rows = [Int32](repeating: 0, count: rowCount)
        for r in 0..<rowCount {
            let c = Int(panel.customer[r])
            rows[Int(fill[c])] = Int32(r)
            fill[c] += 1
        }
        let period = panel.period
        var found: [(row: Int, first: Int)] = []
        for c in 0..<customerCount {
            let lo = Int(offsets[c])
            let hi = Int(offsets[c + 1])
            guard hi - lo > 1 else { continue }
            var group = Array(rows[lo..<hi])
            group.sort { a, b in
                let pa = period[Int(a)].ordinal
                let pb = period[Int(b)].ordinal
                return pa != pb ? pa < pb : a < b
            }
            var groupStart = 0
            for i in 1..<group.count {
                if period[Int(group[i])].ordinal != period[Int(group[groupStart])].ordinal {
                    groupStart = i
                    continue
                }
                // Equal periods are in row order, so group[i] repeats group[groupStart].
                found.append((Int(group[i]), Int(group[groupStart])))
            }
        }
        return found
    }

    /// Rows whose period is after their customer's churn period, in row order.
    private static func rowsAfterChurn(_ panel: HistoryPanel, churnRows: [Int32]) -> [Int] {
        var found: [Int] = []
        for r in 0..<panel.rowCount {
            let churn = churnRows[Int(panel.customer[r])]
            if churn >= 0, panel.period[r].ordinal > panel.period[Int(churn)].ordinal { found.append(r) }
        }
        return found
    }

    // MARK: Cells

    private func error(
        _ kind: PanelError.Kind, column: Int, line: Int, expected: String, found bytes: UnsafeBufferPointer<UInt8>
    ) -> PanelError {
        PanelError(
            kind, file: fileName, line: line, column: column + 1, columnName: names[column],
            expected: expected, found: bytes.isEmpty ? "an empty cell" : PanelError.quoted(bytes))
    }

    private func emptyError(column: Int, line: Int, expected: String) -> PanelError {
        PanelError(
            .emptyCell, file: fileName, line: line, column: column + 1, columnName: names[column],
            expected: expected, found: "an empty cell")
    }

    private func amount(
        _ bytes: UnsafeBufferPointer<UInt8>, column: Int, _ cells: CSVRow
    ) throws(PanelError) -> Double {
        if let value = DecimalNumber.parseFiniteDouble(bytes), value >= 0 { return value }
        if bytes.isEmpty { throw emptyError(column: column, line: cells.line(ofField: column), expected: "a number >= 0") }
        throw error(.invalidAmount, column: column, line: cells.line(ofField: column), expected: "a number >= 0", found: bytes)
    }

    private func featureError(_ bytes: UnsafeBufferPointer<UInt8>, column: Int, line: Int) -> PanelError {
        let lower = String(decoding: bytes, as: UTF8.self).lowercased()
        let expected: String
        if ["nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"].contains(lower) {
            expected = "a finite number, or an empty cell for a missing value"
        } else if DecimalNumber.parseDouble(bytes) != nil {
            expected = "a number within Float32 range (magnitude below 3.4e38), or an empty cell"
        } else {
            expected = "a number or an empty cell"
        }
        return error(.invalidFeature, column: column, line: line, expected: expected, found: bytes)
    }

    /// An empty required string cell, or one that is not UTF-8.
    private func stringError(_ bytes: UnsafeBufferPointer<UInt8>, column: Int, _ cells: CSVRow) -> PanelError {
        if bytes.isEmpty {
            return emptyError(column: column, line: cells.line(ofField: column), expected: "a non-empty \(names[column])")
        }
        return error(.invalidUTF8, column: column, line: cells.line(ofField: column), expected: "UTF-8 text", found: bytes)
    }

    private mutating func parsePeriod(
        _ bytes: UnsafeBufferPointer<UInt8>, column: Int, _ cells: CSVRow
    ) throws(PanelError) -> Period {
        guard let p = Self.periodLabel(bytes) else {
            if bytes.isEmpty {
                throw emptyError(column: column, line: cells.line(ofField: column), expected: "a period like 2025-Q2 or 2025-06")
            }
            let expected =
                switch granularity {
                case .quarter: "a quarter like 2025-Q2 (YYYY-Qn, n in 1...4)"
                case .month: "a month like 2025-06 (YYYY-MM, MM in 01...12)"
                case nil: "a period like 2025-Q2 or 2025-06"
                }
            throw error(.invalidPeriod, column: column, line: cells.line(ofField: column), expected: expected, found: bytes)
        }
        if let granularity {
            if p.granularity != granularity {
                let expected =
                    granularity == .quarter
                    ? "a quarter like 2025-Q2, as in the first row (one granularity per file)"
                    : "a month like 2025-06, as in the first row (one granularity per file)"
                throw error(.mixedGranularity, column: column, line: cells.line(ofField: column), expected: expected, found: bytes)
            }
        } else {
            granularity = p.granularity
        }
        return p
    }

    /// `YYYY-Qn` or `YYYY-MM` from bytes (the same grammar as `Period(label:)`).
    static func periodLabel(_ b: UnsafeBufferPointer<UInt8>) -> Period? {
        guard b.count == 7, b[4] == UInt8(ascii: "-") else { return nil }
        var year = 0
        for i in 0..<4 {
            let d = b[i] &- 48
            guard d < 10 else { return nil }
            year = year * 10 + Int(d)
        }
        let last = b[6] &- 48
        guard last < 10 else { return nil }
        if b[5] == UInt8(ascii: "Q") || b[5] == UInt8(ascii: "q") {
            guard last >= 1, last <= 4 else { return nil }
            return Period(year: year, quarter: Int(last))
        }
        let tens = b[5] &- 48
        guard tens <= 1 else { return nil }
        let month = Int(tens) * 10 + Int(last)
        guard month >= 1, month <= 12 else { return nil }
        return Period(year: year, month: month)
    }

    private func parseFit(
        _ bytes: UnsafeBufferPointer<UInt8>, column: Int, _ cells: CSVRow
    ) throws(PanelError) -> Fit {
        if Self.equals(bytes, "good") { return .good }
        if Self.equals(bytes, "stretch") { return .stretch }
        if Self.equals(bytes, "bad") { return .bad }
        if bytes.isEmpty { throw emptyError(column: column, line: cells.line(ofField: column), expected: "good, stretch or bad") }
        throw error(.invalidFit, column: column, line: cells.line(ofField: column), expected: "good, stretch or bad", found: bytes)
    }

    private func flag(
        _ bytes: UnsafeBufferPointer<UInt8>, column: Int, required: Bool, _ cells: CSVRow
    ) throws(PanelError) -> Int8? {
        if bytes.count == 1 {
            if bytes[0] == UInt8(ascii: "0") { return 0 }
            if bytes[0] == UInt8(ascii: "1") { return 1 }
        }
        if bytes.isEmpty {
            if !required { return nil }
            throw emptyError(column: column, line: cells.line(ofField: column), expected: "0 or 1")
        }
        throw error(.invalidFlag, column: column, line: cells.line(ofField: column), expected: "0 or 1", found: bytes)
    }

    private static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        guard bytes.count == text.utf8CodeUnitCount else { return false }
        let p = text.utf8Start
        for i in 0..<bytes.count where bytes[i] != p[i] { return false }
        return true
    }
}
