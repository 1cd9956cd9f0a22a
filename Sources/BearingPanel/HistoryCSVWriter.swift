import Foundation

/// Writes history panels in the contract's CSV layout, streaming and atomically.
///
/// Header order: `customer_id, period, segment, fit, [csm_id], arr, churned, expansion_arr,
/// contraction_arr, [milestone, milestone_reached], [contract_term_months, renewal_date]`, then
/// the features in panel order.
/// Fields are quoted only when they hold a comma, quote, CR or LF. Numbers are written in
/// the shortest form that reads back to the same `Double`/`Float` (integers without a
/// fraction, e.g. `1200`), so write → read gives an equal panel. Missing values
/// (NaN, index -1) and unknown outcomes (`HistoryPanel.outcomeKnown`) are empty cells.
///
/// Open once, `append` panels (chunks of one trial, all with the same columns) as often as
/// needed, then `finish()`: the file appears at its destination only then. Dropping the
/// writer without finishing removes the temporary file.
public final class HistoryCSVWriter {
    public let featureNames: [String]
    public let hasCSMColumn: Bool
    public let hasMilestoneColumns: Bool
    /// Whether the file has `contract_term_months` and `renewal_date`. A writer without them
    /// leaves a panel's contract columns out (callers that predate the columns keep their
    /// layout); a writer with them writes empty cells for a panel that has none.
    public let hasContractColumns: Bool
    /// Set by the first appended panel; later panels must match (one granularity per file).
    public private(set) var granularity: Granularity?
    public private(set) var rowsWritten = 0

    private let output: AtomicOutput
    private var buffer = CSVByteSink(capacity: HistoryCSVWriter.flushThreshold + 64 * 1024)
    private let fileName: String
    /// Bytes buffered before a `write()` system call.
    static let flushThreshold = 1 << 20

    /// Starts a file with the given columns and writes its header.
    public init(
        creating url: URL, featureNames: [String], hasCSMColumn: Bool, hasMilestoneColumns: Bool,
        hasContractColumns: Bool = false
    ) throws(PanelError) {
        self.featureNames = featureNames
        self.hasCSMColumn = hasCSMColumn
        self.hasMilestoneColumns = hasMilestoneColumns
        self.hasContractColumns = hasContractColumns
        self.fileName = url.path
        do {
            output = try AtomicOutput(destination: url)
        } catch {
            throw PanelError(.io, file: url.path, expected: "a writable directory", found: error.reason)
        }
        HistoryCSVFormat.appendHeader(
            featureNames: featureNames, hasCSMColumn: hasCSMColumn, hasMilestoneColumns: hasMilestoneColumns,
            hasContractColumns: hasContractColumns, to: &buffer)
    }

    /// Starts a file with the columns of `panel` (which is not written; `append` it).
    public convenience init(creating url: URL, shapeOf panel: HistoryPanel) throws(PanelError) {
        try self.init(
            creating: url, featureNames: panel.features.map(\.name), hasCSMColumn: panel.hasCSMColumn,
            hasMilestoneColumns: panel.hasMilestoneColumns, hasContractColumns: panel.contracts != nil)
    }

    /// Appends rows of `panel` (all rows by default). Its columns must be the writer's.
    public func append(_ panel: HistoryPanel, rows: Range<Int>? = nil) throws(PanelError) {
        try checkShape(panel)
        let range = rows ?? 0..<panel.rowCount
        precondition(range.lowerBound >= 0 && range.upperBound <= panel.rowCount, "rows outside the panel")
        var row = range.lowerBound
        while row < range.upperBound {
            // Encode in slices so the buffer stays near the flush threshold.
            let sliceEnd = min(range.upperBound, row + 4096)
            HistoryCSVFormat.appendRows(panel, rows: row..<sliceEnd, contracts: hasContractColumns, to: &buffer)
            row = sliceEnd
            if buffer.count >= Self.flushThreshold { try flush() }
        }
        rowsWritten += range.count
    }

    /// Writes what is buffered and moves the file into place.
    public func finish() throws(PanelError) {
        try finish(committingWith: [])
    }

    /// Writes what is buffered and moves the file into place together with `others`, as one
    /// `AtomicOutput.commitAll` (an interrupt sees all of them in place or none moved).
    public func finish(committingWith others: [AtomicOutput]) throws(PanelError) {
        try flush()
        do {
            try AtomicOutput.commitAll([output] + others)
        } catch {
            throw PanelError(.io, file: error.path, expected: "a writable file", found: error.description)
        }
    }

    deinit {
        buffer.release()
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
        var sink = CSVByteSink(capacity: 1 << 16)
        defer { sink.release() }
        HistoryCSVFormat.appendHeader(
            featureNames: panel.features.map(\.name), hasCSMColumn: panel.hasCSMColumn,
            hasMilestoneColumns: panel.hasMilestoneColumns, hasContractColumns: panel.contracts != nil, to: &sink)
        HistoryCSVFormat.appendRows(panel, rows: 0..<panel.rowCount, contracts: panel.contracts != nil, to: &sink)
        return Array(sink.bytes)
    }

    private func flush() throws(PanelError) {
        guard buffer.count > 0 else { return }
        do {
            try output.write(buffer.bytes)
        } catch {
            throw PanelError(.io, file: fileName, expected: "a writable file", found: error.description)
        }
        buffer.removeAll()
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
