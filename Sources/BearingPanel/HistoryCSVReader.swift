import Foundation
import _BearingText

/// Reads a history panel CSV (RFC 4180) into a columnar `HistoryPanel`, streaming.
///
/// The file is read in chunks of `chunkSize` bytes into one reused buffer (a row may span
/// chunks; only the unfinished row is carried over), and cells go straight into the panel's
/// columns: numbers are parsed from bytes (`DecimalNumber`, correctly rounded), repeated
/// strings are interned without building a `String` per cell. Memory stays near the
/// panel's columnar size: the arrays are sized from the file size and the first chunk's
/// bytes per row, filled in batches of 4096 rows, and grow by 1/8 (not doubling) if the
/// estimate falls short. Measured on 10M rows x 16 features:
/// peak RSS 1.18x the columnar size (`Benchmarks/PanelLoad`).
///
/// Accepted: quoted fields with doubled quotes, commas and newlines inside quotes; CRLF, LF
/// (or lone CR) line ends; a UTF-8 byte order mark; with or without a final newline. Blank
/// lines are skipped. An empty `churned` cell marks the row's outcome unknown (a period still
/// running; `HistoryPanel.outcomeKnown`). Everything else in the contract (see `PanelError.Kind`) is checked,
/// and the first problem is thrown with its file, physical line, column and header name.
public struct HistoryCSVReader: Sendable {
    public static let defaultChunkSize = 8 << 20

    /// Bytes requested per `read()`; tests use tiny values to cross every boundary.
    public var chunkSize: Int

    public init(chunkSize: Int = HistoryCSVReader.defaultChunkSize) {
        self.chunkSize = max(1, chunkSize)
    }

    /// Reads a panel file. `fileName` is what errors call the file (default: the path).
    public static func read(contentsOf url: URL, fileName: String? = nil) throws(PanelError) -> HistoryPanel {
        try HistoryCSVReader().readWithSummary(contentsOf: url, fileName: fileName).panel
    }

    /// Reads a panel from bytes in memory (tests, stdin).
    public static func read(bytes: [UInt8], fileName: String = "<memory>") throws(PanelError) -> HistoryPanel {
        try HistoryCSVReader().readWithSummary(bytes: bytes, fileName: fileName).panel
    }

    /// Reads a panel file and reports what it held.
    public func readWithSummary(
        contentsOf url: URL, fileName: String? = nil
    ) throws(PanelError) -> (panel: HistoryPanel, summary: PanelReadSummary) {
        let name = fileName ?? url.path
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else {
            throw PanelError(.io, file: name, expected: "a readable file", found: Self.systemError())
        }
        defer { close(fd) }
        var info = stat()
        let size = fstat(fd, &info) == 0 ? Int(info.st_size) : nil
        #if os(Linux)
            _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        #endif
        return try parse(fileName: name, sizeHint: size) { (buffer) throws(PanelError) -> Int in
            while true {
                let n = Foundation.read(fd, buffer.baseAddress, buffer.count)
                if n >= 0 { return n }
                if errno == EINTR { continue }
                throw PanelError(.io, file: name, expected: "a readable file", found: Self.systemError())
            }
        }
    }

    /// Reads a panel from bytes in memory, in `chunkSize` pieces like a file.
    public func readWithSummary(
        bytes: [UInt8], fileName: String = "<memory>"
    ) throws(PanelError) -> (panel: HistoryPanel, summary: PanelReadSummary) {
        var offset = 0
        return try parse(fileName: fileName, sizeHint: bytes.count) { buffer in
            let n = min(buffer.count, bytes.count - offset)
            bytes.withUnsafeBytes { source in
                guard n > 0, let base = source.baseAddress else { return }
                buffer.baseAddress?.copyMemory(from: base + offset, byteCount: n)
            }
            offset += n
            return n
        }
    }

    private static func systemError() -> String {
        String(cString: strerror(errno))
    }

    // MARK: Streaming parse

    private enum RowScan {
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

