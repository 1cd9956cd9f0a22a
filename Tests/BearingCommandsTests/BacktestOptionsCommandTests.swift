import ArgumentParser
import BearingContracts
import BearingPanel
import Foundation
import Testing
import _TestSupport

@testable import BearingCommands

/// `backtest --split customers:K` for snapshots, and `--signs` for the health baseline, end to end.
@Suite struct BacktestOptionsCommandTests {
    static func write(_ panel: HistoryPanel, _ name: String) throws -> (dir: URL, csv: URL) {
        let dir = try TestSupport.temporaryDirectory(name)
        let csv = dir.appendingPathComponent("history.csv")
        let writer = try HistoryCSVWriter(creating: csv, shapeOf: panel)
        try writer.append(panel)
        try writer.finish()
        return (dir, csv)
    }

    /// A one-period snapshot has nothing to walk forward over: the error names the option, and
    /// with it the backtest runs, labelled out-of-sample.
    @Test func snapshotNeedsTheCustomerSplitAndSaysSo() throws {
        let (dir, csv) = try Self.write(SyntheticChurnPanel.make(customers: 600, periods: 1, seed: 11), "snapshot")
        let out = dir.appendingPathComponent("backtest").path
        var walkForward = try Bearing.parseAsRoot(["backtest", csv.path, "--out", out, "--quiet"])
        #expect { try walkForward.run() } throws: { "\($0)".contains("--split customers:5") }
        #expect(!FileManager.default.fileExists(atPath: out))

        let command = try #require(
            try Bearing.parseAsRoot(["backtest", csv.path, "--split", "customers:5", "--seed", "3", "--out", out, "--quiet"])
                as? any TextCommand)
        let text = try command.execute()
        #expect(text.contains("OUT OF SAMPLE, NOT OUT OF TIME"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/backtest.json"))) as? [String: Any])
        let backtest = try #require(json["backtest"] as? [String: Any])
        #expect(backtest["split"] as? String == "customers:5")
        #expect((backtest["validation"] as? String)?.contains("out-of-sample, not out-of-time") == true)
        #expect(throws: (any Error).self) { try Bearing.parseAsRoot(["backtest", csv.path, "--split", "customers:1", "--out", out]) }
    }

    /// A signs file overrides the sign the training data gives a feature, and the fit says so.
    @Test func healthSignsFromAFileAreUsedAndNamed() throws {
        let (dir, csv) = try Self.write(SyntheticChurnPanel.make(customers: 600, periods: 4, seed: 11), "signs")
        let signs = dir.appendingPathComponent("signs.yaml")
        // outcome.signal_x lowers health in the data (−a + ε); the file says the opposite.
        try "outcome.signal_x: 1\n".write(to: signs, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("weights.json").path
        func calibrate(_ extra: [String]) throws -> String {
            let command = try #require(
                try Bearing.parseAsRoot(["calibrate", csv.path, "--model", "health", "--until", "2024-Q3", "--out", out, "--quiet"] + extra)
                    as? any TextCommand)
            return try command.execute()
        }
        let learned = try calibrate([])
        #expect(learned.contains("sign outcome.signal_x: - (training correlation)"))
        let overridden = try calibrate(["--signs", signs.path])
        #expect(overridden.contains("sign outcome.signal_x: + (signs file)"))

        // A sign other than 1 or -1 is an error naming the file.
        try "outcome.signal_x: 2\n".write(to: signs, atomically: true, encoding: .utf8)
        #expect { _ = try calibrate(["--signs", signs.path]) } throws: { "\($0)".contains("signs.yaml") }
    }
}
