import Foundation

/// Writes history panels in the contract's CSV layout, streaming and atomically.
///
/// Header order: `customer_id, period, segment, fit, [csm_id], arr, churned, expansion_arr,
/// contraction_arr, [milestone, milestone_reached]`, then the features in panel order.
/// Fields are quoted only when they hold a comma, quote, CR or LF. Numbers are written in
/// the shortest form that reads back to the same `Double`/`Float` (integers below 1e15
/// without a fraction, e.g. `1200`), so write → read gives an equal panel. Missing values
/// (NaN, index -1) are empty cells.
///
/// Open once, `append` panels (chunks of one trial, all with the same columns) as often as
/// needed, then `finish()`: the file appears at its destination only then. Dropping the
/// writer without finishing removes the temporary file.
public final class HistoryCSVWriter {
    public let featureNames: [String]
    public let hasCSMColumn: Bool
    public let hasMilestoneColumns: Bool
    /// Set by the first appended panel; later panels must match (one granularity per file).
    public private(set) var granularity: Granularity?
    public private(set) var rowsWritten = 0

    private let output: AtomicOutput
    private var buffer: [UInt8] = []
    private let fileName: String
    /// Bytes buffered before a `write()` system call.
    private static let flushThreshold = 1 << 20

    /// Starts a file with the given columns and writes its header.
    public init(
        creating url: URL, featureNames: [String], hasCSMColumn: Bool, hasMilestoneColumns: Bool
    ) throws(PanelError) {
        self.featureNames = featureNames
        self.hasCSMColumn = hasCSMColumn
        self.hasMilestoneColumns = hasMilestoneColumns
        self.fileName = url.path
        do {
            output = try AtomicOutput(destination: url)
        } catch {
            throw PanelError(.io, file: url.path, expected: "a writable directory", found: error.reason)
        }
        buffer.reserveCapacity(Self.flushThreshold + 64 * 1024)
        HistoryCSVFormat.appendHeader(
            featureNames: featureNames, hasCSMColumn: hasCSMColumn, hasMilestoneColumns: hasMilestoneColumns,
            to: &buffer)
    }

    /// Starts a file with the columns of `panel` (which is not written; `append` it).
    public convenience init(creating url: URL, shapeOf panel: HistoryPanel) throws(PanelError) {
        try self.init(
            creating: url, featureNames: panel.features.map(\.name), hasCSMColumn: panel.hasCSMColumn,
            hasMilestoneColumns: panel.hasMilestoneColumns)
    }

    /// Appends rows of `panel` (all rows by default). Its columns must be the writer's.
    public func append(_ panel: HistoryPanel, rows: Range<Int>? = nil) throws(PanelError) {
        try checkShape(panel)
        let range = rows ?? 0..<panel.rowCount
        var row = range.lowerBound
        while row < range.upperBound {
            // Encode in slices so the buffer stays near the flush threshold.
            let sliceEnd = min(range.upperBound, row + 4096)
            HistoryCSVFormat.appendRows(panel, rows: row..<sliceEnd, to: &buffer)
            row = sliceEnd
            if buffer.count >= Self.flushThreshold { try flush() }
        }
        rowsWritten += range.count
    }

    /// Writes what is buffered and moves the file into place.
    public func finish() throws(PanelError) {
        try flush()
        do {
            try output.commit()
        } catch {
            throw PanelError(.io, file: fileName, expected: "a writable file", found: error.description)
        }
    }

    /// Gives up: removes the temporary file, leaves the destination as it was.
    public func abandon() {
        output.abandon()
    }

    /// Writes a whole panel to `url` atomically.
    public static func write(_ panel: HistoryPanel, to url: URL) throws(PanelError) {
        let writer = try HistoryCSVWriter(creating: url, shapeOf: panel)
        try writer.append(panel)
        try writer.finish()
    }

    /// The CSV text of a panel, in memory.
    public static func encode(_ panel: HistoryPanel) -> [UInt8] {
        var bytes: [UInt8] = []
        HistoryCSVFormat.appendHeader(
            featureNames: panel.features.map(\.name), hasCSMColumn: panel.hasCSMColumn,
            hasMilestoneColumns: panel.hasMilestoneColumns, to: &bytes)
        HistoryCSVFormat.appendRows(panel, rows: 0..<panel.rowCount, to: &bytes)
        return bytes
    }

