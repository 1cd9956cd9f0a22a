import Foundation
import _BearingText

/// Reads a history panel CSV (RFC 4180) into a columnar `HistoryPanel`.
///
/// Bytes already in memory (`readWithSummary(bytes:)`, `HistoryInput`) are parsed in place,
/// in parallel above `parallelMinimumBytes`: the rows are split at line boundaries into one
/// chunk per thread, each chunk is parsed into its own builder, and the builders are merged
/// in file order (strings re-interned in order of first appearance), so the panel, the
/// summary and the error reported are the same for any thread count.
///
/// A file named by URL is streamed in chunks of `chunkSize` bytes into one reused buffer (a
/// row may span chunks; only the unfinished row is carried over). Either way cells go
/// straight into the panel's columns: numbers are parsed from bytes (`DecimalNumber`,
/// correctly rounded), repeated strings are interned without building a `String` per cell.
/// The columns are sized from the byte count and the first rows' bytes per row, filled in
/// batches of 4096 rows, and grow by 1/8 (not doubling) if the estimate falls short.
/// Measured on 10M rows x 16 features: peak RSS 1.18x the columnar size
/// (`Benchmarks/PanelLoad`, streaming).
///
/// Accepted: quoted fields with doubled quotes, commas and newlines inside quotes; CRLF, LF
/// (or lone CR) line ends; a UTF-8 byte order mark; with or without a final newline. Blank
/// lines are skipped. An empty `churned` cell marks the row's outcome unknown (a period still
/// running; `HistoryPanel.outcomeKnown`). Everything else in the contract (see `PanelError.Kind`) is checked,
/// and the first problem in file order is thrown with its file, physical line, column and header name.
public struct HistoryCSVReader: Sendable {
    public static let defaultChunkSize = 8 << 20
    /// Inputs smaller than this are parsed on one thread: below it, starting threads and
    /// merging cost more than they save.
    public static let defaultParallelMinimumBytes = 4 << 20
    /// Chunks per thread of a parallel parse: chunks are merged while later ones are still
    /// parsed, so more chunks leave less merging after the last one, and a merged chunk's
    /// memory is reused by the next (fewer page faults). On 816k rows (186 MB), 2 threads:
    /// 2 chunks per thread 0.184 s, 4 chunks 0.147–0.171 s, 8 chunks 0.135–0.144 s.
    static let chunksPerThread = 8

    /// Bytes requested per `read()` when streaming a file. In-memory bytes are streamed in
    /// pieces this size too when it is below `defaultChunkSize` (tests use tiny values to
    /// cross every boundary); otherwise they are parsed in place.
    public var chunkSize: Int
    /// Threads for parsing in-memory bytes.
    public var threads: Int
    /// In-memory inputs at least this large are split across `threads`.
    public var parallelMinimumBytes: Int
    /// Smallest chunk (bytes) a parallel parse makes; tests lower it to split tiny inputs.
    package var minimumChunkBytes = 1 << 20

    public init(
        chunkSize: Int = HistoryCSVReader.defaultChunkSize, threads: Int = 1,
        parallelMinimumBytes: Int = HistoryCSVReader.defaultParallelMinimumBytes
    ) {
        self.chunkSize = max(1, chunkSize)
        self.threads = max(1, threads)
        self.parallelMinimumBytes = max(0, parallelMinimumBytes)
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
        let file: SequentialFile
        do throws(SequentialFile.Failure) {
            file = try SequentialFile(path: url.path)
        } catch {
            throw PanelError(.io, file: name, expected: "a readable file", found: error.message)
        }
        return try parse(fileName: name, sizeHint: file.size) { (buffer) throws(PanelError) -> Int in
            do throws(SequentialFile.Failure) {
                return try file.read(into: buffer)
            } catch {
                throw PanelError(.io, file: name, expected: "a readable file", found: error.message)
            }
        }
    }

    /// Reads a panel from bytes in memory: in place (on `threads` threads when large), or
    /// in `chunkSize` pieces like a file when `chunkSize` is below the default.
    public func readWithSummary(
        bytes: [UInt8], fileName: String = "<memory>"
    ) throws(PanelError) -> (panel: HistoryPanel, summary: PanelReadSummary) {
        if chunkSize >= Self.defaultChunkSize {
            return try bytes.withUnsafeBufferPointer { (buffer) throws(PanelError) in
                try parseInPlace(buffer, fileName: fileName)
            }
        }
        var source = ChunkedBytes(bytes)
        return try parse(fileName: fileName, sizeHint: bytes.count) { source.read(into: $0) }
    }

    /// Reads a panel from bytes in memory, in place (on `threads` threads when large). The
    /// bytes are only read, so another thread may hash them meanwhile.
    package func readWithSummary(
        buffer: UnsafeBufferPointer<UInt8>, fileName: String
    ) throws(PanelError) -> (panel: HistoryPanel, summary: PanelReadSummary) {
        try parseInPlace(buffer, fileName: fileName)
    }

