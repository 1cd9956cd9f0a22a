import ArgumentParser
import BearingCalibration
import BearingContracts
import BearingPanel
import BearingVector
import Foundation
import Testing
import _TestSupport

@testable import BearingCommands

/// `calibrate` and `backtest` end to end on a synthetic history written as CSV.
@Suite struct CalibrateCommandTests {
    static func history() throws -> (dir: URL, csv: URL) {
        let dir = try TestSupport.temporaryDirectory("calibrate")
        let csv = dir.appendingPathComponent("history.csv")
        let panel = SyntheticChurnPanel.make(customers: 600, periods: 5, seed: 11)
        let writer = try HistoryCSVWriter(creating: csv, shapeOf: panel)
        try writer.append(panel)
        try writer.finish()
        return (dir, csv)
    }

    @Test func calibrateWritesWeightsWithProvenance() throws {
        let (dir, csv) = try Self.history()
        let out = dir.appendingPathComponent("weights.json")
        let command = try #require(
            try Bearing.parseAsRoot([
                "calibrate", csv.path, "--model", "logistic", "--until", "2024-Q4", "--out", out.path, "--quiet",
            ]) as? CalibrateCommand)
        try command.run()
        let weights = try ConfigFiles.weights(out.path)
        #expect(weights.kind == .logistic)
        #expect(weights.provenance.periods.last == Period(year: 2024, quarter: 4))
        #expect(weights.provenance.dataFile == "history.csv")
        let expectedHash = FileDigest.sha256([UInt8](try Data(contentsOf: csv)))
        #expect(weights.provenance.dataHash == expectedHash)
        // Same inputs, same bytes.
        let first = try Data(contentsOf: out)
        try command.run()
        #expect(try Data(contentsOf: out) == first)
    }

    @Test func calibrateRejectsBadInput() throws {
        let (dir, csv) = try Self.history()
        let out = dir.appendingPathComponent("w.json")
        #expect(throws: (any Error).self) {
            try Bearing.parseAsRoot(["calibrate", csv.path, "--model", "forest", "--until", "2024-Q4", "--out", out.path])
        }
        #expect(throws: (any Error).self) {
            try Bearing.parseAsRoot(["calibrate", csv.path, "--until", "2024-13", "--out", out.path])
        }
        // A period before the history: a clear error and no file.
        for until in ["2019-Q1", "2024-06", "2031-Q1"] {
            let command = try #require(
                try Bearing.parseAsRoot(["calibrate", csv.path, "--until", until, "--out", out.path, "--quiet"]) as? CalibrateCommand)
            #expect(throws: ContractError.self) { _ = try command.execute() }
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func backtestWritesJSONAndTable() throws {
        let (dir, csv) = try Self.history()
        let out = dir.appendingPathComponent("bt")
        let command = try #require(
            try Bearing.parseAsRoot(["backtest", csv.path, "--models", "vector,logistic,health", "--out", out.path, "--quiet"])
                as? BacktestCommand)
        let text = try command.execute()
        #expect(text.contains("overall  health"))
        let report = try ContractJSON.decode(BacktestDocument.self, fromFile: out.appendingPathComponent("backtest.json").path).backtest
        #expect(report.periods.count == 3)
        #expect(report.overall.map(\.model) == [.vector, .logistic, .health])
        #expect(throws: (any Error).self) {
            try Bearing.parseAsRoot(["backtest", csv.path, "--models", "vector,vector", "--out", out.path])
        }
        #expect(throws: (any Error).self) {
            try Bearing.parseAsRoot(["backtest", csv.path, "--window", "rolling:0", "--out", out.path])
        }
    }

    /// FIPS 180-4 test vectors (also `hashlib.sha256` in Python).
    @Test func sha256KnownAnswers() {
        #expect(FileDigest.sha256(Array("abc".utf8)) == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(FileDigest.sha256([]) == "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            FileDigest.sha256(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "sha256:248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
