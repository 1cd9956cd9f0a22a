@_spi(Scanning) import BearingPanel
import Foundation

/// The export importer: a CRM or warehouse export (CSV, any of the usual quirks) in, a strict
/// `HistoryPanel` out, with an `ImportRecord` of what was done — `bearing panel --export`.
///
/// One pass over the file: every error is collected (up to `ExportOptions.errorLimit`, then
/// counted) with file, line, column number and header name, what was expected and what was
/// found; when any remains the import throws `ImportFailure` and returns no panel, so a
/// command writes nothing. The file is read in chunks and hashed (SHA-256) as it is read;
/// cells are converted from bytes without building a `String` per cell. Files of 4 MB or more
/// are mapped into memory and converted on every core, runs of whole rows at a time, merged in
/// file order (`ParallelExportImport`), so results and errors are those of one thread.
///
/// Rows handed over in memory (a PostgreSQL result) go through `ExportRowImporter` and the
/// same conversions.
public enum ExportImporter {
    /// Bytes read per `read()`; tests use small values to cross every boundary.
    public static let defaultChunkSize = 8 << 20

    /// Inputs of at least this many bytes are read into memory and converted on several
    /// threads (`ParallelExportImport`); smaller ones are not worth the threads.
    public static let defaultParallelThreshold = 4 << 20

    /// Runs of rows converted on one thread are at least this long (tests force smaller ones).
    public static let defaultMinimumRunBytes = 1 << 20

    /// Threads a large import uses: one per core.
    public static var defaultThreads: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Imports the export at `url`. `fileName` is what errors call it (default: the path).
    /// Files of `parallelThreshold` bytes or more are mapped and converted on `threads`
    /// threads, with the same result as one; smaller ones are streamed.
    public static func importFile(
        at url: URL, options: ExportOptions = ExportOptions(), fileName: String? = nil,
        chunkSize: Int = defaultChunkSize, threads: Int = defaultThreads,
        parallelThreshold: Int = defaultParallelThreshold, minimumRunBytes: Int = defaultMinimumRunBytes
    ) throws(ImportFailure) -> ImportResult {
        let name = fileName ?? url.path
        let parallel = Parallelism(threads: threads, threshold: parallelThreshold, minimumRunBytes: minimumRunBytes)
        // A large file is mapped even for one thread: no copy into a read buffer, none for the hash.
        if let size = fileSize(url), size >= parallel.threshold {
            return try importInMemory(url: url, fileName: name, options: options, parallel: parallel)
        }
        return try run(.file(url), fileName: name, options: options, chunkSize: chunkSize)
    }

    /// Imports an export held in memory, read in `chunkSize` pieces like a file (or, from
    /// `parallelThreshold` bytes, converted on `threads` threads like a large file).
    public static func importBytes(
        _ bytes: [UInt8], options: ExportOptions = ExportOptions(), fileName: String = "<memory>",
        chunkSize: Int = defaultChunkSize, threads: Int = defaultThreads,
        parallelThreshold: Int = defaultParallelThreshold, minimumRunBytes: Int = defaultMinimumRunBytes
    ) throws(ImportFailure) -> ImportResult {
        let parallel = Parallelism(threads: threads, threshold: parallelThreshold, minimumRunBytes: minimumRunBytes)
        if parallel.threads > 1, bytes.count >= parallel.threshold {
            return try bytes.withUnsafeBufferPointer { (buffer) throws(ImportFailure) -> ImportResult in
                try ParallelExportImport.run(
                    buffer, fileName: fileName, options: options, threads: parallel.threads,
                    minimumChunkBytes: parallel.minimumRunBytes)
            }
        }
        return try run(.bytes(bytes, name: fileName), fileName: fileName, options: options, chunkSize: chunkSize)
    }

    /// How a large input is split over threads.
    struct Parallelism {
        let threads: Int
        let threshold: Int
        let minimumRunBytes: Int

        init(threads: Int, threshold: Int, minimumRunBytes: Int) {
            self.threads = max(1, threads)
            self.threshold = max(0, threshold)
            self.minimumRunBytes = max(1, minimumRunBytes)
        }
    }

    private static func fileSize(_ url: URL) -> Int? {
        var info = stat()
        guard stat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// Maps (or reads) the whole file into memory, then converts it on `parallel.threads` threads.
    private static func importInMemory(
        url: URL, fileName: String, options: ExportOptions, parallel: Parallelism
    ) throws(ImportFailure) -> ImportResult {
        let file: FileBytes
        do throws(PanelError) {
            file = try FileBytes(path: url.path, fileName: fileName)
        } catch {
            throw ImportFailure(ImportError(.io, file: fileName, expected: "a readable file", found: error.found))
        }
        return try withExtendedLifetime(file) { () throws(ImportFailure) -> ImportResult in
            try ParallelExportImport.run(
                file.buffer, fileName: fileName, options: options, threads: parallel.threads,
                minimumChunkBytes: parallel.minimumRunBytes)
        }
    }

    /// Receives the scanner's rows: the header builds the assembler, data rows go to it.
    struct Handler: ExportRowHandler {
        let fileName: String
        let options: ExportOptions
        let sizeHint: Int?
        var assembler: ExportAssembler?
        var headerNames: [String] = []

        init(fileName: String, options: ExportOptions, sizeHint: Int?) {
            self.fileName = fileName
            self.options = options
            self.sizeHint = sizeHint
        }

        mutating func header(_ row: ExportRow) throws(ImportFailure) {
            let names = try row.headerNames(fileName: fileName)
            headerNames = names
            assembler = try ExportAssembler(header: names, headerLine: row.line, options: options, fileName: fileName)
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

    /// The streaming import on one thread.
    static func run(
        _ input: ByteSource, fileName: String, options: ExportOptions, chunkSize: Int
    ) throws(ImportFailure) -> ImportResult {
        try input.withReader { (sizeHint, source) throws(ImportFailure) -> ImportResult in
            var handler = Handler(fileName: fileName, options: options, sizeHint: sizeHint)
            defer { handler.assembler?.release() }
            let hasher = ChunkHasher()
            let outcome = try DelimitedScanner.scan(
                fileName: fileName, delimiter: options.effectiveDelimiter?.byte, chunkSize: chunkSize, sizeHint: sizeHint,
                hasher: hasher, handler: &handler, source: source)
            return try finish(outcome, assembler: &handler.assembler, hasher: hasher, fileName: fileName, options: options)
        }
    }

    /// The panel and record of a scanned export (releasing `assembler`), or every error found.
    ///
    /// The assembler is moved out of `slot`, not copied: a copy would share the columns'
    /// storage, and the builder's last flush would then copy every column (~70 ms for 1M rows).
    static func finish(
        _ outcome: DelimitedScanner.Outcome, assembler slot: inout ExportAssembler?, hasher: ChunkHasher, fileName: String,
        options: ExportOptions
    ) throws(ImportFailure) -> ImportResult {
        guard outcome.sawHeader, var assembler = slot.take() else {
            throw ImportFailure(
                ImportError(
                    .emptyFile, file: fileName, expected: "a header row and data rows", found: "an empty file"))
        }
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