    private func parse(
        fileName: String,
        sizeHint: Int?,
        source: (UnsafeMutableRawBufferPointer) throws(PanelError) -> Int
    ) throws(PanelError) -> (panel: HistoryPanel, summary: PanelReadSummary) {
        var capacity = chunkSize * 2
        var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var start = 0
        var end = 0
        var eof = false
        var bomChecked = false
        /// Bytes dropped from the buffer's front so far (absolute offset of buffer[0]).
        var discarded = 0
        var line = 1
        var fields = CSVFieldList()
        defer { fields.release() }
        var builder: PanelBuilder?
        defer { builder?.release() }
        /// Fields per row, once the header is read.
        var columnCount: Int?
        var estimated = false

        while true {
            if bomChecked {
                scanning: while start < end {
                    let limit = columnCount ?? Int.max
                    let scan = Self.scanRow(
                        buffer, from: start, to: end, eof: eof, fieldLimit: limit, fields: &fields)
                    switch scan {
                    case .needMore:
                        break scanning
                    case .blank(let next):
                        start = next
                        line += 1
                    case .row(let next, let newlines):
                        let row = CSVRow(base: buffer, fields: UnsafeBufferPointer(fields.fields), rowStart: start, line: line)
                        if let columns = columnCount {
                            if row.count != columns {
                                throw Self.fieldCountError(row, names: builder?.names ?? [], fileName: fileName)
                            }
                            try builder?.addRow(row)
                        } else {
                            builder = try Self.header(row, fileName: fileName)
                            columnCount = builder?.names.count
                        }
                        line += 1 + newlines
                        start = next
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
            if eof { break }

            // Estimate the row count once from the first chunk's rows, then size every column.
            if !estimated, let size = sizeHint, size > 0, let rows = builder?.rowCount, rows >= 16 {
                estimated = true
                let bytesPerRow = Double(discarded + start) / Double(rows)
                let estimate = Double(size) / bytesPerRow
                builder?.reserve(rows: Int(estimate * 1.02) + 64)
            }

            // Carry the unfinished row to the front, make room for a chunk, read it.
            let carry = end - start
            if start > 0 {
                if carry > 0 { memmove(buffer, buffer + start, carry) }
                discarded += start
                start = 0
                end = carry
            }
            if capacity - end < chunkSize {
                let newCapacity = max(capacity * 2, end + chunkSize)
                let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
                grown.update(from: buffer, count: end)
                buffer.deallocate()
                buffer = grown
                capacity = newCapacity
            }
            let n = try source(UnsafeMutableRawBufferPointer(start: buffer + end, count: chunkSize))
            if n == 0 { eof = true } else { end += n }
            // The first 4 KiB (or the whole file) are checked before any row is scanned.
            if !bomChecked, end >= 4096 || eof {
                bomChecked = true
                if end >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
                // UTF-16 or binary input would otherwise fail later with a confusing message
                // about its first field (its bytes echoed); say what the file is instead.
                if let problem = DisplayEscaping.encodingProblem(
                    prefix: UnsafeBufferPointer(start: buffer, count: end), kind: "CSV")
                {
                    throw PanelError(
                        .invalidUTF8, file: fileName, line: 1, expected: "UTF-8 CSV text", found: problem.description)
                }
            }
        }

        guard let rows = builder?.rowCount else {
            throw PanelError(
                .emptyFile, file: fileName, expected: "a header row and data rows", found: "an empty file")
        }
        guard rows > 0, let result = try builder?.finish(bytesRead: discarded + end) else {
            throw PanelError(
                .noRows, file: fileName, line: line, expected: "at least one data row after the header",
                found: "only a header")
        }
        return result
    }

    /// A row that ended before the last column (too many fields stop the scan earlier).
    private static func fieldCountError(_ row: CSVRow, names: [String], fileName: String) -> PanelError {
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

    private static func header(_ row: CSVRow, fileName: String) throws(PanelError) -> PanelBuilder {
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
    private static func skipOrdinaryBytes(_ buffer: UnsafeMutablePointer<UInt8>, from: Int, to end: Int) -> Int {
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
    private static func scanRow(
        _ buffer: UnsafeMutablePointer<UInt8>, from: Int, to end: Int, eof: Bool, fieldLimit: Int,
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
