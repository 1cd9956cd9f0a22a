import BearingPanel

/// The raw-tables importer for rows handed over in memory (PostgreSQL tables streamed by the
/// command): the subscriptions ledger's header and rows, then the events table's (optional),
/// then `finish()`. Cells are text, `nil` = SQL NULL (an empty cell); the rules, errors and
/// record are `RawTablesImporter`'s, lines counted as in a CSV file (line 1 = the header).
///
/// ```swift
/// let importer = try RawTablesRowImporter(options: options, ledgerName: "subscriptions", eventsName: "events")
/// try importer.ledgerHeader(["customer_id", "date", "arr"])
/// for row in ledgerRows { importer.appendLedger(row) }
/// try importer.eventsHeader(["customer_id", "date", "metric", "value"])
/// for row in eventRows { importer.appendEvent(row) }
/// let result = try importer.finish()
/// ```
public final class RawTablesRowImporter {
    private enum Stage { case ledgerHeader, ledgerRows, eventRows, finished }

    private var build: RawTablesBuild
    private var stage = Stage.ledgerHeader
    private var line = 1
    private var columns = 0
    private let buffer = TextRowBuffer()

    public init(options: RawTablesOptions, ledgerName: String, eventsName: String = "events") throws(ImportFailure) {
        build = try RawTablesBuild(options: options, ledgerName: ledgerName, eventsName: eventsName)
    }

    /// The ledger's header (`customer_id, date, arr`, optional `segment, fit, csm_id`).
    public func ledgerHeader(_ header: [String]) throws(ImportFailure) {
        precondition(stage == .ledgerHeader, "ledgerHeader first, once")
        try start(header, of: &build.ledger)
        stage = .ledgerRows
    }

    /// One ledger row; problems are collected for `finish()`.
    public func appendLedger(_ cells: [String?]) {
        precondition(stage == .ledgerRows, "appendLedger after ledgerHeader, before eventsHeader")
        append(cells, file: build.ledgerName, to: &build.ledger)
    }

    /// Ends the ledger (its rows are derived now) and starts the events table.
    public func eventsHeader(_ header: [String]) throws(ImportFailure) {
        try endLedger()
        try start(header, of: &build.aggregator)
        stage = .eventRows
    }

    /// One events row.
    public func appendEvent(_ cells: [String?]) {
        precondition(stage == .eventRows, "appendEvent after eventsHeader")
        append(cells, file: build.eventsName, to: &build.aggregator)
    }

    /// The panel and its record, or every error found. Call once.
    public func finish() throws(ImportFailure) -> ImportResult {
        switch stage {
        case .ledgerRows: try endLedger()
        case .eventRows:
            build.eventsDone(
                ImportRecord.Source(
                    role: "events", name: build.eventsName, sha256: nil, bytes: nil, rowsRead: build.aggregator.rowsRead))
        case .ledgerHeader, .finished: preconditionFailure("finish after the ledger, once")
        }
        stage = .finished
        return try build.finish()
    }

    private func endLedger() throws(ImportFailure) {
        precondition(stage == .ledgerRows, "the ledger's header and rows come first")
        try build.ledgerDone(
            ImportRecord.Source(
                role: "subscriptions", name: build.ledgerName, sha256: nil, bytes: nil, rowsRead: build.ledger.rowsRead))
    }

    /// Starts a table: its header is line 1, and its width is every row's.
    private func start(_ header: [String], of table: inout some ExportRowHandler) throws(ImportFailure) {
        line = 1
        columns = header.count
        try table.header(buffer.row(header, line: 1))
    }

    /// The table's next row, or a problem when it is not as wide as the header.
    private func append(_ cells: [String?], file: String, to table: inout some ExportRowHandler) {
        line += 1
        guard cells.count == columns else {
            table.problem(.fieldCount(cells: cells.count, columns: columns, file: file, line: line))
            return
        }
        table.row(buffer.row(cells, line: line))
    }
}
