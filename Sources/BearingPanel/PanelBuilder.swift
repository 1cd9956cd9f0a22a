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
    /// What a header column holds; the importers map contract columns through `role(of:)` too.
    package enum Role: Equatable {
        case customer, period, segment, fit, csm, arr, churned, expansion, contraction
        case milestone, milestoneReached
        case contractTerm, renewalDate
        case feature(Int)
    }

    static let requiredColumns = [
        "customer_id", "period", "segment", "fit", "arr", "churned", "expansion_arr", "contraction_arr",
    ]

    package static func role(of name: String) -> Role? {
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
        self.init(
            fileName: fileName, names: header, roles: roles, featureNames: featureNames, featureGroups: featureGroups,
            hasCSM: seen["csm_id"] != nil, hasMilestone: seen["milestone"] != nil,
            hasMilestoneReached: seen["milestone_reached"] != nil, granularity: nil,
            periodColumn: seen["period"] ?? 1, periodColumnName: "period",
            hasContracts: seen["contract_term_months"] != nil || seen["renewal_date"] != nil)
    }

    /// A builder fed typed rows by an importer. Every name in `featureNames` must carry a
    /// group prefix. `fileName`, `periodColumn` (0-based) and `periodColumnName` locate the
    /// cross-row errors in the importer's source. With `hasContracts` the panel gets
    /// `contracts` (the cells `commitRow` is given).
    package init(
        featureNames: [String], hasCSM: Bool, hasMilestone: Bool, hasMilestoneReached: Bool, granularity: Granularity?,
        fileName: String, periodColumn: Int, periodColumnName: String, hasContracts: Bool = false
    ) {
        self.init(
            fileName: fileName, names: [], roles: [], featureNames: featureNames,
            featureGroups: featureNames.map { FeatureGroup(columnName: $0) ?? .attribute }, hasCSM: hasCSM,
            hasMilestone: hasMilestone, hasMilestoneReached: hasMilestoneReached, granularity: granularity,
            periodColumn: periodColumn, periodColumnName: periodColumnName, hasContracts: hasContracts)
    }

    /// Every column allocated empty.
    private init(
        fileName: String, names: [String], roles: [Role], featureNames: [String], featureGroups: [FeatureGroup],
        hasCSM: Bool, hasMilestone: Bool, hasMilestoneReached: Bool, granularity: Granularity?, periodColumn: Int,
        periodColumnName: String, hasContracts: Bool
    ) {
        self.fileName = fileName
        self.names = names
        self.roles = roles
        self.featureNames = featureNames
        self.featureGroups = featureGroups
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
}
