@_spi(Scanning) import BearingPanel
import Foundation

/// An export import on several threads: the file is read into memory once, the header read,
/// the data rows split into runs of whole rows (`HistoryCSVReader.rowChunks`: at line feeds
/// outside quotes), each run converted by its own `ExportAssembler` on its own thread, and the
/// assemblers absorbed in file order (builders appended, strings re-interned in order of first
/// appearance, error lines moved by the lines before the run). The panel, the record and the
/// errors are those of one thread:
/// - a run starting after the row that settles the period grain (the first valid period
///   cell) is given that grain, as one thread would have it by then; earlier runs find it;
/// - the splits are first guessed (the first line feed past each run's share, as if none
///   were quoted: no serial pass over the file), and a guess that lands inside a quoted cell
///   leaves the run before it with an unterminated quote. When any run reports a quote
///   problem, the import is redone with splits that follow quote parity (if they differ from
///   the guess), and after that on one thread, so every error is located as one pass finds
///   it (a file with quote errors is a failed import: speed no longer matters).
///
/// The file is hashed (SHA-256) on another thread meanwhile, in place: nothing writes the
/// bytes (cells with doubled quotes are collapsed into a scratch block, `ExportRow.cell`).
enum ParallelExportImport {
    /// Imports `bytes` (the whole source).
    static func run(
        _ bytes: UnsafeBufferPointer<UInt8>, fileName: String, options: ExportOptions, threads: Int,
        minimumChunkBytes: Int
    ) throws(ImportFailure) -> ImportResult {
        let hasher = ChunkHasher()
        // The hash reads the caller's bytes until it is done.
        defer { hasher.wait() }
        hasher.updateInPlace(UnsafeRawBufferPointer(bytes))
        let end = bytes.count
        guard let base = bytes.baseAddress, end > 0 else {
            throw ImportFailure(
                ImportError(.emptyFile, file: fileName, expected: "a header row and data rows", found: "an empty file"))
        }
        var start = end >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF ? 3 : 0
        let delimiter = options.effectiveDelimiter?.byte ?? DelimitedScanner.detect(base, from: start, to: end, eof: true) ?? UInt8(ascii: ",")
        let dataStart = start
        var header = ExportImporter.Handler(fileName: fileName, options: options, sizeHint: end)
        defer { header.assembler?.release() }
        var state = ScanState()
        defer { state.release() }
        try DelimitedScanner.scanRows(
            base, start: &start, end: end, eof: true, delimiter: delimiter, state: &state, fileName: fileName,
            headerOnly: true, handler: &header)

        // Runs split at guessed row ends first (no serial pass over the file for quote
        // parity); a quote problem then means a wrong guess or a bad file: with splits that
        // follow the quotes and differ from the guess, once more on every thread, else on one.
        var followQuotes = false
        while header.assembler != nil {
            let chunks = HistoryCSVReader.rowChunks(
                base, from: start, to: end, parts: threads, minimumBytes: minimumChunkBytes, followQuotes: followQuotes)
            guard chunks.count > 1, var run0 = header.assembler.take() else { break }
            if let result = try convertChunks(
                base, chunks, first: &run0, names: header.headerNames, firstLine: state.line, delimiter: delimiter,
                fileName: fileName, options: options, threads: threads)
            {
                return try ExportImporter.finish(
                    result.outcome(bytes: end, delimiter: delimiter), assembler: &result.assembler, hasher: hasher,
                    fileName: fileName, options: options)
            }
            start = dataStart
            state.line = 1
            state.columnCount = nil
            state.dataRows = 0
            header = ExportImporter.Handler(fileName: fileName, options: options, sizeHint: end)
            try DelimitedScanner.scanRows(
                base, start: &start, end: end, eof: true, delimiter: delimiter, state: &state, fileName: fileName,
                headerOnly: true, handler: &header)
            if followQuotes
                || HistoryCSVReader.rowChunks(base, from: start, to: end, parts: threads, minimumBytes: minimumChunkBytes)
                    == chunks
            {
                break
            }
            followQuotes = true
        }
        header.assembler?.reserve(rows: HistoryCSVReader.estimatedRows(base, from: start, to: end))
        try DelimitedScanner.scanRows(
            base, start: &start, end: end, eof: true, delimiter: delimiter, state: &state, fileName: fileName,
            handler: &header)
        let outcome = DelimitedScanner.Outcome(
            bytes: end, delimiter: delimiter, dataRows: state.dataRows, sawHeader: state.columnCount != nil)
        return try ExportImporter.finish(outcome, assembler: &header.assembler, hasher: hasher, fileName: fileName, options: options)
    }

