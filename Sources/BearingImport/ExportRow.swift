@_spi(Scanning) import BearingPanel

/// A complete row in the read buffer. Valid only while the handler that receives it runs:
/// the buffer is reused for the next chunk.
struct ExportRow {
    let base: UnsafePointer<UInt8>
    let fields: UnsafeMutableBufferPointer<CSVField>
    /// Buffer offset of the row's first byte.
    let rowStart: Int
    /// Physical line on which the row starts.
    let line: Int
    /// At least as many bytes as the row: a cell with doubled quotes is collapsed here, at its
    /// offset in the row (`CSVField.collapsed`). The buffer itself is never written: another
    /// thread may be hashing it, and a second pass reads it again.
    let scratch: UnsafeMutablePointer<UInt8>

    var count: Int { fields.count }

    /// The text of field `k`: in the buffer, or, when it holds doubled quotes, collapsed into
    /// `scratch` (valid as long as the row).
    @inline(__always)
    func cell(_ k: Int) -> UnsafeBufferPointer<UInt8> {
        let field = fields[k]
        guard field.escaped else { return UnsafeBufferPointer(start: base + field.start, count: field.end - field.start) }
        return field.collapsed(in: base, rowStart: rowStart, scratch: scratch)
    }

    /// Physical line on which field `k` starts (earlier fields may hold quoted newlines).
    func line(ofField k: Int) -> Int {
        line + Self.newlines(base, from: rowStart, to: fields[k].start)
    }

    /// The cells of a header row as names; a cell that is not UTF-8 stops the import.
    func headerNames(fileName: String) throws(ImportFailure) -> [String] {
        var names: [String] = []
        for k in 0..<count {
            let bytes = cell(k)
            guard let name = String(validating: bytes, as: UTF8.self) else {
                throw ImportFailure(
                    ImportError(
                        .invalidUTF8, file: fileName, line: line(ofField: k), column: k + 1,
                        expected: "UTF-8 text in the header", found: ImportError.quoted(bytes)))
            }
            names.append(name)
        }
        return names
    }

    static func newlines(_ base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
        var count = 0
        for i in from..<max(from, to) where base[i] == UInt8(ascii: "\n") { count += 1 }
        return count
    }
}

/// Receives the rows of a delimited file from `DelimitedScanner`.
protocol ExportRowHandler {
    /// The header row. Problems with it stop the import (thrown).
    mutating func header(_ row: ExportRow) throws(ImportFailure)
    /// A data row with as many fields as the header.
    mutating func row(_ row: ExportRow)
    /// A structural problem (field count, quotes): the row it is on is skipped.
    mutating func problem(_ error: ImportError)
    /// Header names, once the header was read (for locating structural problems).
    var headerNames: [String] { get }
    /// The scanner's estimate of the data rows, from the first chunk's bytes per row.
    mutating func estimate(rows: Int)
    /// True when the handler needs no more rows (the scan stops).
    var isDone: Bool { get }
}

extension ExportRowHandler {
    mutating func estimate(rows: Int) {}
    var isDone: Bool { false }
}
