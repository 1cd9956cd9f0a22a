import _BearingText

// MARK: Scanning rows (shared by the streaming and the in-memory parse)

extension HistoryCSVReader {
    enum RowScan {
        /// A row ends just before `next`; it held `newlines` embedded newlines.
        case row(next: Int, newlines: Int)
        /// An empty line ending just before `next`.
        case blank(next: Int)
        /// The row continues past the bytes in the buffer.
        case needMore
        case tooManyFields(fieldStart: Int)
        case malformedQuote(fieldIndex: Int, fieldStart: Int, at: Int)
        case unterminatedQuote(fieldIndex: Int, fieldStart: Int)
    }

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

    /// First index at or after `from` whose byte is below 0x2D (`,` `"` CR LF and a few
    /// other ASCII punctuation/control bytes), or `end`. Eight bytes at a time: a byte b
    /// is below 0x2D iff `b - 0x2D` borrows while b's top bit is clear; the lowest flagged
    /// byte of the word is exact (borrows only propagate upwards).
    @inline(__always)
    static func skipOrdinaryBytes(_ buffer: UnsafePointer<UInt8>, from: Int, to end: Int) -> Int {
        var p = from
        #if _endian(little)
            while p + 8 <= end {
                let word = UnsafeRawPointer(buffer + p).loadUnaligned(as: UInt64.self)
                let flagged = (word &- 0x2D2D_2D2D_2D2D_2D2D) & ~word & 0x8080_8080_8080_8080
                if flagged != 0 { return p + flagged.trailingZeroBitCount >> 3 }
                p += 8
            }
        #endif
        while p < end, buffer[p] > UInt8(ascii: ",") { p += 1 }
        return p
    }

    /// Finds the fields of the row starting at `from`. Scanning restarts from the row start
    /// when more bytes arrive, so nothing here mutates state outside `fields`.
    static func scanRow(
        _ buffer: UnsafePointer<UInt8>, from: Int, to end: Int, eof: Bool, fieldLimit: Int,
        fields: inout CSVFieldList
    ) -> RowScan {
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        fields.removeAll()
        var p = from
        // Blank line.
        if buffer[p] == lf { return .blank(next: p + 1) }
        if buffer[p] == cr {
            if p + 1 < end { return .blank(next: buffer[p + 1] == lf ? p + 2 : p + 1) }
            return eof ? .blank(next: p + 1) : .needMore
        }
        var newlines = 0
        while true {
            if fields.count == fieldLimit { return .tooManyFields(fieldStart: p) }
            let fieldStart = p
            var terminator: UInt8
            if p < end, buffer[p] == quote {
                var escaped = false
                var q = p + 1
                while true {
                    while q < end, buffer[q] != quote {
                        if buffer[q] == lf { newlines += 1 }
                        q += 1
                    }
                    if q >= end {
                        return eof ? .unterminatedQuote(fieldIndex: fields.count, fieldStart: fieldStart) : .needMore
                    }
                    // buffer[q] is a quote: doubled (escaped) or closing.
                    if q + 1 >= end {
                        if !eof { return .needMore }
                        fields.append(CSVField(start: p + 1, end: q, escaped: escaped))
                        return .row(next: q + 1, newlines: newlines)
                    }
                    if buffer[q + 1] == quote {
                        escaped = true
                        q += 2
                        continue
                    }
                    break
                }
                fields.append(CSVField(start: p + 1, end: q, escaped: escaped))
                terminator = buffer[q + 1]
                p = q + 1
                if terminator != comma, terminator != lf, terminator != cr {
                    return .malformedQuote(fieldIndex: fields.count - 1, fieldStart: fieldStart, at: p)
                }
            } else {
                while p < end {
                    p = Self.skipOrdinaryBytes(buffer, from: p, to: end)
                    guard p < end else { break }
                    let b = buffer[p]
                    if b == comma || b == lf || b == cr { break }
                    if b == quote { return .malformedQuote(fieldIndex: fields.count, fieldStart: fieldStart, at: p) }
                    p += 1
                }
                if p >= end {
                    if !eof { return .needMore }
                    fields.append(CSVField(start: fieldStart, end: p, escaped: false))
                    return .row(next: p, newlines: newlines)
                }
                fields.append(CSVField(start: fieldStart, end: p, escaped: false))
                terminator = buffer[p]
            }
            // buffer[p] is the terminator.
            if terminator == comma {
                p += 1
                if p >= end, !eof { return .needMore }
                continue
            }
            if terminator == lf { return .row(next: p + 1, newlines: newlines) }
            // CR: CRLF or a lone CR.
            if p + 1 < end { return .row(next: buffer[p + 1] == lf ? p + 2 : p + 1, newlines: newlines) }
            return eof ? .row(next: p + 1, newlines: newlines) : .needMore
        }
    }
}
