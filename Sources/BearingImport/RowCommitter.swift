import BearingPanel

/// The second half of an export import: interns the text cells of a converted row
/// (customers, segments, CSMs, milestones, categorical levels) in row order and commits the
/// row to the `PanelBuilder`, whose cross-row checks (duplicate rows, rows after churn) are the
/// strict reader's own. Rows arrive in file order, so indices and errors are those of a
/// one-thread import.
///
/// Owns the builder's unmanaged blocks: its owner calls `release()` exactly once.
struct RowCommitter {
    var builder: PanelBuilder
    var levels: [StringInterner]
    var codes: [[Int32]]
    /// Errors of committing (duplicate rows), in file order.
    var errors: ErrorCollector
    let openPeriod: Period?
    let fileName: String
    /// Segment index used when the source has no segment column.
    private var defaultSegment: Int32 = -1
    /// The categorical codes of the row being committed.
    private var rowCodes: [Int32]

    init(builder: PanelBuilder, plan: ExportColumnPlan, openPeriod: Period?, errors: ErrorCollector) {
        self.builder = builder
        levels = plan.categoricals.map { _ in StringInterner() }
        codes = plan.categoricals.map { _ in [] }
        rowCodes = Array(repeating: -1, count: plan.categoricals.count)
        self.errors = errors
        self.openPeriod = openPeriod
        fileName = errors.fileName
        if plan.contract.segment < 0 {
            var all = "all"
            defaultSegment = all.withUTF8 { self.builder.internSegment($0) } ?? 0
        }
    }

    mutating func release() {
        builder.release()
    }

    /// -1 for a missing cell, else the index `intern` gives (nil when it fails).
    @inline(__always)
    private static func index(
        _ cell: UnsafeBufferPointer<UInt8>?, _ intern: (UnsafeBufferPointer<UInt8>) -> Int32?
    ) -> Int32? {
        guard let cell else { return -1 }
        return intern(cell)
    }

    /// Interns the text of `row` and commits it with its feature values.
    @inline(__always)
    mutating func commit(
        _ row: ConvertedRow, categoricals: [UnsafeBufferPointer<UInt8>?], features: UnsafeBufferPointer<Float>
    ) {
        // The converter checked every text cell for UTF-8, so interning cannot fail here;
        // should it, the row is reported rather than lost.
        var segment = defaultSegment
        if let cell = row.segment {
            guard let index = builder.internSegment(cell) else { return lost(row) }
            segment = index
        }
        guard let csm = Self.index(row.csm, { builder.internCSM($0) }),
            let milestone = Self.index(row.milestone, { builder.internMilestone($0) })
        else { return lost(row) }
        for j in levels.indices {
            guard let code = Self.index(categoricals[j], { levels[j].intern($0) }) else { return lost(row) }
            rowCodes[j] = code
        }
        // The customer last: a row given up after interning a new customer would leave that
        // customer without rows.
        guard let customer = builder.internCustomer(row.customer) else { return lost(row) }
        var churned = row.churned
        if let openPeriod, row.period == openPeriod { churned = nil }
        do {
            try builder.commitRow(
                customer: customer, period: row.period, segment: segment, fit: row.fit, csm: csm, arr: row.arr,
                churned: churned, expansion: row.expansion, contraction: row.contraction, milestone: milestone,
                milestoneReached: row.reached, line: row.line, features: features, contractTerm: row.term,
                renewalDay: row.renewal)
        } catch {
            errors.add(ImportError(error))
            return
        }
        for j in rowCodes.indices { codes[j].append(rowCodes[j]) }
    }

    private mutating func lost(_ row: ConvertedRow) {
        errors.add(
            ImportError(
                .invalidUTF8, file: fileName, line: row.line, expected: "UTF-8 text in every text cell",
                found: "a cell that is not"))
    }
}
