import BearingPanel

/// Turns the rows of an export (from a file or handed over in memory) into a strict panel:
/// converts every cell (see `NumberReader`, `Cells`, `PeriodReader`), collects every error
/// with its location, and hands good rows, in batches, to a `RowCommitter`, which interns their
/// text and feeds them to `PanelBuilder` (whose cross-row checks, duplicate rows and rows after
/// churn, are the strict reader's own).
///
/// A large import runs one assembler per run of rows, each on its own thread, and merges them
/// in file order (`absorb`, `ParallelExportImport`).
///
/// Owns the builder's unmanaged blocks: its owner calls `release()` exactly once.
struct ExportAssembler {
    let plan: ExportColumnPlan
    let fileName: String
    let names: [String]
    var periods: PeriodReader
    let numbers: NumberReader
    var counts = ConversionCounts()
    /// Errors of converting (and the scanner's structural problems), in file order.
    var errors: ErrorCollector
    let openPeriod: Period?
    var rowsRead = 0
    let optionsUsed: [String: String]
    let slots: TextSlots
    let worker: CommitWorker
    let diagnosis: RowDiagnosis
    /// The batch being converted into: amounts, periods, flags and text first, then the
    /// feature cells and the commit, a batch at a time while its bytes are still in cache.
    private var filling: ConvertedRows

    /// Rows per batch.
    static let batchRows = 1024

    init(
        header: [String], headerLine: Int, options: ExportOptions, fileName: String, settledPeriods: PeriodReader? = nil
    ) throws(ImportFailure) {
        let plan = try ExportColumnPlan(header: header, mapping: options.mapping, fileName: fileName, headerLine: headerLine)
        if let open = options.openPeriod, let grain = options.periodGrain ?? options.mapping?.periodGrain,
            open.granularity != grain
        {
            throw ImportFailure(
                ImportError(
                    .invalidOption, file: fileName, expected: "an open period of the \(grain) grain",
                    found: "\(open.label) (a \(open.granularity))"))
        }
        self.plan = plan
        self.fileName = fileName
        self.names = header
        let builder = PanelBuilder(
            featureNames: plan.numericFeatures, hasCSM: plan.has(.csm), hasMilestone: plan.has(.milestone),
            hasMilestoneReached: plan.has(.milestoneReached), granularity: options.effectiveGrain, fileName: fileName,
            periodColumn: plan.periodColumn, periodColumnName: header[plan.periodColumn],
            hasContracts: plan.has(.contractTerm) || plan.has(.renewalDate))
        let fresh = PeriodReader(granularity: options.effectiveGrain, dateFormat: options.effectiveDateFormat)
        periods = settledPeriods.map { fresh.settled(as: $0) } ?? fresh
        numbers = NumberReader(decimalComma: options.effectiveDecimal == .comma)
        errors = ErrorCollector(limit: options.errorLimit, fileName: fileName, names: header)
        openPeriod = options.openPeriod
        let committer = RowCommitter(
            builder: builder, plan: plan, diagnosis: RowDiagnosis(plan: plan, numbers: numbers), periods: periods,
            openPeriod: options.openPeriod, errors: ErrorCollector(limit: options.errorLimit, fileName: fileName, names: header),
            fileName: fileName)
        slots = committer.slots
        diagnosis = RowDiagnosis(plan: plan, numbers: numbers)
        worker = CommitWorker(committer)
        filling = ConvertedRows(
            capacity: Self.batchRows, featureCount: plan.featureColumns.count, textCount: slots.count, columnCount: header.count)
        var used: [String: String] = [
            "decimal": options.effectiveDecimal.rawValue, "date_format": options.effectiveDateFormat.pattern,
        ]
        if let grain = options.effectiveGrain { used["period_grain"] = grain.rawValue }
        if let open = options.openPeriod { used["open_period"] = open.label }
        optionsUsed = used
    }

    mutating func release() {
        worker.withCommitter { $0.release() }
    }

    mutating func reserve(rows: Int) {
        worker.withCommitter { $0.builder.reserve(rows: rows) }
    }

    /// Hands the converted rows to the committer and starts a new batch.
    mutating func submit() {
        guard filling.count > 0 else { return }
        worker.commit(filling)
        filling.clear()
    }

    /// Records a structural problem (field count, quotes) of a row that is skipped.
    mutating func problem(_ error: ImportError) {
        rowsRead += 1
        errors.add(error)
    }

    // MARK: Rows

    /// Converts and appends one data row (its field count already checked); a row with any
    /// bad cell is skipped after all its errors are recorded.
    mutating func add(_ row: ExportRow) {
        rowsRead += 1
        let mark = filling.mark
        if convert(row, into: filling) {
            filling.keep()
            if filling.isFull { submit() }
        } else {
            filling.rewind(to: mark)
            diagnosis.report(row, periods: &periods, errors: &errors)
        }
    }

    /// An empty cell or a missing-value token (counted).
    @inline(__always)
    private mutating func isMissing(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        if cell.isEmpty { return true }
        if cell.count <= 4, Cells.isMissingToken(cell) {
            counts.missingTokens += 1
            return true
        }
        return false
    }

