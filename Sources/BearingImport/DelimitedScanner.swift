@_spi(Scanning) import BearingPanel
import Foundation

/// Streams a delimited text file (RFC 4180 quoting with a chosen or detected delimiter) into
/// rows for an `ExportRowHandler`, hashing every byte read with SHA-256 on the way (on a
/// second thread, `ChunkHasher`).
///
/// Read in chunks into one reused buffer (only an unfinished row is carried over); fields are
/// found eight bytes at a time. Accepted: a UTF-8 byte order mark; CRLF, LF or lone CR line
/// ends; quoted fields with doubled quotes, delimiters and newlines; blank lines (skipped);
/// with or without a final newline. Structural problems do not stop the scan: a row with the
/// wrong number of fields or a stray quote is reported and skipped (a stray quote skips to
/// the end of its physical line), so one pass finds every such row.
enum DelimitedScanner {
    struct Outcome {
        var bytes: Int
        var delimiter: UInt8
        /// Data rows seen (good or not).
        var dataRows: Int
        var sawHeader: Bool
    }

    private enum RowScan {
        case row(next: Int, newlines: Int)
        case blank(next: Int)
        case needMore
        case malformedQuote(fieldIndex: Int, fieldStart: Int, at: Int)
        case unterminatedQuote(fieldIndex: Int, fieldStart: Int)
    }

    static func scan<Handler: ExportRowHandler>(
        fileName: String, delimiter given: UInt8?, chunkSize: Int, sizeHint: Int? = nil, hasher: ChunkHasher,
        handler: inout Handler,
        source: (UnsafeMutableRawBufferPointer) throws(ImportError) -> Int
    ) throws(ImportFailure) -> Outcome {
        let chunkSize = max(1, chunkSize)
        var buffer = CarryBuffer(chunkSize: chunkSize)
        defer { buffer.release() }
        var eof = false
        var bomChecked = false
        var delimiter = given
        var state = ScanState()
        defer { state.release() }
        var estimated = false

        while true {
            if bomChecked, delimiter == nil {
                delimiter = detect(buffer.base, from: buffer.start, to: buffer.end, eof: eof)
            }
            if bomChecked, let delimiter {
                try scanRows(
                    buffer.base, start: &buffer.start, end: buffer.end, eof: eof, delimiter: delimiter, state: &state,
                    fileName: fileName, handler: &handler)
            }
            if eof { break }
            if !estimated, let size = sizeHint, state.dataRows >= 16 {
                estimated = true
                let bytesPerRow = Double(buffer.discarded + buffer.start) / Double(state.dataRows + 1)
                handler.estimate(rows: Int(Double(size) / bytesPerRow * 1.02) + 64)
            }

            let room = buffer.room(for: chunkSize)
            let n: Int
            do {
                n = try source(room)
            } catch {
                throw ImportFailure(error)
            }
            if n == 0 {
                eof = true
            } else {
                hasher.update(UnsafeRawBufferPointer(rebasing: room[0..<n]))
                buffer.appended(n)
            }
            if !bomChecked, buffer.end >= 3 || eof {
                bomChecked = true
                let b = buffer.base
                if buffer.end >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { buffer.start = 3 }
            }
        }
        return Outcome(
            bytes: buffer.bytesRead, delimiter: delimiter ?? UInt8(ascii: ","), dataRows: state.dataRows,
            sawHeader: state.columnCount != nil)
    }

