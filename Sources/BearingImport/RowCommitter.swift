import BearingPanel

/// Where each text cell of a row sits in a `ConvertedRows` batch: segment, CSM and milestone
/// when the export has them, the categorical columns, then the customer (always).
struct TextSlots {
    let segment: Int
    let csm: Int
    let milestone: Int
    let categoricals: Int
    let customer: Int
    let count: Int

    init(plan: ExportColumnPlan) {
        var next = 0
        func slot(_ present: Bool) -> Int {
            guard present else { return -1 }
            defer { next += 1 }
            return next
        }
        segment = slot(plan.contract.segment >= 0)
        csm = slot(plan.contract.csm >= 0)
        milestone = slot(plan.contract.milestone >= 0)
        categoricals = next
        next += plan.categoricals.count
        customer = next
        count = next + 1
    }
}

/// The second half of an export import: converts the feature cells of converted rows (a bad
/// one: the whole row is diagnosed here), interns their text cells (customers, segments, CSMs,
/// milestones, categorical levels) in row order and commits the rows to the `PanelBuilder`,
/// whose cross-row checks (duplicate rows, rows after churn) are the strict reader's own. Rows
/// arrive in file order, so indices and errors are those of a one-thread import.
///
/// Owns the builder's unmanaged blocks: its owner calls `release()` exactly once.
struct RowCommitter {
    var builder: PanelBuilder
    var levels: [StringInterner]
    var codes: [[Int32]]
    /// Errors of feature cells and of committing (duplicate rows), in file order.
    var errors: ErrorCollector
    /// Conversions of the feature cells.
    var counts = ConversionCounts()
    let slots: TextSlots
    let featureColumns: [Int]
    let diagnosis: RowDiagnosis
    /// A reader of this thread's own, for diagnosing rows (their periods were read already).
    private var periods: PeriodReader
    /// Fields of a row read the slow way (doubled quotes, a bad cell).
    private var scratch = CSVFieldList()
    let openPeriod: Period?
    let fileName: String
    /// Segment index used when the source has no segment column.
    private var defaultSegment: Int32 = -1

    init(
        builder: PanelBuilder, plan: ExportColumnPlan, diagnosis: RowDiagnosis, periods: PeriodReader, openPeriod: Period?,
        errors: ErrorCollector, fileName: String
    ) {
        self.builder = builder
        featureColumns = plan.featureColumns
        self.diagnosis = diagnosis
        self.periods = periods
        levels = plan.categoricals.map { _ in StringInterner() }
        codes = plan.categoricals.map { _ in [] }
        self.errors = errors
        slots = TextSlots(plan: plan)
        self.openPeriod = openPeriod
        self.fileName = fileName
        if slots.segment < 0 {
            var all = "all"
            defaultSegment = all.withUTF8 { self.builder.internSegment($0) } ?? 0
        }
    }

    mutating func release() {
        builder.release()
        scratch.release()
    }

    /// Interns and commits every row of `rows`.
    mutating func commit(_ rows: ConvertedRows) {
        for r in 0..<rows.count { commit(row: r, of: rows) }
    }

    /// -1 for a missing cell, else the index `intern` gives (nil when it fails).
    @inline(__always)
    private static func index(
        _ cell: UnsafeBufferPointer<UInt8>?, _ intern: (UnsafeBufferPointer<UInt8>) -> Int32?
    ) -> Int32? {
        guard let cell else { return -1 }
        return intern(cell)
    }

    /// Converts the feature cells of row `r` into the batch; false at the first bad one.
    @inline(__always)
    private mutating func convertFeatures(_ r: Int, of rows: ConvertedRows) -> Bool {
        let values = rows.featureRow(r)
        let numbers = diagnosis.numbers
        for f in 0..<featureColumns.count {
            let column = featureColumns[f]
            let cell: UnsafeBufferPointer<UInt8>
            if let plain = rows.plainCell(r, column) {
                cell = Cells.trim(plain)
            } else {
                let row = rows.row(r, line: rows.line[r], fields: &scratch)
                cell = Cells.trim(row.cell(column))
                rows.update(r, column, row.fields[column])
            }
            if cell.isEmpty {
                values[f] = .nan
                continue
            }
            if cell.count <= 4, Cells.isMissingToken(cell) {
                counts.missingTokens += 1
                values[f] = .nan
                continue
            }
            var flags = NumberReader.Flags()
            if let value = numbers.float(cell, flags: &flags) {
                counts.count(flags)
                values[f] = value
            } else {
                var mapped = false
                guard let flag = Cells.flag(cell, mapped: &mapped) else { return false }
                counts.booleansMapped += 1
                values[f] = flag ? 1 : 0
            }
        }
        return true
    }

