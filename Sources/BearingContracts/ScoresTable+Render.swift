import BearingPanel
import BearingVector

extension ScoresTable {
    /// The bytes of `scores.csv`; rows are rendered in blocks on up to `threads` cores and
    /// joined in row order, so the bytes do not depend on the thread count.
    ///
    /// Every label is encoded once (`EncodedLabels`), each row's room is reserved once, and
    /// numbers are formatted in place (`HistoryCSVFormat.appendNumber`, see `FloatText`); the
    /// blocks are copied once, into the result.
    public static func render(
        panel: HistoryPanel, index: PanelIndex, scored: PanelScores, explain: Bool, threads: Int = 1
    ) -> [UInt8] {
        let header = CSVWriter(header: columns + (explain ? explainColumns(scored) : []), capacity: 1 << 12).bytes
        let writer = ScoresRowWriter(panel: panel, scored: scored)
        let explainer = explain ? ExplainColumns(scored) : nil
        let blockRows = 16_384
        let blocks = (scored.rows.count + blockRows - 1) / blockRows
        let rendered = ParallelWork.map(count: blocks, threads: threads) { b -> RenderedBlock in
            let range = (b * blockRows)..<min(scored.rows.count, (b + 1) * blockRows)
            // A local sink: a class's stored property passed `inout` costs a dynamic exclusivity
            // check per access, which showed up as a third of the old writer's time.
            var sink = CSVByteSink(capacity: range.count * (explain ? 400 : 110))
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
        let total = rendered.reduce(header.count) { $0 + $1.sink.count }
        return [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            var at = 0
            func copy(_ bytes: UnsafeRawBufferPointer) {
                guard let source = bytes.baseAddress, let base = buffer.baseAddress else { return }
                UnsafeMutableRawPointer(base + at).copyMemory(from: source, byteCount: bytes.count)
                at += bytes.count
            }
            header.withUnsafeBytes(copy)
            for block in rendered { copy(block.sink.bytes) }
            initialized = at
        }
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

/// One block's bytes, handed from the worker that rendered it to the join.
private final class RenderedBlock: @unchecked Sendable {
    let sink: CSVByteSink

    init(_ sink: CSVByteSink) { self.sink = sink }

    deinit { sink.release() }
}
