@_spi(Scanning) import BearingPanel

/// The slow path for a bad row: every problem, in column order, with its location. Run by
/// the assembler that found the row bad, with its period reader and error collector.
struct RowDiagnosis {
    let plan: ExportColumnPlan
    let numbers: NumberReader

    static let amountExpected = "a number >= 0 (currency signs, thousands separators and % are fine)"
    static let flagExpected = "1/0, yes/no, y/n or true/false (an empty churned cell means the outcome is unknown)"

    /// Records every problem of `row`; adds a note when none is found, since the fast path
    /// and the diagnosis must agree (the row is reported rather than lost).
    func report(_ row: ExportRow, periods: inout PeriodReader, errors: inout ErrorCollector) {
        let before = errors.count
        diagnose(row, periods: &periods, errors: &errors)
        if errors.count == before {
            let file = errors.fileName
            errors.add(
                ImportError(
                    .invalidNumber, file: file, line: row.line, expected: "a row the importer can convert",
                    found: "a row it could not (please report this file)"))
        }
    }

    private func diagnose(_ row: ExportRow, periods: inout PeriodReader, errors: inout ErrorCollector) {
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
            errors.cell(.invalidUTF8, row, column, expected: "UTF-8 text", found: cell)
        }
    }
}
