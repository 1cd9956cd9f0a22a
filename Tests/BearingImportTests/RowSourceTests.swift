import BearingFiles
import BearingImport
import BearingPanel
import Foundation
import Testing

/// Rows handed over in memory (as a PostgreSQL source hands them: a header, then text cells
/// with nil for NULL) import like the same rows in a file; the record is snake_case JSON.
@Suite struct RowSourceTests {
    /// The example tables' cells (they hold no quotes), empty cells as NULL.
    static func cells(_ name: String) throws -> (header: [String], rows: [[String?]]) {
        let text = try String(contentsOf: TestPanels.examples.appendingPathComponent(name), encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return (lines[0], lines.dropFirst().map { $0.map { $0.isEmpty ? nil : $0 } })
    }

    @Test func rawTablesFromRowsEqualTheFiles() throws {
        let catalog = try ConfigDecoder().decode(
            MetricCatalog.self, fromFile: TestPanels.examples.appendingPathComponent("metrics.yaml").path)
        let options = RawTablesOptions(granularity: .quarter, metrics: catalog)
        let files = try RawTablesExampleTests.importExample(options: options)
        let importer = try RawTablesRowImporter(options: options, ledgerName: "subscriptions", eventsName: "events")
        let ledger = try Self.cells("subscriptions.csv")
        try importer.ledgerHeader(ledger.header)
        for row in ledger.rows { importer.appendLedger(row) }
        let events = try Self.cells("events.csv")
        try importer.eventsHeader(events.header)
        for row in events.rows { importer.appendEvent(row) }
        let rows = try importer.finish()
        #expect(rows.panel == files.panel)
        #expect(rows.record.counts == files.record.counts)
        #expect(rows.record.sources.map(\.sha256) == [nil, nil])
        #expect(rows.record.sources.map(\.rowsRead) == files.record.sources.map(\.rowsRead))
    }

    @Test func rowProblemsAreLocatedLikeFileLines() throws {
        let importer = try RawTablesRowImporter(options: RawTablesOptions(granularity: .quarter), ledgerName: "subs")
        try importer.ledgerHeader(["customer_id", "date", "arr"])
        importer.appendLedger(["a", "2024-01-01", "100"])
        importer.appendLedger(["b", nil, "100"])
        importer.appendLedger(["c", "2024-01-01"])
        do {
            _ = try importer.finish()
            Issue.record("accepted")
        } catch {
            #expect(error.errors.map(\.kind) == [.emptyCell, .fieldCount])
            #expect(error.errors.map(\.line) == [3, 4])
            #expect(error.errors.first?.description == "subs:3: column 2 (date): expected a date like YYYY-MM-DD, found an empty cell")
        }
    }

    @Test func exportRowsWithNullsAndErrors() throws {
        let importer = try ExportRowImporter(header: ["Customer ID", "Period", "ARR", "Churned", "NPS"], sourceName: "query")
        importer.append(["a", "2024-Q1", "$1,000", "no", nil])
        importer.append(["a", "2024-Q2", "1000", nil, "40"])
        importer.append(["b", "2024-Q1", "-3", "0", "x"])
        do {
            _ = try importer.finish()
            Issue.record("accepted")
        } catch {
            #expect(
                error.errors.map(\.description) == [
                    #"query:4: column 3 (ARR): expected a number >= 0, found "-3""#
                ])
        }
        let good = try ExportRowImporter(header: ["customer_id", "period", "arr", "churned", "experience.nps"], sourceName: "q")
        good.append(["a", "2024-Q1", "$1,000", "no", nil])
        good.append(["a", "2024-Q2", "1000", nil, "40"])
        let result = try good.finish()
        #expect(result.panel.arr == [1000, 1000] && result.panel.outcomeKnown == [true, false])
        #expect(result.panel.features.first?.values.first?.isNaN == true)
    }

    @Test func tabDelimitedWithBOMAndCRLF() throws {
        let text = "\u{FEFF}customer_id\tperiod\tarr\tchurned\r\nc1\t2024-Q1\t1 200,5\t0\r\nc1\t2024-Q2\t1 200,5\t1"
        let result = try ExportImporter.importBytes(Array(text.utf8), options: ExportOptions(decimalSeparator: .comma))
        #expect(result.panel.arr == [1200.5, 1200.5] && result.panel.churned == [false, true])
        #expect(result.record.options["delimiter"] == "tab" && result.record.options["delimiter_detected"] == "true")
    }

    @Test func recordIsSnakeCaseJSONWithSchemaVersion() throws {
        let dir = TestPanels.examples
        let mapping = try ConfigDecoder().decode(
            ColumnMapping.self, fromFile: dir.appendingPathComponent("crm-export.columns.yaml").path)
        let result = try ExportImporter.importFile(at: dir.appendingPathComponent("crm-export.csv"), options: ExportOptions(mapping: mapping))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try #require(String(data: try encoder.encode(result.record), encoding: .utf8))
        for key in [
            "\"rows_read\":11", "\"rows_written\":11", "\"columns_ignored\"", "\"unknown_outcome_rows\":2",
            "\"currency_stripped\"", "\"thousands_separators\"", "\"percent_to_fraction\"", "\"booleans_mapped\"",
            "\"missing_tokens\"", "\"dates_to_periods\"", "\"defaults_filled\"", "\"source_header\"", "\"panel_column\"",
            "\"feature_columns\"", "\"first_period\":\"2024-Q1\"", "\"sha256\":\"sha256:",
        ] {
            #expect(json.contains(key), "\(key)")
        }
        #expect(!json.contains("rowsRead") && !json.contains("schemaVersion"))
        let decoded = try JSONDecoder().decode(ImportRecord.self, from: try encoder.encode(result.record))
        #expect(decoded == result.record)
    }
}
