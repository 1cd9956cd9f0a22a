import BearingPanel

/// Turns the rows of an export (from a file or handed over in memory) into a strict panel:
/// converts every cell (see `NumberReader`, `Cells`, `PeriodReader`), collects every error
/// with its location, and feeds good rows to `PanelBuilder`, whose cross-row checks (duplicate
/// rows, rows after churn) are the strict reader's own.
///
/// Owns the builder's unmanaged blocks: its owner calls `release()` exactly once.
struct ExportAssembler {
    let plan: ExportColumnPlan
    let fileName: String
    let names: [String]
    var builder: PanelBuilder
    /// The numeric features of the row being converted.
    private let featureValues: UnsafeMutableBufferPointer<Float>
    var periods: PeriodReader
    private let numbers: NumberReader
    private(set) var counts = ConversionCounts()
    private(set) var errors: ErrorCollector
    var levels: [StringInterner]
    var codes: [[Int32]]
    let openPeriod: Period?
    /// Segment index used when the source has no segment column.
    private var defaultSegment: Int32 = -1
    private(set) var rowsRead = 0
    let optionsUsed: [String: String]

    init(header: [String], headerLine: Int, options: ExportOptions, fileName: String) throws(ImportFailure) {
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
        builder = PanelBuilder(
            featureNames: plan.numericFeatures, hasCSM: plan.has(.csm), hasMilestone: plan.has(.milestone),
            hasMilestoneReached: plan.has(.milestoneReached), granularity: options.effectiveGrain, fileName: fileName,
            periodColumn: plan.periodColumn, periodColumnName: header[plan.periodColumn],
            hasContracts: plan.has(.contractTerm) || plan.has(.renewalDate))
        featureValues = .allocate(capacity: max(1, plan.numericFeatures.count))
        featureValues.initialize(repeating: .nan)
        periods = PeriodReader(granularity: options.effectiveGrain, dateFormat: options.effectiveDateFormat)
        numbers = NumberReader(decimalComma: options.effectiveDecimal == .comma)
        errors = ErrorCollector(limit: options.errorLimit, fileName: fileName, names: header)
        levels = plan.categoricals.map { _ in StringInterner() }
        codes = plan.categoricals.map { _ in [] }
        openPeriod = options.openPeriod
        var used: [String: String] = [
            "decimal": options.effectiveDecimal.rawValue, "date_format": options.effectiveDateFormat.pattern,
        ]
        if let grain = options.effectiveGrain { used["period_grain"] = grain.rawValue }
        if let open = options.openPeriod { used["open_period"] = open.label }
        optionsUsed = used
        if !plan.has(.segment) {
            var all = "all"
            defaultSegment = all.withUTF8 { builder.internSegment($0) } ?? 0
        }
    }

    mutating func release() {
        builder.release()
        featureValues.deallocate()
    }

    mutating func reserve(rows: Int) { builder.reserve(rows: rows) }

    /// Records a structural problem (field count, quotes) of a row that is skipped.
    mutating func problem(_ error: ImportError) {
        rowsRead += 1
        errors.add(error)
    }

    // MARK: Rows

    static let amountExpected = "a number >= 0 (currency signs, thousands separators and % are fine)"
    static let flagExpected = "1/0, yes/no, y/n or true/false (an empty churned cell means the outcome is unknown)"

