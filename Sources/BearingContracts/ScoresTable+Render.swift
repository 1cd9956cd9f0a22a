import BearingPanel
import BearingVector

extension ScoresTable {
    /// Rows per rendered block: about 1.5 MB of `scores.csv`, small enough that the write of
    /// the last block after rendering ends is short, large enough to keep locking rare.
    static let blockRows = 16_384

    /// The bytes of `scores.csv` in memory (what `render(…, to:)` emits, joined).
    public static func render(
        panel: HistoryPanel, index: PanelIndex, scored: PanelScores, explain: Bool, threads: Int = 1
    ) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4_096 + scored.rows.count * (explain ? 400 : 100))
        render(panel: panel, index: index, scored: scored, explain: explain, threads: threads) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// `scores.csv` as the content of an `OutputFile`: rendered when the file is written, so
    /// that the write of each block overlaps the rendering of the next ones.
    public static func content(
        panel: HistoryPanel, index: PanelIndex, scored: PanelScores, explain: Bool, threads: Int
    ) -> some ChunkedContent {
        RenderedScores(panel: panel, index: index, scored: scored, explain: explain, threads: threads)
    }

    /// Emits the bytes of `scores.csv` in order: the header, then blocks of rows rendered on up
    /// to `threads` cores (`OrderedBlocks`). Each block reaches `emit` as soon as it and the
    /// blocks before it are done, so writing it overlaps the rendering of the next ones; the
    /// bytes do not depend on the thread count.
    ///
    /// Every label is encoded once (`EncodedLabels`), each row's room is reserved once, and
    /// numbers are formatted in place (`HistoryCSVFormat.appendNumber`, see `FloatText`).
    public static func render<Failure: Error>(
        panel: HistoryPanel, index: PanelIndex, scored: PanelScores, explain: Bool, threads: Int,
        to emit: (UnsafeRawBufferPointer) throws(Failure) -> Void
    ) throws(Failure) {
        try render(panel: panel, index: index, scored: scored, explain: explain, threads: threads, blockRows: blockRows, to: emit)
    }

    /// `render(…, to:)` with blocks of `blockRows` rows (tests cross block boundaries with small ones).
    package static func render<Failure: Error>(
        panel: HistoryPanel, index: PanelIndex, scored: PanelScores, explain: Bool, threads: Int, blockRows: Int,
        to emit: (UnsafeRawBufferPointer) throws(Failure) -> Void
    ) throws(Failure) {
        let header = CSVWriter(header: columns + (explain ? explainColumns(scored) : []), capacity: 1 << 12).bytes
        let headerResult: Result<Void, Failure> = header.withUnsafeBytes { raw in
            Result { () throws(Failure) in try emit(raw) }
        }
        try headerResult.get()
        let writer = ScoresRowWriter(panel: panel, scored: scored)
        let explainer = explain ? ExplainColumns(scored) : nil
        let rowCount = scored.rows.count
        let blockRows = max(1, blockRows)
        let blocks = (rowCount + blockRows - 1) / blockRows
        try OrderedBlocks.run(count: blocks, threads: threads) { b -> RenderedBlock in
            let range = (b * blockRows)..<min(rowCount, (b + 1) * blockRows)
            return renderBlock(range, writer: writer, explainer: explainer, panel: panel, index: index, scored: scored)
        } consume: { (block) throws(Failure) in
            try emit(block.sink.bytes)
        }
    }

    /// Rows `range` as one block. A function rather than the body of `render`'s closure: there,
    /// the captured values were retained per row (`swift_retain` took a tenth of the run).
    private static func renderBlock(
        _ range: Range<Int>, writer: ScoresRowWriter, explainer: ExplainColumns?, panel: HistoryPanel, index: PanelIndex,
        scored: PanelScores
    ) -> RenderedBlock {
        // A local sink: a class's stored property passed `inout` costs a dynamic exclusivity
        // check per access, which showed up as a third of the old writer's time.
        var sink = CSVByteSink(capacity: range.count * (explainer == nil ? 110 : 400))
        if let explainer {
            for k in range {
                writer.append(row: k, to: &sink)
                explainer.append(row: k, panel: panel, index: index, scored: scored, to: &sink)
                sink.ensure(1)
                sink.put(UInt8(ascii: "\n"))
            }
        } else {
            for k in range {
                writer.append(row: k, to: &sink)
                sink.put(UInt8(ascii: "\n"))
            }
        }
        return RenderedBlock(sink)
    }

    /// Header names of the `--explain` columns, in the order `ExplainColumns` writes them.
    static func explainColumns(_ scored: PanelScores) -> [String] {
        let names = ExplainColumns(scored)
        return ["direction_raw", "magnitude_raw"] + names.direction.map { "direction.\($0)" }
            + names.magnitude.map { "magnitude.\($0)" } + names.churn.map { "churn.\($0)" }
            + ["direction_raw_change", "magnitude_raw_change"] + names.direction.map { "direction_change.\($0)" }
            + names.magnitude.map { "magnitude_change.\($0)" } + ["imputed", "ghost_rule"]
    }
}

/// One block's bytes, handed from the worker that rendered it to the writer; freed when dropped.
private final class RenderedBlock: @unchecked Sendable {
    let sink: CSVByteSink

    init(_ sink: CSVByteSink) { self.sink = sink }

    deinit { sink.release() }
}

/// The arguments of `ScoresTable.render(…, to:)`, kept until the file is written.
private struct RenderedScores: ChunkedContent {
    let panel: HistoryPanel
    let index: PanelIndex
    let scored: PanelScores
    let explain: Bool
    let threads: Int

    func produce<Failure: Error>(_ emit: (UnsafeRawBufferPointer) throws(Failure) -> Void) throws(Failure) {
        try ScoresTable.render(panel: panel, index: index, scored: scored, explain: explain, threads: threads, to: emit)
    }
}
