@_spi(Scanning) import BearingPanel

/// A row of an export: the strict reader's row (`CSVRow`), read through the same scanner
/// types; valid only while the handler that receives it runs.
typealias ExportRow = CSVRow

extension CSVRow {
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
