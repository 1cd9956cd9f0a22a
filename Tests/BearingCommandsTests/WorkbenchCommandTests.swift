import ArgumentParser
import BearingContracts
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
        for (from, to) in [
            ("customers: 6000", "customers: 160"), ("customers: 3000", "customers: 100"), ("customers: 1000", "customers: 60"),
            ("  count: 10\n", "  count: 6\n"),
        ] {
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
        let plans = ["nrr-weighted-80-20.yaml", "vector-forecast-70-30.yaml"].map {
            Self.repository.appendingPathComponent("Scenarios/plans/\($0)").path
        }
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
        let record = try ContractJSON.decode(WorkbenchRecord.self, fromFile: out.appendingPathComponent("workbench.json").path)
        #expect(record.stages.map(\.name).count == 8)
    }

    /// The workbench passes values between stages, but its files are byte for byte what the
    /// commands write when run one by one on those files (and `report` on the folder).
    @Test func workbenchOutputsEqualTheCommandsRunOneByOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bearing-workbench-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try Self.smallScenario(in: dir).path
        let out = dir.appendingPathComponent("out").path
        let plans = ["nrr-weighted-80-20.yaml", "vector-forecast-70-30.yaml"].map {
            Self.repository.appendingPathComponent("Scenarios/plans/\($0)").path
        }
        let milestones = Self.repository.appendingPathComponent("Scenarios/milestones-saas-agency.yaml").path
        _ = try WorkbenchCommand.parse(
            [
                scenario, "--out", out, "--seed", "5", "--trials", "3", "--stress-trials", "2", "--forecast-trials", "40",
                "--holdout", "1", "--milestones", milestones, "--quiet",
            ] + plans.flatMap { ["--plan", $0] }
        ).execute()
        let workbench = try Self.files(out)
        let history = out + "/simulate/history.csv"
        let weights = out + "/calibrate/weights.json"
        let record = try ContractJSON.decode(WorkbenchRecord.self, fromFile: out + "/workbench.json")
        let until = try #require(record.stages.first { $0.name == "calibrate" }?.arguments.last)
        let forecast = ["--weights", weights, "--milestones", milestones, "--trials", "40", "--seed", "5", "--quiet"]
        let commands: [[String]] = [
            ["simulate", scenario, "--seed", "5", "--trials", "3", "--out", out + "/simulate", "--quiet"],
            ["calibrate", history, "--model", "vector", "--until", until, "--out", weights, "--quiet"],
            ["backtest", history, "--out", out + "/backtest", "--quiet"],
            ["score", history, "--weights", weights, "--out", out + "/score/scores.csv", "--quiet"],
            ["forecast", history] + forecast + ["--out", out + "/forecast"],
            ["compare-forecasts", history] + forecast + ["--out", out + "/compare-forecasts"],
            ["comp"] + plans + [
                "--history", history, "--milestones", milestones, "--weights", weights, "--stress", scenario,
                "--trials", "2", "--seed", "5", "--out", out + "/comp", "--quiet",
            ],
            ["report", out, "--out", out + "/report.html"],
        ]
        for arguments in commands {
            let command = try #require(try Bearing.parseAsRoot(arguments) as? any TextCommand, "\(arguments[0])")
            _ = try command.execute()
        }
        let separately = try Self.files(out)
        #expect(Set(separately.keys) == Set(workbench.keys))
        for (name, bytes) in workbench where name != "workbench.json" {
            #expect(separately[name] == bytes, "\(name) differs between the workbench and the commands run one by one")
        }
    }

    static func files(_ folder: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let root = URL(fileURLWithPath: folder)
        for case let url as URL in FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) ?? .init()
        where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            out[String(url.path.dropFirst(root.path.count + 1))] = try Data(contentsOf: url)
        }
        return out
    }

    @Test func noPlansIsAnErrorThatSaysWhereTheyWereLookedFor() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bearing-workbench-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try Self.smallScenario(in: dir)
        let command = try WorkbenchCommand.parse([scenario.path, "--out", dir.appendingPathComponent("out").path, "--quiet"])
        #expect(throws: ContractError.self) { try command.run() }
    }
}
