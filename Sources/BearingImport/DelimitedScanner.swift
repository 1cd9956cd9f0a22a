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
            switch CSVRowScanner.scanRow(buffer, from: start, to: end, eof: eof, delimiter: delimiter, fields: &state.fields) {
            case .needMore, .tooManyFields:
                // No field limit is given, so a row never has too many fields here.
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
}