    /// Scans whole rows of `buffer[start..<end]` for `handler`: the first row is the header
    /// when `state.columnCount` is nil (and with `headerOnly` the scan stops after it). Stops
    /// early at a row that may continue past `end` unless `eof`; `start` is then where it begins.
    static func scanRows<Handler: ExportRowHandler>(
        _ buffer: UnsafePointer<UInt8>, start: inout Int, end: Int, eof: Bool, delimiter: UInt8, state: inout ScanState,
        fileName: String, headerOnly: Bool = false, handler: inout Handler
    ) throws(ImportFailure) {
        scanning: while start < end {
            switch scanRow(buffer, from: start, to: end, eof: eof, delimiter: delimiter, fields: &state.fields) {
            case .needMore:
                break scanning
            case .blank(let next):
                start = next
                state.line += 1
            case .row(let next, let newlines):
                state.scratch.reserve(next - start)
                let row = ExportRow(
                    base: buffer, fields: UnsafeBufferPointer(state.fields.fields), rowStart: start, line: state.line, scratch: state.scratch.base)
                if let columns = state.columnCount {
                    state.dataRows += 1
                    if row.count != columns {
                        handler.problem(fieldCountError(row, names: handler.headerNames, fileName: fileName))
                    } else {
                        handler.row(row)
                        if handler.isDone {
                            start = next
                            return
                        }
                    }
                } else {
                    try handler.header(row)
                    state.columnCount = row.count
                    if headerOnly {
                        state.line += 1 + newlines
                        start = next
                        return
                    }
                }
                state.line += 1 + newlines
                start = next
            case .malformedQuote(let k, let fieldStart, let at):
                // Skip to the end of the physical line; wait for it if it is not here yet.
                var q = at
                while q < end, buffer[q] != UInt8(ascii: "\n") { q += 1 }
                if q >= end, !eof { break scanning }
                let quoted = buffer[fieldStart] == UInt8(ascii: "\"")
                if state.columnCount != nil { state.dataRows += 1 }
                let error = ImportError(
                    .malformedQuote, file: fileName,
                    line: state.line + ExportRow.newlines(buffer, from: start, to: fieldStart),
                    column: k + 1, columnName: name(k, handler.headerNames),
                    expected: quoted
                        ? "a delimiter or line end after the closing quote (double a quote inside quotes)"
                        : "no quote inside an unquoted field (quote the whole field, double inner quotes)",
                    found: ImportError.quoted(
                        UnsafeBufferPointer(start: buffer + fieldStart, count: min(end, at + 1) - fieldStart)))
                guard state.columnCount != nil else { throw ImportFailure(error) }
                handler.problem(error)
                state.line += ExportRow.newlines(buffer, from: start, to: q) + (q < end ? 1 : 0)
                start = min(q + 1, end)
            case .unterminatedQuote(let k, let fieldStart):
                if state.columnCount != nil { state.dataRows += 1 }
                let error = ImportError(
                    .unterminatedQuote, file: fileName,
                    line: state.line + ExportRow.newlines(buffer, from: start, to: fieldStart),
                    column: k + 1, columnName: name(k, handler.headerNames),
                    expected: "a closing quote for the field opened here", found: "the end of the file")
                guard state.columnCount != nil else { throw ImportFailure(error) }
                handler.problem(error)
                start = end
            }
        }
    }

    private static func name(_ k: Int, _ names: [String]) -> String? {
        k < names.count ? names[k] : nil
    }

    private static func fieldCountError(_ row: ExportRow, names: [String], fileName: String) -> ImportError {
        let last = row.fields[row.count - 1]
        let lastLine = row.line(ofField: row.count - 1) + ExportRow.newlines(row.base, from: last.start, to: last.end)
        if row.count > names.count {
            return ImportError(
                .fieldCount, file: fileName, line: row.line(ofField: names.count), column: names.count + 1,
                expected: "\(names.count) fields as in the header",
                found: "\(row.count) fields (a delimiter inside an unquoted value?)")
        }
        return ImportError(
            .fieldCount, file: fileName, line: lastLine, column: row.count + 1, columnName: name(row.count, names),
            expected: "\(names.count) fields as in the header",
            found: "the row ends after \(row.count) field\(row.count == 1 ? "" : "s")")
    }

    /// The delimiter of the first line: the most frequent of comma, semicolon and tab outside
    /// quotes (comma on a tie or when there is none); nil while the first line is incomplete.
    static func detect(_ buffer: UnsafePointer<UInt8>, from: Int, to end: Int, eof: Bool) -> UInt8? {
        var counts = (comma: 0, semicolon: 0, tab: 0)
        var quoted = false
        var p = from
        while p < end {
            let b = buffer[p]
            if b == UInt8(ascii: "\"") {
                quoted.toggle()
            } else if !quoted {
                if b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") { break }
                if b == UInt8(ascii: ",") { counts.comma += 1 }
                if b == UInt8(ascii: ";") { counts.semicolon += 1 }
                if b == UInt8(ascii: "\t") { counts.tab += 1 }
            }
            p += 1
        }
        if p >= end, !eof { return nil }
        if counts.semicolon > counts.comma, counts.semicolon >= counts.tab { return UInt8(ascii: ";") }
        if counts.tab > counts.comma, counts.tab > counts.semicolon { return UInt8(ascii: "\t") }
        return UInt8(ascii: ",")
    }

