import ArgumentParser
import Foundation
import Testing
import _TestSupport

@testable import BearingCommands

/// Every JSON file Bearing writes validates against its schema in `docs/schemas` (closed
/// objects, snake_case keys, required keys present, value types), on real outputs of the
/// commands: the workbench's files, a shard's `shard.json` and `retention --out`.
@Suite struct OutputSchemaTests {
    static let schemas = WorkbenchCommandTests.repository.appendingPathComponent("docs/schemas")

    static func check(_ file: URL, against schema: String) throws {
        let schemaObject = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: schemas.appendingPathComponent("\(schema).schema.json"))) as? [String: Any])
        let value = try JSONSerialization.jsonObject(with: Data(contentsOf: file))
        let problems = JSONSchemaCheck.violations(of: value, against: schemaObject)
        let listing = problems.prefix(20).joined(separator: "\n")
        #expect(problems.isEmpty, "\(file.lastPathComponent) vs \(schema).schema.json:\n\(listing)")
    }

    @Test func everyOutputValidatesAgainstItsSchema() throws {
        let dir = try TestSupport.temporaryDirectory("schemas")
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try WorkbenchCommandTests.smallScenario(in: dir).path
        let out = dir.appendingPathComponent("out")
        let plans = ["nrr-weighted-80-20.yaml", "vector-forecast-70-30.yaml"].map {
            WorkbenchCommandTests.repository.appendingPathComponent("Scenarios/plans/\($0)").path
        }
        _ = try WorkbenchCommand.parse(
            [scenario, "--out", out.path, "--seed", "3", "--trials", "3", "--stress-trials", "2", "--forecast-trials", "30", "--quiet"]
                + plans.flatMap { ["--plan", $0] }
        ).execute()
        for (file, schema) in [
            ("simulate/summary.json", "summary"), ("calibrate/weights.json", "weights"), ("backtest/backtest.json", "backtest"),
            ("score/scores.summary.json", "scores-summary"), ("forecast/forecast.json", "forecast"),
            ("compare-forecasts/comparison.json", "forecast-comparison"), ("comp/comparison.json", "comp-comparison"),
            ("comp/stress.json", "stress"), ("workbench.json", "workbench"),
        ] {
            try Self.check(out.appendingPathComponent(file), against: schema)
        }
        let shard = dir.appendingPathComponent("shard")
        _ = try SimulateCommand.parse([scenario, "--seed", "1", "--trials", "2", "--shard", "1/2", "--out", shard.path, "--quiet"]).execute()
        try Self.check(shard.appendingPathComponent("shard.json"), against: "shard")
        let retention = dir.appendingPathComponent("retention.json")
        try RetentionCommand.parse([
            WorkbenchCommandTests.repository.appendingPathComponent("Scenarios/retention-example.csv").path, "--out", retention.path,
        ]).run()
        try Self.check(retention, against: "retention")
    }

    /// The checker itself finds what it is for.
    @Test func checkerReportsCamelCaseUnknownAndMissingKeys() {
        let schema: [String: Any] = [
            "type": "object", "properties": ["start_arr": ["type": ["number", "null"]]], "required": ["start_arr"],
            "additionalProperties": false, "propertyNames": ["pattern": "^[a-z][a-z0-9_]*$"],
        ]
        #expect(JSONSchemaCheck.violations(of: ["start_arr": 1.5], against: schema).isEmpty)
        #expect(JSONSchemaCheck.violations(of: ["start_arr": NSNull()], against: schema).isEmpty)
        let bad = JSONSchemaCheck.violations(of: ["startARR": 1.5], against: schema)
        #expect(bad.contains { $0.contains("missing key 'start_arr'") })
        #expect(bad.contains { $0.contains("'startARR' does not match") })
        #expect(bad.contains { $0.contains("unexpected key 'startARR'") })
        #expect(!JSONSchemaCheck.violations(of: ["start_arr": "x"], against: schema).isEmpty)
    }
}
