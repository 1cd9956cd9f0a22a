import _BearingText

// MARK: Scanning rows (shared by the streaming and the in-memory parse)

extension HistoryCSVReader {
    typealias RowScan = CSVRowScanner.Outcome

    /// Scans the rows of `buffer[start..<end]` into `builder` (the first row becomes the
    /// header when `builder` is nil), stopping at the end or at a row that continues past
    /// `end` (then `start` is that row's first byte and more bytes are needed). With
    /// `headerOnly` it stops right after the header. Throws the first problem found.
    static func scanRows(
        _ buffer: UnsafePointer<UInt8>, start: inout Int, end: Int, eof: Bool, line: inout Int,
        fields: inout CSVFieldList, scratch: inout RowScratch, builder: inout PanelBuilder?, fileName: String,
        headerOnly: Bool = false
    ) throws(PanelError) {
        let columnCount = builder?.names.count
        while start < end {
            if columnCount != nil, let next = try builder?.addPlainRow(buffer, from: start, end: end, line: line) {
                start = next
                line += 1
                continue
            }
            let scan = scanRow(buffer, from: start, to: end, eof: eof, fieldLimit: columnCount ?? Int.max, fields: &fields)
            switch scan {
            case .needMore:
                return
            case .blank(let next):
                start = next
                line += 1
            case .row(let next, let newlines):
                scratch.reserve(next - start)
                let row = CSVRow(
                    base: buffer, fields: UnsafeBufferPointer(fields.fields), rowStart: start, line: line,
                    scratch: scratch.base)
                if let columns = columnCount {
                    if row.count != columns {
                        throw fieldCountError(row, names: builder?.names ?? [], fileName: fileName)
                    }
                    try builder?.addRow(row)
                    line += 1 + newlines
                    start = next
                } else {
                    builder = try header(row, fileName: fileName)
                    line += 1 + newlines
                    start = next
                    if headerOnly { return }
                    // Data rows follow: rescan with the header's field count as the limit.
                    try scanRows(
                        buffer, start: &start, end: end, eof: eof, line: &line, fields: &fields, scratch: &scratch,
                        builder: &builder, fileName: fileName)
                    return
                }
            case .tooManyFields(let fieldStart):
                let count = builder?.names.count ?? 0
                throw PanelError(
                    .fieldCount, file: fileName,
                    line: line + CSVRow.newlines(buffer, from: start, to: fieldStart),
                    column: count + 1,
                    expected: "\(count) fields as in the header",
                    found: "more fields (a comma after the last column?)")
            case .malformedQuote(let k, let fieldStart, let at):
                let quoted = buffer[fieldStart] == UInt8(ascii: "\"")
                throw PanelError(
                    .malformedQuote, file: fileName,
                    line: line + CSVRow.newlines(buffer, from: start, to: fieldStart),
                    column: k + 1, columnName: builder?.names[k],
                    expected: quoted
                        ? "a comma or line end after the closing quote (double a quote inside quotes)"
                        : "no quote inside an unquoted field (quote the whole field, double inner quotes)",
                    found: PanelError.quoted(
                        UnsafeBufferPointer(start: buffer + fieldStart, count: min(end, at + 1) - fieldStart)))
            case .unterminatedQuote(let k, let fieldStart):
                throw PanelError(
                    .unterminatedQuote, file: fileName,
                    line: line + CSVRow.newlines(buffer, from: start, to: fieldStart),
                    column: k + 1, columnName: builder?.names[k],
                    expected: "a closing quote for the field opened here",
                    found: "the end of the file")
            }
        }
    }

    /// A row that ended before the last column (too many fields stop the scan earlier).
    static func fieldCountError(_ row: CSVRow, names: [String], fileName: String) -> PanelError {
        let lastLine =
            row.line(ofField: row.count - 1)
            + CSVRow.newlines(
                row.base, from: row.fields[row.count - 1].start, to: row.fields[row.count - 1].end)
        return PanelError(
            .fieldCount, file: fileName, line: lastLine, column: row.count + 1,
            columnName: row.count < names.count ? names[row.count] : nil,
            expected: "\(names.count) fields as in the header",
            found: "the row ends after \(row.count) field\(row.count == 1 ? "" : "s")")
    }

    static func header(_ row: CSVRow, fileName: String) throws(PanelError) -> PanelBuilder {
        var names: [String] = []
        for k in 0..<row.count {
            let bytes = row.cell(k)
            guard let name = String(validating: bytes, as: UTF8.self) else {
                throw PanelError(
                    .invalidUTF8, file: fileName, line: row.line(ofField: k), column: k + 1,
                    expected: "UTF-8 text in the header", found: PanelError.quoted(bytes))
            }
            names.append(name)
        }
        return try PanelBuilder(header: names, fileName: fileName, line: row.line)
    }

    /// The fields of the row starting at `from`, at most `fieldLimit` of them.
    static func scanRow(
        _ buffer: UnsafePointer<UInt8>, from: Int, to end: Int, eof: Bool, fieldLimit: Int,
        fields: inout CSVFieldList
    ) -> RowScan {
        CSVRowScanner.scanRow(
            buffer, from: from, to: end, eof: eof, delimiter: UInt8(ascii: ","), fieldLimit: fieldLimit, fields: &fields)
    }
}
