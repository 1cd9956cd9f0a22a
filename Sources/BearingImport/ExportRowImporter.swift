@_spi(Scanning) import BearingPanel

/// The export importer for rows handed over in memory, such as a PostgreSQL query result:
/// the header once, then each row's cells as text (`nil` = SQL NULL, read as an empty cell),
/// through exactly the conversions, checks and record of `ExportImporter`.
///
/// Errors are located as if the rows were a CSV file: line 1 is the header, line n + 1 the
/// n-th row, columns numbered from 1 with their header names (what `psql --csv` would print).
///
/// ```swift
/// let importer = try ExportRowImporter(header: ["customer_id", "period", ...], options: options, sourceName: "query")
/// for row in rows { importer.append(row) }
/// let result = try importer.finish()
/// ```
public final class ExportRowImporter {
    private var assembler: ExportAssembler
    private let sourceName: String
    private let columnCount: Int
    private var line = 1
    private let buffer = TextRowBuffer()
    private var finished = false

    /// Checks the header against the options' mapping (all header problems at once).
    public init(header: [String], options: ExportOptions = ExportOptions(), sourceName: String) throws(ImportFailure) {
        assembler = try ExportAssembler(header: header, headerLine: 1, options: options, fileName: sourceName)
        self.sourceName = sourceName
        columnCount = header.count
    }

    deinit {
        assembler.release()
    }

    /// Converts one row; problems are collected for `finish()`.
    public func append(_ cells: [String?]) {
        precondition(!finished, "append after finish")
        line += 1
        let row = buffer.row(cells, line: line)
        guard cells.count == columnCount else {
            assembler.problem(.fieldCount(cells: cells.count, columns: columnCount, file: sourceName, line: line))
            return
        }
        assembler.add(row)
    }

    /// The panel and its record, or every error found. Call once.
    public func finish() throws(ImportFailure) -> ImportResult {
        precondition(!finished, "finish called twice")
        finished = true
        let source = ImportRecord.Source(role: "rows", name: sourceName, sha256: nil, bytes: nil, rowsRead: line - 1)
        return try assembler.finish(sources: [source], kind: "rows")
    }
}
