import BearingImport
import BearingPostgres
import Foundation

/// Rows of a PostgreSQL query or tables handed to the importers: the query's columns are an
/// export's (mapped like a CRM export's), or tables are a subscriptions ledger and events.
enum PostgresPanelSource {
    static func query(url: String, sql: String, options: ExportOptions) throws -> ImportResult {
        let source = PostgresRowSource(location: try location(url))
        var consumer = ExportConsumer(options: options, name: "PostgreSQL query")
        _ = try source.stream(query: sql, into: &consumer)
        guard let importer = consumer.importer else { throw CommandError("the query returned no columns") }
        return try importer.finish()
    }

    static func tables(url: String, subscriptions: String, events: String?, options: RawTablesOptions) throws -> ImportResult {
        let source = PostgresRowSource(location: try location(url))
        let importer = try RawTablesRowImporter(options: options, ledgerName: subscriptions, eventsName: events ?? "events")
        var ledger = LedgerConsumer(importer: importer)
        _ = try source.streamTable(subscriptions, into: &ledger)
        if let events {
            var eventRows = EventsConsumer(importer: importer)
            _ = try source.streamTable(events, into: &eventRows)
        }
        return try importer.finish()
    }

    static func location(_ url: String) throws -> PostgresLocation {
        try PostgresLocation(url: url, environment: ProcessInfo.processInfo.environment)
    }

    struct ExportConsumer: PostgresRowConsumer {
        let options: ExportOptions
        let name: String
        var importer: ExportRowImporter?

        init(options: ExportOptions, name: String) {
            self.options = options
            self.name = name
        }

        mutating func header(_ names: [String]) throws {
            importer = try ExportRowImporter(header: names, options: options, sourceName: name)
        }

        mutating func row(_ cells: [String?]) throws { importer?.append(cells) }
    }

    struct LedgerConsumer: PostgresRowConsumer {
        let importer: RawTablesRowImporter
        mutating func header(_ names: [String]) throws { try importer.ledgerHeader(names) }
        mutating func row(_ cells: [String?]) throws { importer.appendLedger(cells) }
    }

    struct EventsConsumer: PostgresRowConsumer {
        let importer: RawTablesRowImporter
        mutating func header(_ names: [String]) throws { try importer.eventsHeader(names) }
        mutating func row(_ cells: [String?]) throws { importer.appendEvent(cells) }
    }
}
