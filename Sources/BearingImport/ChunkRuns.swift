@_spi(Scanning) import BearingPanel

/// The runs of rows of a parallel export import and their assemblers, shared by the worker
/// threads (see `ParallelExportImport`).
///
/// `@unchecked Sendable` because it holds raw pointers: the input bytes, of which each worker
/// reads only its own run, and one slot per run, written by the one worker that converts that
/// run and read by the caller after every worker returned.
final class ChunkRuns: @unchecked Sendable {
    private struct Run {
        var assembler: ExportAssembler?
        /// Physical lines the run spans, and its data rows (good or not).
        var lines = 0
        var dataRows = 0
        var quoteProblem = false
    }

    private let base: UnsafePointer<UInt8>
    private let runs: UnsafeMutablePointer<Run>
    private let count: Int

    init(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
        runs = .allocate(capacity: count)
        runs.initialize(repeating: Run(), count: count)
    }

    deinit {
        for k in 0..<count { release(k) }
        runs.deinitialize(count: count)
        runs.deallocate()
    }

    func set(_ k: Int, _ assembler: ExportAssembler) { runs[k].assembler = assembler }

    /// Hands over run `k`'s assembler (its owner then releases it).
    func take(_ k: Int) -> ExportAssembler? {
        defer { runs[k].assembler = nil }
        return runs[k].assembler
    }

    /// Releases run `k`'s assembler, if it still has one.
    func release(_ k: Int) {
        runs[k].assembler?.release()
        runs[k].assembler = nil
    }

    func lines(_ k: Int) -> Int { runs[k].lines }
    func dataRows(_ k: Int) -> Int { runs[k].dataRows }

    /// Whether any run met a stray or unterminated quote (its split may then be wrong).
    var sawQuoteProblem: Bool { (0..<count).contains { runs[$0].quoteProblem } }

    /// Converts the rows of `range` with run `k`'s assembler; its first row is on `firstLine`.
    func convert(
        _ k: Int, _ range: Range<Int>, firstLine: Int, delimiter: UInt8, columnCount: Int, names: [String],
        fileName: String, reserve: Int
    ) {
        guard let assembler = runs[k].assembler else { return }
        runs[k].assembler = nil
        var handler = RunHandler(assembler: assembler, names: names)
        handler.assembler.reserve(rows: reserve)
        var start = range.lowerBound
        var state = ScanState(line: firstLine, columnCount: columnCount)
        defer { state.release() }
        do {
            try DelimitedScanner.scanRows(
                base, start: &start, end: range.upperBound, eof: true, delimiter: delimiter, state: &state,
                fileName: fileName, handler: &handler)
        } catch {
            // Only a header row can throw, and a run has none: count it as a quote problem so
            // the import is redone on one thread, which reports it where it belongs.
            handler.quoteProblem = true
        }
        runs[k] = Run(
            assembler: handler.assembler, lines: state.line - firstLine, dataRows: state.dataRows,
            quoteProblem: handler.quoteProblem)
    }

    /// Receives one run's rows for its assembler.
    private struct RunHandler: ExportRowHandler {
        var assembler: ExportAssembler
        let headerNames: [String]
        var quoteProblem = false

        init(assembler: ExportAssembler, names: [String]) {
            self.assembler = assembler
            headerNames = names
        }

        mutating func header(_ row: ExportRow) throws(ImportFailure) {}

        mutating func row(_ row: ExportRow) { assembler.add(row) }

        mutating func problem(_ error: ImportError) {
            if error.kind == .malformedQuote || error.kind == .unterminatedQuote { quoteProblem = true }
            assembler.problem(error)
        }
    }
}
