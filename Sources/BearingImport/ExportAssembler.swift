@_spi(Scanning) import BearingPanel

/// Turns the rows of an export (from a file or handed over in memory) into a strict panel:
/// converts every cell (see `NumberReader`, `Cells`, `PeriodReader`), collects every error
/// with its location, and hands each good row, while its bytes are still in cache, to a
/// `RowCommitter`, which interns its text and feeds it to `PanelBuilder` (whose cross-row
/// checks, duplicate rows and rows after churn, are the strict reader's own).
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
    var committer: RowCommitter
    let diagnosis: RowDiagnosis
    /// The feature values of the row being converted (in `plan.featureColumns` order).
    private let features: UnsafeMutableBufferPointer<Float>
    /// The categorical cells of the row being converted (nil: missing).
    private var categoricalCells: [UnsafeBufferPointer<UInt8>?]

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
        committer = RowCommitter(
            builder: builder, plan: plan, openPeriod: options.openPeriod,
            errors: ErrorCollector(limit: options.errorLimit, fileName: fileName, names: header))
        diagnosis = RowDiagnosis(plan: plan, numbers: numbers)
        features = .allocate(capacity: max(1, plan.featureColumns.count))
        categoricalCells = Array(repeating: nil, count: plan.categoricals.count)
        var used: [String: String] = [
            "decimal": options.effectiveDecimal.rawValue, "date_format": options.effectiveDateFormat.pattern,
        ]
        if let grain = options.effectiveGrain { used["period_grain"] = grain.rawValue }
        if let open = options.openPeriod { used["open_period"] = open.label }
        optionsUsed = used
    }

    mutating func release() {
        committer.release()
        features.deallocate()
    }

    mutating func reserve(rows: Int) {
        committer.builder.reserve(rows: rows)
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
        guard let converted = convert(row), convertFeatures(row) else {
            diagnosis.report(row, periods: &periods, errors: &errors)
            return
        }
        committer.commit(converted, categoricals: categoricalCells, features: UnsafeBufferPointer(features))
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

    /// The fast path: the contract cells of a good row, or nil at the first bad cell
    /// (`diagnosis` then reports every problem of the row in column order).
    private mutating func convert(_ row: ExportRow) -> ConvertedRow? {
        let at = plan.contract
        guard let arr = amount(row, at.arr) else { return nil }
        var expansion = 0.0
        if at.expansion >= 0 {
            guard let value = amount(row, at.expansion) else { return nil }
            expansion = value
        }
        var contraction = 0.0
        if at.contraction >= 0 {
            guard let value = amount(row, at.contraction) else { return nil }
            contraction = value
        }
        let periodCell = Cells.trim(row.cell(at.period))
        if isMissing(periodCell) { return nil }
        let period: Period
        switch periods.read(periodCell) {
        case .label(let p): period = p
        case .regrained(let p):
            period = p
            counts.monthsToQuarters += 1
        case .date(let p):
            period = p
            counts.datesToPeriods += 1
        case .wrongGranularity, .invalid: return nil
        }
        let customerCell = Cells.trim(row.cell(at.customer))
        guard !isMissing(customerCell), Cells.isUTF8(customerCell) else { return nil }
        var converted = ConvertedRow(period: period, line: row.line, customer: customerCell)
        converted.arr = arr
        converted.expansion = expansion
        converted.contraction = contraction
        if at.fit >= 0 {
            let cell = Cells.trim(row.cell(at.fit))
            guard !isMissing(cell), let value = Cells.fit(cell) else { return nil }
            converted.fit = value
            if !Cells.isLowercase(cell) { counts.fitLabelsLowercased += 1 }
        }
        guard let churned = flag(row, at.churned) else { return nil }
        converted.churned = churned < 0 ? nil : churned == 1
        if at.milestoneReached >= 0 {
            guard let reached = flag(row, at.milestoneReached) else { return nil }
            converted.reached = reached
        }
        if at.contractTerm >= 0 {
            let cell = Cells.trim(row.cell(at.contractTerm))
            if !isMissing(cell) {
                var changed = false
                guard let months = Cells.contractTerm(cell, numbers: numbers, converted: &changed) else { return nil }
                converted.term = months
                if changed { counts.contractTermsConverted += 1 }
            }
        }
        if at.renewalDate >= 0 {
            let cell = Cells.trim(row.cell(at.renewalDate))
            if !isMissing(cell) {
                var changed = false
                guard let day = Cells.renewalDay(cell, format: periods.dateFormat, converted: &changed) else { return nil }
                converted.renewal = day
                if changed { counts.renewalDatesConverted += 1 }
            }
        }
        if at.segment >= 0 {
            let cell = Cells.trim(row.cell(at.segment))
            guard !isMissing(cell), Cells.isUTF8(cell) else { return nil }
            converted.segment = cell
        }
        if at.csm >= 0 {
            guard text(row, at.csm, into: &converted.csm) else { return nil }
        }
        if at.milestone >= 0 {
            guard text(row, at.milestone, into: &converted.milestone) else { return nil }
        }
        for (j, categorical) in plan.categoricals.enumerated() {
            var cell: UnsafeBufferPointer<UInt8>?
            guard text(row, categorical.column, into: &cell) else { return nil }
            categoricalCells[j] = cell
        }
        return converted
    }

    /// A flag cell: 1 or 0, -1 when missing, nil when it is not a flag.
    @inline(__always)
    private mutating func flag(_ row: ExportRow, _ column: Int) -> Int8? {
        let cell = Cells.trim(row.cell(column))
        if isMissing(cell) { return -1 }
        var mapped = false
        guard let value = Cells.flag(cell, mapped: &mapped) else { return nil }
        if mapped { counts.booleansMapped += 1 }
        return value ? 1 : 0
    }

    /// Converts the feature cells of `row` into `features`; false at the first bad one.
    @inline(__always)
    private mutating func convertFeatures(_ row: ExportRow) -> Bool {
        let columns = plan.featureColumns
        for f in 0..<columns.count {
            let cell = Cells.trim(row.cell(columns[f]))
            // A number first: no missing-value token reads as one, and most cells are numbers.
            var flags = NumberReader.Flags()
            if !cell.isEmpty, let value = numbers.float(cell, flags: &flags) {
                counts.count(flags)
                features[f] = value
            } else if isMissing(cell) {
                features[f] = .nan
            } else {
                var mapped = false
                guard let flag = Cells.flag(cell, mapped: &mapped) else { return false }
                counts.booleansMapped += 1
                features[f] = flag ? 1 : 0
            }
        }
        return true
    }

    /// An optional text cell of column `column` into `slot` (nil when missing); false when it
    /// is not UTF-8.
    @inline(__always)
    private mutating func text(_ row: ExportRow, _ column: Int, into slot: inout UnsafeBufferPointer<UInt8>?) -> Bool {
        let cell = Cells.trim(row.cell(column))
        if isMissing(cell) {
            slot = nil
            return true
        }
        guard Cells.isUTF8(cell) else { return false }
        slot = cell
        return true
    }
}