    /// The whole file at `path`, read with one buffer of its size (no second copy).
    package static func fileBytes(path: String, fileName: String) throws(PanelError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw PanelError(.io, file: fileName, expected: "a readable file", found: systemError())
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw PanelError(.io, file: fileName, expected: "a readable file", found: systemError())
        }
        var bytes: [UInt8] = []
        var capacity = max(Int(info.st_size), 0) + 1
        var failure: String?
        while failure == nil {
            // Read until end of file; a file that grew since `fstat` gets a larger buffer.
            let filled = bytes.count
            var chunk = [UInt8](unsafeUninitializedCapacity: capacity - filled) { buffer, count in
                count = 0
                while count < buffer.count {
                    let n = Foundation.read(fd, buffer.baseAddress.map { $0 + count }, buffer.count - count)
                    if n > 0 {
                        count += n
                    } else if n == 0 {
                        return
                    } else if errno != EINTR {
                        failure = systemError()
                        return
                    }
                }
            }
            let full = chunk.count == capacity - filled
            if bytes.isEmpty { swap(&bytes, &chunk) } else { bytes.append(contentsOf: chunk) }
            if !full { break }
            capacity *= 2
        }
        if let failure {
            throw PanelError(.io, file: fileName, expected: "a readable file", found: failure)
        }
        return bytes
    }

    static func systemError() -> String {
        String(cString: strerror(errno))
    }

    // MARK: Streaming parse

    private func parse(
        fileName: String,
        sizeHint: Int?,
        source: (UnsafeMutableRawBufferPointer) throws(PanelError) -> Int
    ) throws(PanelError) -> (panel: HistoryPanel, summary: PanelReadSummary) {
        var buffer = CarryBuffer(chunkSize: chunkSize)
        defer { buffer.release() }
        var eof = false
        var bomChecked = false
        var line = 1
        var fields = CSVFieldList()
        defer { fields.release() }
        var scratch = RowScratch()
        defer { scratch.release() }
        var builder: PanelBuilder?
        defer { builder?.release() }
        var estimated = false

        while true {
            if bomChecked {
                try Self.scanRows(
                    buffer.base, start: &buffer.start, end: buffer.end, eof: eof, line: &line, fields: &fields,
                    scratch: &scratch, builder: &builder, fileName: fileName)
            }
            if eof { break }

            // Estimate the row count once from the first chunk's rows, then size every column.
            if !estimated, let size = sizeHint, size > 0, let rows = builder?.rowCount, rows >= 16 {
                estimated = true
                let bytesPerRow = Double(buffer.discarded + buffer.start) / Double(rows)
                let estimate = Double(size) / bytesPerRow
                builder?.reserve(rows: Int(estimate * 1.02) + 64)
            }

            let n = try source(buffer.room(for: chunkSize))
            if n == 0 { eof = true } else { buffer.appended(n) }
            // The first 4 KiB (or the whole file) are checked before any row is scanned.
            if !bomChecked, buffer.end >= 4096 || eof {
                bomChecked = true
                buffer.start = try Self.checkStart(
                    UnsafeBufferPointer(start: buffer.base, count: buffer.end), fileName: fileName)
            }
        }
        return try Self.finish(&builder, line: line, bytesRead: buffer.bytesRead, fileName: fileName)
    }

    /// Where the rows begin (after a byte order mark); throws when the first bytes show
    /// UTF-16, UTF-32 or binary input, which would otherwise fail later with a confusing
    /// message about its first field (its bytes echoed).
    static func checkStart(_ head: UnsafeBufferPointer<UInt8>, fileName: String) throws(PanelError) -> Int {
        if let problem = DisplayEscaping.encodingProblem(prefix: head, kind: "CSV") {
            throw PanelError(
                .invalidUTF8, file: fileName, line: 1, expected: "UTF-8 CSV text", found: problem.description)
        }
        return head.count >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF ? 3 : 0
    }

    /// The panel of a fully scanned input, or why there is none. `line` is the line after
    /// the last one read.
    static func finish(
        _ builder: inout PanelBuilder?, line: Int, bytesRead: Int, fileName: String
    ) throws(PanelError) -> (panel: HistoryPanel, summary: PanelReadSummary) {
        guard let rows = builder?.rowCount else {
            throw PanelError(
                .emptyFile, file: fileName, expected: "a header row and data rows", found: "an empty file")
        }
        guard rows > 0, let result = try builder?.finish(bytesRead: bytesRead) else {
            throw PanelError(
                .noRows, file: fileName, line: line, expected: "at least one data row after the header",
                found: "only a header")
        }
        return result
    }
}
