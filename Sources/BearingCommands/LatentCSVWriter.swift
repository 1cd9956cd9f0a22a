import BearingPanel
import BearingSimulation
import Foundation

/// Writes `latent.csv`: the hidden state behind each row of a simulated history, row-aligned
/// with `history.csv` (same customers and periods in the same order), streaming and atomically.
///
/// Columns: `customer_id, period, latent_direction, latent_experience, dark, true_category,
/// churn_probability`. Latent values are at the start of the row's period; `churn_probability`
/// is the probability the row's churn was drawn with (after shocks). Numbers are Swift's
/// shortest `Float` text that reads back to the same `Float`; `dark` is 0/1; `true_category`
/// is `positive`, `neutral`, `negative` or `ghost`. Customer ids are quoted like history.csv's.
///
/// The file appears at its destination only on `finish()`; dropping the writer removes it.
final class LatentCSVWriter {
    static let header = "customer_id,period,latent_direction,latent_experience,dark,true_category,churn_probability\n"
    /// Bytes buffered before a write.
    static let flushThreshold = 1 << 20

    private(set) var rowsWritten = 0
    private let output: AtomicOutput
    private var buffer: [UInt8] = []

    init(creating url: URL) throws(FileOutputError) {
        output = try AtomicOutput(destination: url)
        buffer.reserveCapacity(Self.flushThreshold + 4096)
        buffer.append(contentsOf: Self.header.utf8)
    }

    /// Appends every row of `chunk`, in the chunk's panel order.
    func append(_ chunk: HistoryChunk) throws(FileOutputError) {
        let panel = chunk.panel
        let latent = chunk.latent
        precondition(latent.churnProbability.count == panel.rowCount, "latent trace not aligned with the panel")
        for r in 0..<panel.rowCount {
            Self.appendField(panel.customerIDs[Int(panel.customer[r])], to: &buffer)
            buffer.append(UInt8(ascii: ","))
            buffer.append(contentsOf: panel.period[r].label.utf8)
            buffer.append(UInt8(ascii: ","))
            buffer.append(contentsOf: latent.direction[r].description.utf8)
            buffer.append(UInt8(ascii: ","))
            buffer.append(contentsOf: latent.experience[r].description.utf8)
            buffer.append(UInt8(ascii: ","))
            buffer.append(latent.dark[r] ? UInt8(ascii: "1") : UInt8(ascii: "0"))
            buffer.append(UInt8(ascii: ","))
            buffer.append(contentsOf: latent.category[r].label.utf8)
            buffer.append(UInt8(ascii: ","))
            buffer.append(contentsOf: latent.churnProbability[r].description.utf8)
            buffer.append(UInt8(ascii: "\n"))
            if buffer.count >= Self.flushThreshold { try flush() }
        }
        rowsWritten += panel.rowCount
    }

    /// Writes what is buffered and moves the file into place.
    func finish() throws(FileOutputError) {
        try AtomicOutput.commitAll([try finishWriting()])
    }

    /// Writes what is buffered; returns the output, to commit with the run's other files.
    func finishWriting() throws(FileOutputError) -> AtomicOutput {
        try flush()
        return output
    }

    private func flush() throws(FileOutputError) {
        guard !buffer.isEmpty else { return }
        try output.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// RFC 4180: quoted (inner quotes doubled) only when the field holds `,` `"` CR or LF.
    static func appendField(_ text: String, to out: inout [UInt8]) {
        let bytes = Array(text.utf8)
        guard bytes.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) else {
            out.append(contentsOf: bytes)
            return
        }
        out.append(UInt8(ascii: "\""))
        for b in bytes {
            out.append(b)
            if b == UInt8(ascii: "\"") { out.append(b) }
        }
        out.append(UInt8(ascii: "\""))
    }
}