    @inline(__always)
    private mutating func commit(row r: Int, of rows: ConvertedRows) {
        guard convertFeatures(r, of: rows) else {
            let row = rows.row(r, line: rows.line[r], fields: &scratch)
            diagnosis.report(row, periods: &periods, errors: &errors)
            return
        }
        // The converter checked every text cell for UTF-8, so interning cannot fail here;
        // should it, the row is reported rather than lost.
        var segment = defaultSegment
        if slots.segment >= 0 {
            guard let cell = rows.text(row: r, slot: slots.segment), let index = builder.internSegment(cell) else {
                return lost(row: r, of: rows)
            }
            segment = index
        }
        var csm: Int32 = -1
        if slots.csm >= 0 {
            guard let index = Self.index(rows.text(row: r, slot: slots.csm), { builder.internCSM($0) }) else {
                return lost(row: r, of: rows)
            }
            csm = index
        }
        var milestone: Int32 = -1
        if slots.milestone >= 0 {
            guard let index = Self.index(rows.text(row: r, slot: slots.milestone), { builder.internMilestone($0) }) else {
                return lost(row: r, of: rows)
            }
            milestone = index
        }
        var rowCodes: [Int32] = []
        if !levels.isEmpty {
            rowCodes.reserveCapacity(levels.count)
            for j in levels.indices {
                guard let code = Self.index(rows.text(row: r, slot: slots.categoricals + j), { levels[j].intern($0) }) else {
                    return lost(row: r, of: rows)
                }
                rowCodes.append(code)
            }
        }
        // The customer last: a row given up after interning a new customer would leave that
        // customer without rows.
        guard let cell = rows.text(row: r, slot: slots.customer), let customer = builder.internCustomer(cell) else {
            return lost(row: r, of: rows)
        }
        let churnedCode = rows.churned[r]
        var churned: Bool? = churnedCode < 0 ? nil : churnedCode == 1
        let period = rows.period[r]
        if let openPeriod, period == openPeriod { churned = nil }
        do {
            try builder.commitRow(
                customer: customer, period: period, segment: segment, fit: rows.fit[r], csm: csm, arr: rows.arr[r],
                churned: churned, expansion: rows.expansion[r], contraction: rows.contraction[r], milestone: milestone,
                milestoneReached: rows.reached[r], line: rows.line[r], features: UnsafeBufferPointer(rows.featureRow(r)),
                contractTerm: rows.term[r], renewalDay: rows.renewal[r])
        } catch {
            errors.add(ImportError(error))
            return
        }
        for j in rowCodes.indices { codes[j].append(rowCodes[j]) }
    }

    private mutating func lost(row r: Int, of rows: ConvertedRows) {
        errors.add(
            ImportError(
                .invalidUTF8, file: fileName, line: rows.line[r], expected: "UTF-8 text in every text cell",
                found: "a cell that is not"))
    }
}

/// Holds the `RowCommitter` of an `ExportAssembler`: converted batches are committed through
/// it, and its owner reaches the committer (builder, levels, errors) through `withCommitter`.
final class CommitWorker {
    private var committer: RowCommitter

    init(_ committer: RowCommitter) {
        self.committer = committer
    }

    /// Commits `rows`, in the order batches are handed over.
    func commit(_ rows: ConvertedRows) {
        committer.commit(rows)
    }

    /// Gives access to the committer.
    func withCommitter<R, E: Error>(_ body: (inout RowCommitter) throws(E) -> R) throws(E) -> R {
        try body(&committer)
    }
}
