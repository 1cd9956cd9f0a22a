import BearingContracts
import BearingImport
import BearingPanel
import Foundation

/// `panel`: the one door for messy data — a CRM export, raw warehouse tables (a subscriptions
/// ledger and an events table) or rows handed over by a database — normalised into the strict
/// history panel every other command reads, with a record of what was converted.
public enum PanelStage {
    public struct Output: Sendable {
        public var panel: HistoryPanel
        public var record: ImportRecord
        /// One-line notices (columns ignored, defaults filled), shown once on stderr.
        public var notices: [String]
        /// The panel CSV and `<name>.import.json` beside it.
        public var files: [OutputFile]
        public var text: String
    }

    /// Imports an export file (`--export`), a large one on `threads` threads (same result on any).
    public static func export(
        path: String, options: ExportOptions, out: String, threads: Int = ExportImporter.defaultThreads
    ) throws -> Output {
        try output(
            ExportImporter.importFile(at: URL(fileURLWithPath: path), options: options, fileName: path, threads: threads),
            out: out)
    }

    /// Builds a panel from a subscriptions ledger and (optionally) an events table.
    public static func rawTables(subscriptions: String, events: String?, options: RawTablesOptions, out: String) throws -> Output {
        try output(
            RawTablesImporter.importFiles(
                subscriptions: URL(fileURLWithPath: subscriptions), events: events.map { URL(fileURLWithPath: $0) },
                options: options),
            out: out)
    }

    /// The files and text of a finished import.
    public static func output(_ result: ImportResult, out: String) throws -> Output {
        let name = URL(fileURLWithPath: out).lastPathComponent
        let panel = result.panel
        let record = result.record
        var text = "Imported \(record.rowsRead) row(s) into \(panel.rowCount) panel row(s)"
        text += " (\(panel.customerIDs.count) customers, \(panel.distinctPeriods.count) periods)"
        let unknown = panel.rowCount - panel.rowsWithKnownOutcome((0..<panel.rowCount).map(Int32.init)).count
        if unknown > 0 { text += "; \(unknown) row(s) with an outcome not known yet (scored, never trained on)" }
        text += ".\nwrote \(out) and \(recordName(of: out))\n"
        return Output(
            panel: panel, record: record, notices: result.notices,
            files: [
                OutputFile(name: name, bytes: HistoryCSVWriter.encode(panel)),
                try OutputFile.json(recordName(of: name), record),
            ],
            text: text)
    }

    /// `history.csv` → `history.import.json`.
    public static func recordName(of panelFile: String) -> String {
        (panelFile.hasSuffix(".csv") ? String(panelFile.dropLast(4)) : panelFile) + ".import.json"
    }
}
