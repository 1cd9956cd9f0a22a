import ArgumentParser
import Foundation
import Testing
@testable import BearingCommands

@Suite struct WorkbenchCommandTests {
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// saas-agency shrunk to 320 customers over 6 quarters, so the whole loop runs in a debug build.
    static func smallScenario(in dir: URL) throws -> URL {
        var text = try String(contentsOf: repository.appendingPathComponent("Scenarios/saas-agency.yaml"), encoding: .utf8)
        for (from, to) in [("customers: 6000", "customers: 160"), ("customers: 3000", "customers: 100"), ("customers: 1000", "customers: 60"), ("  count: 10\n", "  count: 6\n")] {
            #expect(text.contains(from), "saas-agency.yaml no longer has '\(from)'")
            text = text.replacingOccurrences(of: from, with: to)
        }
        let url = dir.appendingPathComponent("small.yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func wholeLoopWritesEveryOutputAndTheReport() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bearing-workbench-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try Self.smallScenario(in: dir)
        let out = dir.appendingPathComponent("out")
        let plans = ["nrr-weighted-80-20.yaml", "vector-forecast-70-30.yaml"].map { Self.repository.appendingPathComponent("Scenarios/plans/\($0)").path }
        let command = try WorkbenchCommand.parse(
            [scenario.path, "--out", out.path, "--seed", "3", "--trials", "4", "--stress-trials", "3", "--forecast-trials", "50", "--quiet"]
                + plans.flatMap { ["--plan", $0] })
        try command.run()
        for file in [
            "simulate/history.csv", "simulate/summary.json", "calibrate/weights.json", "backtest/backtest.json", "score/scores.csv",
            "score/scores.summary.json", "forecast/forecast.json", "compare-forecasts/comparison.json", "comp/comparison.json",
            "comp/stress.json", "milestones.json", "report.html", "workbench.json",
        ] {
            let attributes = try? FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(file).path)
            #expect(((attributes?[.size] as? Int) ?? 0) > 0, "\(file) missing or empty")
        }
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(!html.contains("<strong>Not available:</strong>"), "every section has its inputs")
        #expect(!html.contains("<strong>Partly available:</strong>"))
        let record = try JSONDecoder().decode(WorkbenchCommand.Record.self, from: Data(contentsOf: out.appendingPathComponent("workbench.json")))
        #expect(record.stages.map(\.name).count == 8)
    }

    @Test func noPlansIsAnErrorThatSaysWhereTheyWereLookedFor() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bearing-workbench-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try Self.smallScenario(in: dir)
        let command = try WorkbenchCommand.parse([scenario.path, "--out", dir.appendingPathComponent("out").path, "--quiet"])
        #expect(throws: ValidationError.self) { try command.run() }
    }
}