    /// An amount ≥ 0 from column `column`, or nil when the cell is bad.
    @inline(__always)
    private mutating func amount(_ row: ExportRow, _ column: Int) -> Double? {
        let cell = Cells.trim(row.cell(column))
        if isMissing(cell) { return nil }
        var flags = NumberReader.Flags()
        guard let value = numbers.double(cell, flags: &flags), value >= 0 else { return nil }
        counts.count(flags)
        return value
    }

    /// The fast path: converts a good row into row `rows.next` of the batch, or returns false
    /// at the first bad cell (`diagnosis` then reports every problem of the row in column order).
    /// Feature cells are left to the committer, on the other thread.
    private mutating func convert(_ row: ExportRow, into rows: ConvertedRows) -> Bool {
        let at = plan.contract
        let r = rows.next
        // The feature cells are the committer's to convert (see `RowCommitter`).
        rows.copyRow(row, as: r)
        guard let arr = amount(row, at.arr) else { return false }
        var expansion = 0.0
        if at.expansion >= 0 {
            guard let value = amount(row, at.expansion) else { return false }
            expansion = value
        }
        var contraction = 0.0
        if at.contraction >= 0 {
            guard let value = amount(row, at.contraction) else { return false }
            contraction = value
        }
        let periodCell = Cells.trim(row.cell(at.period))
        if isMissing(periodCell) { return false }
        let period: Period
        switch periods.read(periodCell) {
        case .label(let p): period = p
        case .regrained(let p):
            period = p
            counts.monthsToQuarters += 1
        case .date(let p):
            period = p
            counts.datesToPeriods += 1
        case .wrongGranularity, .invalid: return false
        }
        var fit = Fit.good
        if at.fit >= 0 {
            let cell = Cells.trim(row.cell(at.fit))
            guard !isMissing(cell), let value = Cells.fit(cell) else { return false }
            fit = value
            if !Cells.isLowercase(cell) { counts.fitLabelsLowercased += 1 }
        }
        var churned: Bool? = nil
        let churnedCell = Cells.trim(row.cell(at.churned))
        if !isMissing(churnedCell) {
            var mapped = false
            guard let flag = Cells.flag(churnedCell, mapped: &mapped) else { return false }
            churned = flag
            if mapped { counts.booleansMapped += 1 }
        }
        var reached: Int8 = -1
        if at.milestoneReached >= 0 {
            let cell = Cells.trim(row.cell(at.milestoneReached))
            if !isMissing(cell) {
                var mapped = false
                guard let flag = Cells.flag(cell, mapped: &mapped) else { return false }
                reached = flag ? 1 : 0
                if mapped { counts.booleansMapped += 1 }
            }
        }
        var term: Int32 = -1
        if at.contractTerm >= 0 {
            let cell = Cells.trim(row.cell(at.contractTerm))
            if !isMissing(cell) {
                var converted = false
                guard let months = Cells.contractTerm(cell, numbers: numbers, converted: &converted) else { return false }
                term = months
                if converted { counts.contractTermsConverted += 1 }
            }
        }
        var renewal = ContractColumns.noDate
        if at.renewalDate >= 0 {
            let cell = Cells.trim(row.cell(at.renewalDate))
            if !isMissing(cell) {
                var converted = false
                guard let day = Cells.renewalDay(cell, format: periods.dateFormat, converted: &converted) else { return false }
                renewal = day
                if converted { counts.renewalDatesConverted += 1 }
            }
        }
        if at.segment >= 0 {
            let cell = Cells.trim(row.cell(at.segment))
            guard !isMissing(cell), Cells.isUTF8(cell) else { return false }
            rows.setText(row: r, slot: slots.segment, cell)
        }
        if at.csm >= 0 {
            guard text(row, at.csm, into: rows, row: r, slot: slots.csm) else { return false }
        }
        if at.milestone >= 0 {
            guard text(row, at.milestone, into: rows, row: r, slot: slots.milestone) else { return false }
        }
        for (j, categorical) in plan.categoricals.enumerated() {
            guard text(row, categorical.column, into: rows, row: r, slot: slots.categoricals + j) else { return false }
        }
        let customerCell = Cells.trim(row.cell(at.customer))
        guard !isMissing(customerCell), Cells.isUTF8(customerCell) else { return false }
        rows.setText(row: r, slot: slots.customer, customerCell)
        rows.arr[r] = arr
        rows.expansion[r] = expansion
        rows.contraction[r] = contraction
        rows.period[r] = period
        rows.fit[r] = fit
        rows.churned[r] = churned.map { $0 ? 1 : 0 } ?? -1
        rows.reached[r] = reached
        rows.term[r] = term
        rows.renewal[r] = renewal
        rows.line[r] = row.line
        return true
    }

    /// An optional text cell of column `column` into `slot` (missing allowed); false when it
    /// is not UTF-8.
    @inline(__always)
    private mutating func text(_ row: ExportRow, _ column: Int, into rows: ConvertedRows, row r: Int, slot: Int) -> Bool {
        let cell = Cells.trim(row.cell(column))
        if isMissing(cell) {
            rows.setText(row: r, slot: slot, nil)
            return true
        }
        guard Cells.isUTF8(cell) else { return false }
        rows.setText(row: r, slot: slot, cell)
        return true
    }
}
