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
        let name = fileName ?? url.path
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else {
            throw ImportFailure(ImportError(.io, file: name, expected: "a readable file", found: String(cString: strerror(errno))))
        }
        defer { close(fd) }
        var info = stat()
        let size = fstat(fd, &info) == 0 ? Int(info.st_size) : nil
        #if os(Linux)
            _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        #endif
        let background = (size ?? 0) >= backgroundThreshold
        return try run(fileName: name, options: options, chunkSize: chunkSize, sizeHint: size, background: background) {
            (buffer) throws(ImportError) -> Int in
            while true {
                let n = Foundation.read(fd, buffer.baseAddress, buffer.count)
                if n >= 0 { return n }
                if errno == EINTR { continue }
                throw ImportError(.io, file: name, expected: "a readable file", found: String(cString: strerror(errno)))
            }
        }
    }

    /// Imports an export held in memory, read in `chunkSize` pieces like a file.
    public static func importBytes(
        _ bytes: [UInt8], options: ExportOptions = ExportOptions(), fileName: String = "<memory>",
        chunkSize: Int = defaultChunkSize, backgroundThreshold: Int = defaultBackgroundThreshold
    ) throws(ImportFailure) -> ImportResult {
        var offset = 0
        let background = bytes.count >= backgroundThreshold
        return try run(fileName: fileName, options: options, chunkSize: chunkSize, sizeHint: bytes.count, background: background) {
            buffer in
            let n = min(buffer.count, bytes.count - offset)
            bytes.withUnsafeBytes { source in
                guard n > 0, let base = source.baseAddress else { return }
                buffer.baseAddress?.copyMemory(from: base + offset, byteCount: n)
            }
            offset += n
            return n
        }
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
            var names: [String] = []
            for k in 0..<row.count {
                let bytes = row.cell(k)
                guard let name = String(validating: bytes, as: UTF8.self) else {
                    throw ImportFailure(
                        ImportError(
                            .invalidUTF8, file: fileName, line: row.line(ofField: k), column: k + 1,
                            expected: "UTF-8 text in the header", found: ImportError.quoted(bytes)))
                }
                names.append(name)
            }
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
        fileName: String, options: ExportOptions, chunkSize: Int, sizeHint: Int?, background: Bool,
        source: (UnsafeMutableRawBufferPointer) throws(ImportError) -> Int
    ) throws(ImportFailure) -> ImportResult {
        var handler = Handler(fileName: fileName, options: options, sizeHint: sizeHint, background: background)
        defer { handler.assembler?.release() }
        let hasher = ChunkHasher()
        let outcome = try DelimitedScanner.scan(
            fileName: fileName, delimiter: options.effectiveDelimiter?.byte, chunkSize: chunkSize, sizeHint: sizeHint,
            hasher: hasher, handler: &handler, source: source)
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