    /// Converts and appends one data row (its field count already checked); a row with any
    /// bad cell is skipped after all its errors are recorded.
    mutating func add(_ row: ExportRow) {
        rowsRead += 1
        if !convert(row) {
            let before = errors.count
            diagnose(row)
            if errors.count == before {
                // The fast path and the diagnosis must agree; say so rather than lose the row.
                errors.add(
                    ImportError(
                        .invalidNumber, file: fileName, line: row.line, expected: "a row the importer can convert",
                        found: "a row it could not (please report this file)"))
            }
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

    /// The fast path: converts and commits a good row, or returns false at the first bad cell
    /// (nothing committed; `diagnose` then reports every problem of the row in column order).
    private mutating func convert(_ row: ExportRow) -> Bool {
        let at = plan.contract
        let featureColumns = plan.featureColumns
        for f in 0..<featureColumns.count {
            let cell = Cells.trim(row.cell(featureColumns[f]))
            if isMissing(cell) {
                featureValues[f] = .nan
                continue
            }
            var flags = NumberReader.Flags()
            if let value = numbers.float(cell, flags: &flags) {
                counts.count(flags)
                featureValues[f] = value
            } else {
                var mapped = false
                guard let flag = Cells.flag(cell, mapped: &mapped) else { return false }
                counts.booleansMapped += 1
                featureValues[f] = flag ? 1 : 0
            }
        }
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
        let customerCell = Cells.trim(row.cell(at.customer))
        if isMissing(customerCell) { return false }
        var segment = defaultSegment
        if at.segment >= 0 {
            let cell = Cells.trim(row.cell(at.segment))
            guard !isMissing(cell), let index = builder.internSegment(cell) else { return false }
            segment = index
        }
        var csm: Int32 = -1
        if at.csm >= 0 {
            let cell = Cells.trim(row.cell(at.csm))
            if !isMissing(cell) {
                guard let index = builder.internCSM(cell) else { return false }
                csm = index
            }
        }
        var milestone: Int32 = -1
        if at.milestone >= 0 {
            let cell = Cells.trim(row.cell(at.milestone))
            if !isMissing(cell) {
                guard let index = builder.internMilestone(cell) else { return false }
                milestone = index
            }
        }
        var rowCodes: [Int32] = []
        if !plan.categoricals.isEmpty {
            rowCodes.reserveCapacity(plan.categoricals.count)
            for (j, categorical) in plan.categoricals.enumerated() {
                let cell = Cells.trim(row.cell(categorical.column))
                if isMissing(cell) {
                    rowCodes.append(-1)
                } else {
                    guard let index = levels[j].intern(cell) else { return false }
                    rowCodes.append(index)
                }
            }
        }
        // The customer last: a row given up after interning a new customer would leave that
        // customer without rows.
        guard let customer = builder.internCustomer(customerCell) else { return false }
        if let openPeriod, period == openPeriod { churned = nil }
        do {
            try builder.commitRow(
                customer: customer, period: period, segment: segment, fit: fit, csm: csm, arr: arr, churned: churned,
                expansion: expansion, contraction: contraction, milestone: milestone, milestoneReached: reached,
                line: row.line, features: UnsafeBufferPointer(rebasing: featureValues[0..<featureColumns.count]),
                contractTerm: term, renewalDay: renewal)
        } catch {
            errors.add(ImportError(error))
            return true
        }
        for j in rowCodes.indices { codes[j].append(rowCodes[j]) }
        return true
    }

    /// The slow path for a bad row: every problem, in column order, with its location.
    private mutating func diagnose(_ row: ExportRow) {
        var bad = false
        var strings: [(cell: UnsafeBufferPointer<UInt8>, column: Int)] = []
        for (column, target) in plan.targets {
            let raw = row.cell(column)
            let cell = Cells.trim(raw)
            let missing = cell.isEmpty || (cell.count <= 4 && Cells.isMissingToken(cell))
            var flags = NumberReader.Flags()
            var mapped = false
            switch target {
            case .feature:
                if !missing, numbers.float(cell, flags: &flags) == nil, Cells.flag(cell, mapped: &mapped) == nil {
                    bad = true
                    errors.cell(.invalidNumber, row, column, expected: "a number, a boolean or an empty cell", found: cell)
                }
            case .arr, .expansion, .contraction:
                if missing {
                    bad = true
                    errors.cell(.emptyCell, row, column, expected: Self.amountExpected, found: raw)
                } else if let value = numbers.double(cell, flags: &flags) {
                    if value < 0 {
                        bad = true
                        let expected =
                            flags.contains(.accounting)
                            ? "a number >= 0 (parentheses mark an accounting negative)" : "a number >= 0"
                        errors.cell(.negativeAmount, row, column, expected: expected, found: cell)
                    }
                } else {
                    bad = true
                    errors.cell(.invalidNumber, row, column, expected: Self.amountExpected, found: cell)
                }
            case .customer, .segment:
                if missing {
                    bad = true
                    errors.cell(.emptyCell, row, column, expected: target == .customer ? "a customer id" : "a segment name", found: raw)
                } else {
                    strings.append((cell, column))
                }
            case .csm, .milestone, .categorical:
                if !missing { strings.append((cell, column)) }
            case .period:
                if missing {
                    bad = true
                    errors.cell(.emptyCell, row, column, expected: periods.expected, found: raw)
                    continue
                }
                switch periods.read(cell) {
                case .label, .regrained, .date: break
                case .wrongGranularity:
                    bad = true
                    errors.cell(.mixedGranularity, row, column, expected: periods.expected, found: cell)
                case .invalid:
                    bad = true
                    errors.cell(.invalidPeriod, row, column, expected: periods.expected, found: cell)
                }
            case .fit:
                if missing || Cells.fit(cell) == nil {
                    bad = true
                    errors.cell(missing ? .emptyCell : .invalidFit, row, column, expected: "good, stretch or bad", found: raw)
                }
            case .churned:
                if !missing, Cells.flag(cell, mapped: &mapped) == nil {
                    bad = true
                    errors.cell(.invalidFlag, row, column, expected: Self.flagExpected, found: cell)
                }
            case .milestoneReached:
                if !missing, Cells.flag(cell, mapped: &mapped) == nil {
                    bad = true
                    errors.cell(.invalidFlag, row, column, expected: "1/0, yes/no, y/n, true/false or empty", found: cell)
                }
            case .contractTerm:
                if !missing, Cells.contractTerm(cell, numbers: numbers, converted: &mapped) == nil {
                    bad = true
                    errors.cell(.invalidContract, row, column, expected: Cells.termExpected, found: cell)
                }
            case .renewalDate:
                if !missing, Cells.renewalDay(cell, format: periods.dateFormat, converted: &mapped) == nil {
                    bad = true
                    errors.cell(.invalidContract, row, column, expected: Cells.renewalExpected(periods.dateFormat), found: cell)
                }
            }
        }
        if bad { return }
        // Every cell converts: the text cells must be what failed. Checked without interning
        // (a customer interned without a row would break the builder's order).
        for (cell, column) in strings where String(validating: cell, as: UTF8.self) == nil {
            utf8Error(row, column, cell)
        }
    }

    private mutating func utf8Error(_ row: ExportRow, _ column: Int, _ cell: UnsafeBufferPointer<UInt8>) {
        errors.cell(.invalidUTF8, row, column, expected: "UTF-8 text", found: cell)
    }
}
