import ArgumentParser
import BearingContracts
import BearingPanel
import Foundation
import Testing
import _TestSupport

@testable import BearingCommands

/// `serve`'s command line: options checked before anything is read, and the server prepared
/// (history read, baselines fitted) from a real CSV without writing a file.
@Suite struct ServeCommandTests {
    @Test func optionsAreCheckedUpFront() throws {
        for bad in [
            ["serve", "h.csv", "--port", "70000"], ["serve", "h.csv", "--port", "-1"],
            ["serve", "h.csv", "--host", "example.com"], ["serve", "h.csv", "--from", "2025-13"],
            ["serve", "h.csv", "--to", "soon"],
        ] {
            #expect(throws: (any Error).self, "\(bad)") { _ = try Bearing.parseAsRoot(bad) }
        }
        let command = try #require(try Bearing.parseAsRoot(["serve", "h.csv"]) as? ServeCommand)
        #expect(command.host == "127.0.0.1" && command.port == 8080)
    }

    @Test func prepareBuildsTheServerOnLoopback() throws {
        let dir = try TestSupport.temporaryDirectory("serve-command")
        let csv = dir.appendingPathComponent("history.csv")
        let panel = SyntheticChurnPanel.make(customers: 400, periods: 4, seed: 9)
        let writer = try HistoryCSVWriter(creating: csv, shapeOf: panel)
        try writer.append(panel)
        try writer.finish()
        let command = try #require(
            try Bearing.parseAsRoot(["serve", csv.path, "--port", "0", "--from", "2024-Q3", "--quiet"]) as? ServeCommand)
        let server = try command.prepare()
        #expect(server.address.isLoopback)
        #expect(server.address.url(port: 8123) == "http://127.0.0.1:8123/")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["history.csv"])
        // A window that leaves nothing to fit the baselines on is a clear error.
        let early = try #require(
            try Bearing.parseAsRoot(["serve", csv.path, "--from", "2024-Q1", "--quiet"]) as? ServeCommand)
        #expect(throws: ContractError.self) { _ = try early.prepare() }
    }
}
