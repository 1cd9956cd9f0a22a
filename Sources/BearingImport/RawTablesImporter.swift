@_spi(Scanning) import BearingPanel
import Foundation

/// Raw warehouse tables to a strict panel (`bearing panel --subscriptions S [--events E
/// --metrics M] --grain G`): the subscriptions ledger gives the rows and their money columns
/// (`LedgerRows`), the events table the features (`MetricCatalog`) and milestones.
///
/// **Milestones from events.** An event whose metric is `milestone:<name>` sets the row of
/// its own period (no window lag: reaching a milestone happens during the period):
/// `milestone = <name>`, `milestone_reached` = its value (1 or empty: reached, 0: working on
/// it). A reached event beats a not-reached one in the same period; otherwise the later one
/// wins. A period without such an event keeps the previous period's milestone while it was
/// not reached; after a reach it moves to the next milestone of `milestoneOrder` (when given),
/// else the row has none.
///
/// **Rows.** Every customer from its first change to its churn, or to the last period (the
/// latest ledger date's period, or `through`). Events for customers the ledger does not know,
/// outside their rows, without a value (except for counts) or of metrics the catalogue does not
/// name are not used, counted in the record (`counts`) and said once in a notice.
///
/// Errors are collected over both files in one pass each and thrown together; the rows pass
/// the strict panel checks (`PanelBuilder`) like every import.
public enum RawTablesImporter {
    /// Reads the tables from files.
    public static func importFiles(
        subscriptions: URL, events: URL? = nil, options: RawTablesOptions,
        chunkSize: Int = ExportImporter.defaultChunkSize
    ) throws(ImportFailure) -> ImportResult {
        try run(
            subscriptions: .file(subscriptions), events: events.map { .file($0) }, options: options, chunkSize: chunkSize)
    }

    /// Reads the tables from bytes in memory (`names` are what errors call them).
    public static func importBytes(
        subscriptions: [UInt8], events: [UInt8]? = nil, options: RawTablesOptions,
        names: (subscriptions: String, events: String) = ("subscriptions.csv", "events.csv"),
        chunkSize: Int = ExportImporter.defaultChunkSize
    ) throws(ImportFailure) -> ImportResult {
        try run(
            subscriptions: .bytes(subscriptions, name: names.subscriptions), events: events.map { .bytes($0, name: names.events) },
            options: options, chunkSize: chunkSize)
    }

    /// Scans one table into `handler`; returns its source entry.
    static func scan<H: ExportRowHandler>(
        _ input: ByteSource, role: String, delimiter: Delimiter?, chunkSize: Int, handler: inout H, rowsRead: (H) -> Int
    ) throws(ImportFailure) -> ImportRecord.Source {
        let hasher = ChunkHasher()
        let outcome = try input.withReader { (_, source) throws(ImportFailure) -> DelimitedScanner.Outcome in
            try DelimitedScanner.scan(
                fileName: input.name, delimiter: delimiter?.byte, chunkSize: chunkSize, hasher: hasher, handler: &handler,
                source: source)
        }
        guard outcome.sawHeader else {
            throw ImportFailure(
                ImportError(
                    .emptyFile, file: input.name, expected: "a header row and data rows", found: "an empty file"))
        }
        return ImportRecord.Source(
            role: role, name: input.name, sha256: hasher.finalize(), bytes: outcome.bytes, rowsRead: rowsRead(handler))
    }

    static func run(
        subscriptions: ByteSource, events: ByteSource?, options: RawTablesOptions, chunkSize: Int
    ) throws(ImportFailure) -> ImportResult {
        var build = try RawTablesBuild(options: options, ledgerName: subscriptions.name, eventsName: events?.name ?? "")
        var ledger = build.ledger
        let ledgerSource = try scan(
            subscriptions, role: "subscriptions", delimiter: options.delimiter, chunkSize: chunkSize, handler: &ledger
        ) { $0.rowsRead }
        build.ledger = ledger
        try build.ledgerDone(ledgerSource)
        if let events {
            var aggregator = build.aggregator
            let source = try scan(events, role: "events", delimiter: options.delimiter, chunkSize: chunkSize, handler: &aggregator) {
                $0.rowsRead
            }
            build.aggregator = aggregator
            build.eventsDone(source)
        }
        return try build.finish()
    }
}