    private func flush() throws(PanelError) {
        guard !buffer.isEmpty else { return }
        do {
            try output.write(buffer)
        } catch {
            throw PanelError(.io, file: fileName, expected: "a writable file", found: error.description)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private func checkShape(_ panel: HistoryPanel) throws(PanelError) {
        let names = panel.features.map(\.name)
        var problem: String?
        if names != featureNames {
            problem = "features [\(names.joined(separator: ", "))] instead of [\(featureNames.joined(separator: ", "))]"
        } else if panel.hasCSMColumn != hasCSMColumn {
            problem = panel.hasCSMColumn ? "a csm_id column the file does not have" : "no csm_id column"
        } else if panel.hasMilestoneColumns != hasMilestoneColumns {
            problem = panel.hasMilestoneColumns ? "milestone columns the file does not have" : "no milestone columns"
        } else if panel.rowCount > 0, let granularity, granularity != panel.granularity {
            problem = "\(panel.granularity) periods in a \(granularity) file"
        }
        if let problem {
            throw PanelError(
                .schemaMismatch, file: fileName, expected: "a panel with the columns of the file's header",
                found: problem)
        }
        if panel.rowCount > 0, granularity == nil { granularity = panel.granularity }
    }
}

/// Byte-level encoding of the panel CSV (shared by the writer and `encode`).
enum HistoryCSVFormat {
    static func appendHeader(
        featureNames: [String], hasCSMColumn: Bool, hasMilestoneColumns: Bool, to out: inout [UInt8]
    ) {
        var names = ["customer_id", "period", "segment", "fit"]
        if hasCSMColumn { names.append("csm_id") }
        names += ["arr", "churned", "expansion_arr", "contraction_arr"]
        if hasMilestoneColumns { names += ["milestone", "milestone_reached"] }
        names += featureNames
        for (i, name) in names.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            appendString(name, to: &out)
        }
        out.append(UInt8(ascii: "\n"))
    }

    static func appendRows(_ panel: HistoryPanel, rows: Range<Int>, to out: inout [UInt8]) {
        let comma = UInt8(ascii: ",")
        for r in rows {
            appendString(panel.customerIDs[Int(panel.customer[r])], to: &out)
            out.append(comma)
            appendPeriod(panel.period[r], to: &out)
            out.append(comma)
            appendString(panel.segmentNames[Int(panel.segment[r])], to: &out)
            out.append(comma)
            appendString(panel.fit[r].label, to: &out)
            out.append(comma)
            if panel.hasCSMColumn {
                let c = panel.csm[r]
                if c >= 0 { appendString(panel.csmIDs[Int(c)], to: &out) }
                out.append(comma)
            }
            appendNumber(panel.arr[r], to: &out)
            out.append(comma)
            out.append(panel.churned[r] ? UInt8(ascii: "1") : UInt8(ascii: "0"))
            out.append(comma)
            appendNumber(panel.expansionARR[r], to: &out)
            out.append(comma)
            appendNumber(panel.contractionARR[r], to: &out)
            if panel.hasMilestoneColumns {
                out.append(comma)
                let m = panel.milestone[r]
                if m >= 0 { appendString(panel.milestoneNames[Int(m)], to: &out) }
                out.append(comma)
                let reached = panel.milestoneReached[r]
                if reached >= 0 { out.append(reached == 1 ? UInt8(ascii: "1") : UInt8(ascii: "0")) }
            }
            for k in panel.features.indices {
                out.append(comma)
                appendNumber(panel.features[k].values[r], to: &out)
            }
            out.append(UInt8(ascii: "\n"))
        }
    }

    /// A field, quoted (inner quotes doubled) only when it holds `,` `"` CR or LF.
    static func appendString(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            var needsQuotes = false
            for b in bytes where b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") || b == 10 || b == 13 {
                needsQuotes = true
                break
            }
            guard needsQuotes else {
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

    static func appendPeriod(_ period: Period, to out: inout [UInt8]) {
        let year = period.year
        if year < 1000 {
            // Labels are always four-digit years.
            for divisor in [1000, 100, 10] where year < divisor { out.append(UInt8(ascii: "0")) }
        }
        appendInteger(Int64(year), to: &out)
        out.append(UInt8(ascii: "-"))
        let sub = period.subperiod
        switch period.granularity {
        case .quarter:
            out.append(UInt8(ascii: "Q"))
            out.append(48 + UInt8(sub))
        case .month:
            out.append(48 + UInt8(sub / 10))
            out.append(48 + UInt8(sub % 10))
        }
    }

    /// Shortest round-trip text; integers below 1e15 without a fraction; NaN as nothing.
    static func appendNumber(_ value: Double, to out: inout [UInt8]) {
        if value.isNaN { return }
        if value.magnitude < 1e15, value.rounded(.towardZero) == value {
            appendInteger(Int64(value), to: &out)
            return
        }
        var text = value.description
        text.withUTF8 { out.append(contentsOf: $0) }
    }

    /// Shortest text that reads back as the same `Float` (not the same `Double`).
    static func appendNumber(_ value: Float, to out: inout [UInt8]) {
        if value.isNaN { return }
        if value.magnitude < 1e15, value.rounded(.towardZero) == value {
            appendInteger(Int64(value), to: &out)
            return
        }
        var text = value.description
        text.withUTF8 { out.append(contentsOf: $0) }
    }

    static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var x = value.magnitude
        if x < 10 {
            out.append(48 + UInt8(x))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { raw in
            var i = raw.count
            while x > 0 {
                i -= 1
                raw[i] = 48 + UInt8(x % 10)
                x /= 10
            }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[i...]))
        }
    }
}
