import BearingPanel
import Foundation

/// The export importer: a CRM or warehouse export (CSV, any of the usual quirks) in, a strict
/// `HistoryPanel` out, with an `ImportRecord` of what was done — `bearing panel --export`.
///
/// One pass over the file: every error is collected (up to `ExportOptions.errorLimit`, then
/// counted) with file, line, column number and header name, what was expected and what was
/// found; when any remains the import throws `ImportFailure` and returns no panel, so a
/// command writes nothing. The file is read in chunks and hashed (SHA-256) as it is read;
/// cells are converted from bytes without building a `String` per cell. Inputs of 4 MB or more
/// are converted on two threads: this one scans rows and converts amounts, periods, flags and
/// text, a second converts the feature cells and commits the rows, batch by batch in file
/// order (`RowCommitter`), so results and errors are those of one thread.
///
/// Rows handed over in memory (a PostgreSQL result) go through `ExportRowImporter` and the
/// same conversions.
public enum ExportImporter {
    /// Bytes read per `read()`; tests use small values to cross every boundary.
    public static let defaultChunkSize = 8 << 20

    /// Inputs of at least this many bytes are committed on a second thread while the first
    /// converts (smaller ones are not worth the thread hop); tests use 0 and `Int.max` to
    /// check both give the same result.
    public static let defaultBackgroundThreshold = 4 << 20

    /// Imports the export at `url`. `fileName` is what errors call it (default: the path).
    public static func importFile(
        at url: URL, options: ExportOptions = ExportOptions(), fileName: String? = nil,
        chunkSize: Int = defaultChunkSize, backgroundThreshold: Int = defaultBackgroundThreshold
    ) throws(ImportFailure) -> ImportResult {
        try run(
            .file(url), fileName: fileName ?? url.path, options: options, chunkSize: chunkSize,
            backgroundThreshold: backgroundThreshold)
    }

    /// Imports an export held in memory, read in `chunkSize` pieces like a file.
    public static func importBytes(
        _ bytes: [UInt8], options: ExportOptions = ExportOptions(), fileName: String = "<memory>",
        chunkSize: Int = defaultChunkSize, backgroundThreshold: Int = defaultBackgroundThreshold
    ) throws(ImportFailure) -> ImportResult {
        try run(
            .bytes(bytes, name: fileName), fileName: fileName, options: options, chunkSize: chunkSize,
            backgroundThreshold: backgroundThreshold)
    }

    /// Receives the scanner's rows: the header builds the assembler, data rows go to it.
    struct Handler: ExportRowHandler {
        let fileName: String
        let options: ExportOptions
        let sizeHint: Int?
        let background: Bool
        var assembler: ExportAssembler?
        var headerNames: [String] = []

        mutating func header(_ row: ExportRow) throws(ImportFailure) {
            let names = try row.headerNames(fileName: fileName)
            headerNames = names
            assembler = try ExportAssembler(
                header: names, headerLine: row.line, options: options, fileName: fileName, background: background)
        }

        mutating func row(_ row: ExportRow) {
            assembler?.add(row)
        }

        mutating func estimate(rows: Int) {
            assembler?.reserve(rows: rows)
        }

        mutating func problem(_ error: ImportError) {
            assembler?.problem(error)
        }
    }

    static func run(
        _ input: ByteSource, fileName: String, options: ExportOptions, chunkSize: Int, backgroundThreshold: Int
    ) throws(ImportFailure) -> ImportResult {
        try input.withReader { (sizeHint, source) throws(ImportFailure) -> ImportResult in
            let background = (sizeHint ?? 0) >= backgroundThreshold
            var handler = Handler(fileName: fileName, options: options, sizeHint: sizeHint, background: background)
            defer { handler.assembler?.release() }
            let hasher = ChunkHasher()
            let outcome = try DelimitedScanner.scan(
                fileName: fileName, delimiter: options.effectiveDelimiter?.byte, chunkSize: chunkSize, sizeHint: sizeHint,
                hasher: hasher, handler: &handler, source: source)
            return try finish(outcome, handler: &handler, hasher: hasher, fileName: fileName, options: options)
        }
    }

    private static func finish(
        _ outcome: DelimitedScanner.Outcome, handler: inout Handler, hasher: ChunkHasher, fileName: String, options: ExportOptions
    ) throws(ImportFailure) -> ImportResult {
        guard outcome.sawHeader, var assembler = handler.assembler else {
            throw ImportFailure(
                ImportError(
                    .emptyFile, file: fileName, expected: "a header row and data rows", found: "an empty file"))
        }
        handler.assembler = nil
        defer { assembler.release() }
        let source = ImportRecord.Source(
            role: "export", name: fileName, sha256: hasher.finalize(), bytes: outcome.bytes, rowsRead: outcome.dataRows)
        var result = try assembler.finish(sources: [source], kind: "export")
        let d = outcome.delimiter
        result.record.options["delimiter"] = d == 9 ? "tab" : String(UnicodeScalar(d))
        if options.effectiveDelimiter == nil { result.record.options["delimiter_detected"] = "true" }
        return result
    }
}
