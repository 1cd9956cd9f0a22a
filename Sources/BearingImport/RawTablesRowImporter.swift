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
        line = 1
        columns = header.count
        try build.ledger.header(buffer.row(header, line: 1))
        stage = .ledgerRows
    }

    /// One ledger row; problems are collected for `finish()`.
    public func appendLedger(_ cells: [String?]) {
        precondition(stage == .ledgerRows, "appendLedger after ledgerHeader, before eventsHeader")
        line += 1
        guard cells.count == columns else {
            build.ledger.problem(fieldCount(cells.count, file: build.ledgerName))
            return
        }
        build.ledger.row(buffer.row(cells, line: line))
    }

    /// Ends the ledger (its rows are derived now) and starts the events table.
    public func eventsHeader(_ header: [String]) throws(ImportFailure) {
        try endLedger()
        line = 1
        columns = header.count
        try build.aggregator.header(buffer.row(header, line: 1))
        stage = .eventRows
    }

    /// One events row.
    public func appendEvent(_ cells: [String?]) {
        precondition(stage == .eventRows, "appendEvent after eventsHeader")
        line += 1
        guard cells.count == columns else {
            build.aggregator.problem(fieldCount(cells.count, file: build.eventsName))
            return
        }
        build.aggregator.row(buffer.row(cells, line: line))
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

    private func fieldCount(_ count: Int, file: String) -> ImportError {
        ImportError(
            .fieldCount, file: file, line: line, column: min(count, columns) + 1,
            expected: "\(columns) cells as in the header", found: "\(count)")
    }
}