    /// First index at or after `from` holding the delimiter, a quote, CR or LF, or `end`.
    /// Eight bytes at a time: a byte equal to t is a zero byte of `word ^ t…t`, and the lowest
    /// zero byte flagged by `(x − 0x01…) & ~x & 0x80…` is exact (borrows only run upwards).
    @inline(__always)
    private static func skipOrdinaryBytes(
        _ buffer: UnsafePointer<UInt8>, from: Int, to end: Int, delimiter: UInt8
    ) -> Int {
        var p = from
        #if _endian(little)
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            let d = UInt64(delimiter) &* ones
            while p + 8 <= end {
                let w = UnsafeRawPointer(buffer + p).loadUnaligned(as: UInt64.self)
                let xd = w ^ d
                let xq = w ^ 0x2222_2222_2222_2222
                let xn = w ^ 0x0A0A_0A0A_0A0A_0A0A
                let xr = w ^ 0x0D0D_0D0D_0D0D_0D0D
                let flagged =
                    ((xd &- ones) & ~xd | (xq &- ones) & ~xq | (xn &- ones) & ~xn | (xr &- ones) & ~xr) & highs
                if flagged != 0 { return p + flagged.trailingZeroBitCount >> 3 }
                p += 8
            }
        #endif
        while p < end {
            let b = buffer[p]
            if b == delimiter || b == UInt8(ascii: "\"") || b == 10 || b == 13 { return p }
            p += 1
        }
        return p
    }

    /// First index at or after `from` holding a quote or LF (inside a quoted field), or `end`;
    /// eight bytes at a time like `skipOrdinaryBytes`.
    @inline(__always)
    private static func skipQuotedBytes(_ buffer: UnsafePointer<UInt8>, from: Int, to end: Int) -> Int {
        var p = from
        #if _endian(little)
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while p + 8 <= end {
                let w = UnsafeRawPointer(buffer + p).loadUnaligned(as: UInt64.self)
                let xq = w ^ 0x2222_2222_2222_2222
                let xn = w ^ 0x0A0A_0A0A_0A0A_0A0A
                let flagged = ((xq &- ones) & ~xq | (xn &- ones) & ~xn) & highs
                if flagged != 0 { return p + flagged.trailingZeroBitCount >> 3 }
                p += 8
            }
        #endif
        while p < end, buffer[p] != UInt8(ascii: "\""), buffer[p] != 10 { p += 1 }
        return p
    }

    /// Finds the fields of the row starting at `from`. Scanning restarts from the row start
    /// when more bytes arrive, so nothing here mutates state outside `fields`.
    private static func scanRow(
        _ buffer: UnsafePointer<UInt8>, from: Int, to end: Int, eof: Bool, delimiter: UInt8,
        fields: inout CSVFieldList
    ) -> RowScan {
        let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        fields.removeAll()
        var p = from
        if buffer[p] == lf { return .blank(next: p + 1) }
        if buffer[p] == cr {
            if p + 1 < end { return .blank(next: buffer[p + 1] == lf ? p + 2 : p + 1) }
            return eof ? .blank(next: p + 1) : .needMore
        }
        var newlines = 0
        while true {
            let fieldStart = p
            var terminator: UInt8
            if p < end, buffer[p] == quote {
                var escaped = false
                var q = p + 1
                while true {
                    while q < end {
                        q = skipQuotedBytes(buffer, from: q, to: end)
                        guard q < end, buffer[q] == lf else { break }
                        newlines += 1
                        q += 1
                    }
                    if q >= end {
                        return eof ? .unterminatedQuote(fieldIndex: fields.count, fieldStart: fieldStart) : .needMore
                    }
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
                if terminator != delimiter, terminator != lf, terminator != cr {
                    return .malformedQuote(fieldIndex: fields.count - 1, fieldStart: fieldStart, at: p)
                }
            } else {
                while p < end {
                    p = skipOrdinaryBytes(buffer, from: p, to: end, delimiter: delimiter)
                    guard p < end else { break }
                    let b = buffer[p]
                    if b == delimiter || b == lf || b == cr { break }
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
            if terminator == delimiter {
                p += 1
                if p >= end, !eof { return .needMore }
                continue
            }
            if terminator == lf { return .row(next: p + 1, newlines: newlines) }
            if p + 1 < end { return .row(next: buffer[p + 1] == lf ? p + 2 : p + 1, newlines: newlines) }
            return eof ? .row(next: p + 1, newlines: newlines) : .needMore
        }
    }
}
