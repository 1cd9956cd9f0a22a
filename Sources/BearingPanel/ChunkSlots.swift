/// The chunks of a parallel panel parse and their builders, shared by the worker threads.
///
/// `@unchecked Sendable` because it holds raw pointers: the input bytes, only read while the
/// workers run (the caller keeps them alive and unchanged), and one slot per chunk, written
/// by the one worker that parses that chunk and read by the caller once that worker is done
/// with it (`OrderedBlocks` hands the chunk over under its lock).
final class ChunkSlots: @unchecked Sendable {
    enum State {
        /// A builder for the chunk, not run yet.
        case ready(PanelBuilder)
        /// Parsed; `lines` is the number of physical lines the chunk spans.
        case parsed(PanelBuilder, lines: Int)
        /// The chunk's first problem, its line counted from the chunk's first line (1).
        case failed(PanelError)
    }

    private let base: UnsafePointer<UInt8>
    private let slots: UnsafeMutablePointer<State?>
    private let count: Int

    init(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    func set(_ k: Int, _ state: State) { slots[k] = state }

    /// Hands over slot `k`'s state (nil afterwards).
    func take(_ k: Int) -> State? {
        defer { slots[k] = nil }
        return slots[k]
    }

    /// Parses chunk `k` with the builder in its slot. The first chunk starts on `firstLine`
    /// of the file; the others count from 1 and are moved when merged.
    func parse(_ k: Int, _ range: Range<Int>, firstLine: Int, granularity: Granularity?, reserve rows: Int) {
        guard case .ready(let builder) = take(k) else { return }
        var chunkBuilder: PanelBuilder? = builder
        if let granularity { chunkBuilder?.granularity = granularity }
        chunkBuilder?.reserve(rows: rows)
        var fields = CSVFieldList()
        defer { fields.release() }
        var scratch = RowScratch()
        defer { scratch.release() }
        var start = range.lowerBound
        var line = firstLine
        do {
            try HistoryCSVReader.scanRows(
                base, start: &start, end: range.upperBound, eof: true, line: &line, fields: &fields, scratch: &scratch,
                builder: &chunkBuilder, fileName: chunkBuilder?.fileName ?? "")
            if let parsed = chunkBuilder { slots[k] = .parsed(parsed, lines: line - firstLine) }
        } catch {
            chunkBuilder?.release()
            slots[k] = .failed(error)
        }
    }
}