    /// The assembler of every run absorbed into the first, and the rows seen; nil when a run
    /// reported a quote problem (the caller redoes the import, see `run`).
    final class Merged {
        /// Moved out by `ExportImporter.finish` (nil after).
        var assembler: ExportAssembler?
        let dataRows: Int

        init(assembler: ExportAssembler, dataRows: Int) {
            self.assembler = assembler
            self.dataRows = dataRows
        }

        func outcome(bytes: Int, delimiter: UInt8) -> DelimitedScanner.Outcome {
            DelimitedScanner.Outcome(bytes: bytes, delimiter: delimiter, dataRows: dataRows, sawHeader: true)
        }
    }

    private static func convertChunks(
        _ base: UnsafePointer<UInt8>, _ chunks: [Range<Int>], first: inout ExportAssembler, names: [String],
        firstLine: Int, delimiter: UInt8, fileName: String, options: ExportOptions, threads: Int
    ) throws(ImportFailure) -> Merged? {
        let settled = first.periods.granularity == nil ? settlingRow(base, chunks, first: first, delimiter: delimiter) : nil
        let runs = ChunkRuns(base: base, count: chunks.count)
        runs.set(0, first)
        for k in 1..<chunks.count {
            let periods = settled.flatMap { $0.offset < chunks[k].lowerBound ? $0.reader : nil }
            do {
                runs.set(
                    k,
                    try ExportAssembler(
                        header: names, headerLine: 0, options: options, fileName: fileName, settledPeriods: periods))
            } catch {
                // The header was accepted for the first run: it cannot fail for the others.
                for j in 0..<k { runs.release(j) }
                throw error
            }
        }
        // The first run's builder absorbs the others: room for every row, so merging does not regrow it.
        let end = chunks[chunks.count - 1].upperBound
        let estimates = chunks.indices.map {
            HistoryCSVReader.estimatedRows(base, from: chunks[$0].lowerBound, to: $0 == 0 ? end : chunks[$0].upperBound)
        }
        _ = ParallelWork.map(count: chunks.count, threads: threads) { k in
            runs.convert(
                k, chunks[k], firstLine: k == 0 ? firstLine : 1, delimiter: delimiter, columnCount: names.count,
                names: names, fileName: fileName, reserve: estimates[k])
        }
        guard !runs.sawQuoteProblem else {
            for k in chunks.indices { runs.release(k) }
            return nil
        }
        guard var merged = runs.take(0) else { return nil }
        var dataRows = runs.dataRows(0)
        var chunkStartLine = firstLine + runs.lines(0)
        for k in 1..<chunks.count {
            guard var next = runs.take(k) else { continue }
            merged.absorb(&next, lineOffset: chunkStartLine - 1)
            next.release()
            dataRows += runs.dataRows(k)
            chunkStartLine += runs.lines(k)
        }
        return Merged(assembler: merged, dataRows: dataRows)
    }

    /// The first data row whose period cell settles the grain (a label, or a date when none
    /// was given), and the reader as that row leaves it; nil when no row does.
    private static func settlingRow(
        _ base: UnsafePointer<UInt8>, _ chunks: [Range<Int>], first: ExportAssembler, delimiter: UInt8
    ) -> (offset: Int, reader: PeriodReader)? {
        var finder = GrainFinder(periods: first.periods, column: first.plan.contract.period, columns: first.names.count)
        var start = chunks[0].lowerBound
        let end = chunks[chunks.count - 1].upperBound
        var state = ScanState(columnCount: first.names.count)
        defer { state.release() }
        // The finder never throws; a header is never scanned (the column count is known).
        try? DelimitedScanner.scanRows(
            base, start: &start, end: end, eof: true, delimiter: delimiter, state: &state, fileName: "", handler: &finder)
        return finder.found
    }
}

/// Reads period cells, without converting anything else, until one settles the grain.
private struct GrainFinder: ExportRowHandler {
    var periods: PeriodReader
    let column: Int
    let columns: Int
    var found: (offset: Int, reader: PeriodReader)?
    var headerNames: [String] { [] }
    var isDone: Bool { found != nil }

    init(periods: PeriodReader, column: Int, columns: Int) {
        self.periods = periods
        self.column = column
        self.columns = columns
    }

    mutating func header(_ row: ExportRow) throws(ImportFailure) {}
    mutating func problem(_ error: ImportError) {}

    mutating func row(_ row: ExportRow) {
        guard found == nil else { return }
        let cell = Cells.trim(row.cell(column))
        guard !cell.isEmpty else { return }
        _ = periods.read(cell)
        if periods.granularity != nil { found = (row.rowStart, periods) }
    }
}
