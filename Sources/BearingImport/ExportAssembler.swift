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
    private var builder: PanelBuilder
    /// The numeric features of the row being converted.
    private let featureValues: UnsafeMutableBufferPointer<Float>
    private var periods: PeriodReader
    private let numbers: NumberReader
    private(set) var counts = ConversionCounts()
    private(set) var errors: ErrorCollector
    private var levels: [StringInterner]
    private var codes: [[Int32]]
    private let openPeriod: Period?
    /// Segment index used when the source has no segment column.
    private var defaultSegment: Int32 = -1
    private(set) var rowsRead = 0
    private let optionsUsed: [String: String]

    init(header: [String], headerLine: Int, options: ExportOptions, fileName: String) throws(ImportFailure) {
        let plan = try ExportColumnPlan(header: header, mapping: options.mapping, fileName: fileName, headerLine: headerLine)
        if let open = options.openPeriod, let grain = options.periodGrain ?? options.mapping?.periodGrain,
            open.granularity != grain
        {
            throw ImportFailure(ImportError(
                .invalidOption, file: fileName, expected: "an open period of the \(grain) grain",
                found: "\(open.label) (a \(open.granularity))"))
        }
        self.plan = plan
        self.fileName = fileName
        self.names = header
        builder = PanelBuilder(
            featureNames: plan.numericFeatures, hasCSM: plan.has(.csm), hasMilestone: plan.has(.milestone),
            hasMilestoneReached: plan.has(.milestoneReached), granularity: options.effectiveGrain, fileName: fileName,
            periodColumn: plan.periodColumn, periodColumnName: header[plan.periodColumn])
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
        var bad = false
        var customerCell = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        var customerColumn = 0
        var segmentCell: UnsafeBufferPointer<UInt8>?
        var segmentColumn = 0
        var csmCell: UnsafeBufferPointer<UInt8>?
        var csmColumn = 0
        var milestoneCell: UnsafeBufferPointer<UInt8>?
        var milestoneColumn = 0
        var period = Period(granularity: .quarter, ordinal: 0)
        var fit = Fit.good
        var arr = 0.0
        var churned: Bool? = false
        var expansion = 0.0
        var contraction = 0.0
        var reached: Int8 = -1
        var lastColumn = -1
        var raw = UnsafeBufferPointer<UInt8>(start: nil, count: 0)

        for (column, target) in plan.targets {
            // A column mapped twice is read once (collapsing quotes twice would corrupt it).
            if column != lastColumn {
                raw = row.cell(column)
                lastColumn = column
            }
            let cell = Cells.trim(raw)
            var missing = cell.isEmpty
            if !missing, cell.count <= 4, Cells.isMissingToken(cell) {
                missing = true
                counts.missingTokens += 1
            }
            switch target {
            case .feature(let f):
                if missing {
                    featureValues[f] = .nan
                    continue
                }
                var flags = NumberReader.Flags()
                if let value = numbers.float(cell, flags: &flags) {
                    counts.count(flags)
                    featureValues[f] = value
                } else {
                    var mapped = false
                    if let flag = Cells.flag(cell, mapped: &mapped) {
                        counts.booleansMapped += 1
                        featureValues[f] = flag ? 1 : 0
                    } else {
                        bad = true
                        errors.cell(.invalidNumber, row, column, expected: "a number, a boolean or an empty cell", found: cell)
                    }
                }
            case .arr, .expansion, .contraction:
                if missing {
                    bad = true
                    errors.cell(.emptyCell, row, column, expected: Self.amountExpected, found: raw)
                    continue
                }
                var flags = NumberReader.Flags()
                guard let value = numbers.double(cell, flags: &flags) else {
                    bad = true
                    errors.cell(.invalidNumber, row, column, expected: Self.amountExpected, found: cell)
                    continue
                }
                if value < 0 {
                    bad = true
                    let expected = flags.contains(.accounting)
                        ? "a number >= 0 (parentheses mark an accounting negative)" : "a number >= 0"
                    errors.cell(.negativeAmount, row, column, expected: expected, found: cell)
                    continue
                }
                counts.count(flags)
                switch target {
                case .arr: arr = value
                case .expansion: expansion = value
                default: contraction = value
                }
            case .customer:
                if missing {
                    bad = true
                    errors.cell(.emptyCell, row, column, expected: "a customer id", found: raw)
                } else {
                    customerCell = cell
                    customerColumn = column
                }
            case .period:
                if missing {
                    bad = true
                    errors.cell(.emptyCell, row, column, expected: periods.expected, found: raw)
                    continue
                }
                switch periods.read(cell) {
                case .label(let p): period = p
                case .regrained(let p):
                    period = p
                    counts.monthsToQuarters += 1
                case .date(let p):
                    period = p
                    counts.datesToPeriods += 1
                case .wrongGranularity:
                    bad = true
                    errors.cell(.mixedGranularity, row, column, expected: periods.expected, found: cell)
                case .invalid:
                    bad = true
                    errors.cell(.invalidPeriod, row, column, expected: periods.expected, found: cell)
                }
            case .segment:
                if missing {
                    bad = true
                    errors.cell(.emptyCell, row, column, expected: "a segment name", found: raw)
                } else {
                    segmentCell = cell
                    segmentColumn = column
                }
            case .fit:
                if !missing, let value = Cells.fit(cell) {
                    fit = value
                    if !Cells.isLowercase(cell) { counts.fitLabelsLowercased += 1 }
                } else {
                    bad = true
                    errors.cell(missing ? .emptyCell : .invalidFit, row, column, expected: "good, stretch or bad", found: raw)
                }
            case .csm:
                if !missing {
                    csmCell = cell
                    csmColumn = column
                }
            case .churned:
                if missing {
                    churned = nil
                    continue
                }
                var mapped = false
                if let flag = Cells.flag(cell, mapped: &mapped) {
                    churned = flag
                    if mapped { counts.booleansMapped += 1 }
                } else {
                    bad = true
                    errors.cell(.invalidFlag, row, column, expected: Self.flagExpected, found: cell)
                }
            case .milestone:
                if !missing {
                    milestoneCell = cell
                    milestoneColumn = column
                }
            case .milestoneReached:
                if missing { continue }
                var mapped = false
                if let flag = Cells.flag(cell, mapped: &mapped) {
                    reached = flag ? 1 : 0
                    if mapped { counts.booleansMapped += 1 }
                } else {
                    bad = true
                    errors.cell(.invalidFlag, row, column, expected: "1/0, yes/no, y/n, true/false or empty", found: cell)
                }
            case .categorical:
                // Level text is interned below, once the whole row is good.
                break
            }
        }
        if bad { return }

        // Strings last, the customer very last: a row skipped after interning a new customer
        // would leave that customer without rows.
        var segment = defaultSegment
        if let cell = segmentCell {
            guard let index = builder.internSegment(cell) else { return utf8Error(row, segmentColumn, cell) }
            segment = index
        }
        var csm: Int32 = -1
        if let cell = csmCell {
            guard let index = builder.internCSM(cell) else { return utf8Error(row, csmColumn, cell) }
            csm = index
        }
        var milestone: Int32 = -1
        if let cell = milestoneCell {
            guard let index = builder.internMilestone(cell) else { return utf8Error(row, milestoneColumn, cell) }
            milestone = index
        }
        var rowCodes: [Int32] = []
        if !plan.categoricals.isEmpty {
            rowCodes.reserveCapacity(plan.categoricals.count)
            for (j, categorical) in plan.categoricals.enumerated() {
                let cell = Cells.trim(row.cell(categorical.column))
                if cell.isEmpty || cell.count <= 4 && Cells.isMissingToken(cell) {
                    rowCodes.append(-1)
                } else {
                    guard let index = levels[j].intern(cell) else { return utf8Error(row, categorical.column, cell) }
                    rowCodes.append(index)
                }
            }
        }
        guard let customer = builder.internCustomer(customerCell) else {
            return utf8Error(row, customerColumn, customerCell)
        }
        if let openPeriod, period == openPeriod { churned = nil }
        do {
            try builder.commitRow(
                customer: customer, period: period, segment: segment, fit: fit, csm: csm, arr: arr, churned: churned,
                expansion: expansion, contraction: contraction, milestone: milestone, milestoneReached: reached,
                line: row.line, features: UnsafeBufferPointer(rebasing: featureValues[0..<plan.numericFeatures.count]))
        } catch {
            errors.add(ImportError(error))
            return
        }
        for j in rowCodes.indices { codes[j].append(rowCodes[j]) }
    }

    private mutating func utf8Error(_ row: ExportRow, _ column: Int, _ cell: UnsafeBufferPointer<UInt8>) {
        errors.cell(.invalidUTF8, row, column, expected: "UTF-8 text", found: cell)
    }

    // MARK: Finish

    /// The panel and its record, or every error found.
    mutating func finish(sources: [ImportRecord.Source], kind: String) throws(ImportFailure) -> ImportResult {
        var collected = errors
        if let openPeriod, let grain = periods.granularity, grain != openPeriod.granularity {
            collected.add(ImportError(
                .invalidOption, file: fileName, expected: "an open period of the \(grain) grain the periods have",
                found: "\(openPeriod.label) (a \(openPeriod.granularity))"))
        }
        builder.granularity = periods.granularity
        let result = builder.finishCollecting(bytesRead: sources.first?.bytes ?? 0, errorLimit: collected.limit)
        collected.add(result.errors.map(ImportError.init), total: result.errorCount)
        if collected.isEmpty, result.panel.rowCount == 0 {
            collected.add(ImportError(
                .noRows, file: fileName, expected: "at least one data row after the header", found: "only a header"))
        }
        guard collected.isEmpty else { throw collected.failure }

        var panel = result.panel
        // Features in mapping (or header) order, categorical columns expanded in place.
        let numeric = panel.features
        var features: [FeatureColumn] = []
        var categoricalRecords: [ImportRecord.CategoricalColumn] = []
        for slot in plan.layout {
            switch slot {
            case .numeric(let i):
                features.append(numeric[i])
            case .categorical(let j):
                let names = levels[j].strings
                let order = names.indices.sorted { names[$0] < names[$1] }
                var featureNames: [String] = []
                for level in order {
                    let name = "\(plan.categoricals[j].name)=\(names[level])"
                    featureNames.append(name)
                    let values = codes[j].map { $0 < 0 ? Float.nan : ($0 == Int32(level) ? 1 : 0) }
                    features.append(FeatureColumn(name: name, group: .attribute, values: values))
                }
                categoricalRecords.append(.init(
                    column: plan.categoricals[j].name, levels: order.map { names[$0] }, featureColumns: featureNames))
            }
        }
        panel.features = features

        var record = ImportRecord(kind: kind)
        record.sources = sources
        record.options = optionsUsed
        if let grain = periods.granularity { record.options["period_grain"] = grain.rawValue }
        if periods.defaultedGrain { record.options["period_grain_defaulted"] = "true" }
        record.columns = plan.columns
        for slot in plan.layout {
            if case .categorical(let j) = slot, let at = record.columns.firstIndex(where: { $0.panelColumn == plan.categoricals[j].name }) {
                let source = record.columns[at]
                let expanded = (categoricalRecords.first { $0.column == plan.categoricals[j].name }?.featureColumns ?? []).map {
                    ImportRecord.ColumnSource(panelColumn: $0, sourceHeader: source.sourceHeader, sourceColumn: source.sourceColumn, how: "categorical")
                }
                record.columns.replaceSubrange(at...at, with: expanded)
            }
        }
        record.rowsRead = rowsRead
        record.rowsWritten = panel.rowCount
        record.customers = panel.customerIDs.count
        let distinct = panel.distinctPeriods
        record.firstPeriod = distinct.first
        record.lastPeriod = distinct.last
        record.unknownOutcomeRows = panel.unknownOutcomeCount
        var counts = self.counts
        counts.defaultsFilled = plan.defaulted.count * panel.rowCount
        record.conversions = counts
        record.columnsIgnored = plan.ignored
        record.defaulted = plan.defaulted.map { .init(column: $0.column, value: $0.value, rows: panel.rowCount) }
        record.categorical = categoricalRecords

        var notices: [String] = []
        if !plan.ignored.isEmpty {
            notices.append("ignored \(plan.ignored.count) column\(plan.ignored.count == 1 ? "" : "s"): "
                + plan.ignored.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        for d in plan.defaulted {
            notices.append("no \(d.column) column: every row gets \(d.column) = \(d.value)")
        }
        if periods.defaultedGrain { notices.append("dates placed in quarters (give --period-grain month for months)") }
        if record.unknownOutcomeRows > 0 {
            notices.append("\(record.unknownOutcomeRows) row\(record.unknownOutcomeRows == 1 ? "" : "s") with an unknown outcome (scored, never trained or tested on)")
        }
        return ImportResult(panel: panel, record: record, notices: notices)
    }
}
