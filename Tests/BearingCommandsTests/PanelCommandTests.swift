import ArgumentParser
import BearingContracts
import BearingImport
import BearingPanel
import Foundation
import Testing
import _TestSupport

@testable import BearingCommands

/// `bearing panel`: the bundled examples import, the result scores like any panel, a broken
/// export lists all its errors in one run and writes nothing.
@Suite struct PanelCommandTests {
    static let examples = WorkbenchCommandTests.repository.appendingPathComponent("Scenarios/examples")

    @Test func theCRMExampleImportsAndScores() throws {
        let dir = try TestSupport.temporaryDirectory("panel")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("history.csv").path
        let text = try PanelCommand.parse([
            "--export", Self.examples.appendingPathComponent("crm-export.csv").path, "--columns",
            Self.examples.appendingPathComponent("crm-export.columns.yaml").path, "--open-period", "2024-Q3", "--out", out,
            "--quiet",
        ]).execute()
        #expect(text.contains("3 row(s) with an outcome not known yet"))
        let panel = try HistoryCSVReader.read(contentsOf: URL(fileURLWithPath: out))
        #expect(panel.customerIDs.count == 4)
        #expect(panel.features.contains { $0.group == .attribute })
        let record = try ContractJSON.decode(ImportRecord.self, fromFile: dir.appendingPathComponent("history.import.json").path)
        #expect(record.rowsWritten == panel.rowCount)
        let scores = try ScoreCommand.parse([out, "--out", dir.appendingPathComponent("scores.csv").path, "--quiet"]).execute()
        #expect(scores.contains("Scored 11 rows"))
    }

    @Test func rawTablesImport() throws {
        let dir = try TestSupport.temporaryDirectory("panel-raw")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("history.csv").path
        _ = try PanelCommand.parse([
            "--subscriptions", Self.examples.appendingPathComponent("subscriptions.csv").path, "--events",
            Self.examples.appendingPathComponent("events.csv").path, "--metrics", Self.examples.appendingPathComponent("metrics.yaml").path,
            "--grain", "quarter", "--out", out, "--quiet",
        ]).execute()
        let panel = try HistoryCSVReader.read(contentsOf: URL(fileURLWithPath: out))
        #expect(panel.rowCount == 12)
    }

    /// Every bad cell of the export in one run, each located; nothing written.
    @Test func aBrokenExportListsAllItsErrorsAndWritesNothing() throws {
        let dir = try TestSupport.temporaryDirectory("panel-broken")
        defer { try? FileManager.default.removeItem(at: dir) }
        let export = dir.appendingPathComponent("export.csv")
        try """
        customer_id,period,arr,churned
        a,2024-Q1,100,no
        a,2024-Q2,lots,no
        b,2024-Q1,(1200),maybe
        b,2024-Q7,50,yes

        """.write(to: export, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("history.csv").path
        do {
            _ = try PanelCommand.parse(["--export", export.path, "--out", out, "--quiet"]).execute()
            Issue.record("a broken export imported")
        } catch {
            let message = "\(error)"
            #expect(message.contains("export.csv:3: column 3 (arr)"), "\(message)")
            #expect(message.contains("export.csv:4: column 3 (arr)"), "\(message)")
            #expect(message.contains("export.csv:4: column 4 (churned)"), "\(message)")
            #expect(message.contains("export.csv:5: column 2 (period)"), "\(message)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["export.csv"])
    }

    @Test func optionsAreChecked() {
        #expect(throws: (any Error).self) { try PanelCommand.parse(["--out", "h.csv"]) }
        #expect(throws: (any Error).self) { try PanelCommand.parse(["--export", "e.csv", "--subscriptions", "s.csv", "--out", "h.csv"]) }
        #expect(throws: (any Error).self) { try PanelCommand.parse(["--subscriptions", "s.csv", "--out", "h.csv"]) }
        #expect(throws: (any Error).self) { try PanelCommand.parse(["--export", "e.csv", "--delimiter", "x", "--out", "h.csv"]) }
        #expect(throws: (any Error).self) { try PanelCommand.parse(["--postgres", "postgres://x/y", "--out", "h.csv"]) }
    }
}
