import ArgumentParser
import BearingContracts
import BearingForecast
import BearingPipeline
import Foundation
import Testing
import _TestSupport

@testable import BearingCommands

@Suite struct RetentionCommandTests {
    func write(_ text: String, in dir: URL, name: String = "counts.csv") throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// The shipped example is Fader & Hardie's regular cohort; scipy's MLE is
    /// alpha = 0.7040773, beta = 1.1820430 (Tests/BearingForecastTests/reference).
    @Test func exampleFileFitsPublishedEstimatesAndWritesJSON() throws {
        let dir = try TestSupport.temporaryDirectory()
        let example = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Scenarios/retention-example.csv").path
        let out = dir.appendingPathComponent("fit.json").path
        let command = try #require(
            try Bearing.parseAsRoot(["retention", example, "--periods", "3", "--out", out]) as? RetentionCommand)
        try command.run()
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        let alpha = try #require(json["alpha"] as? Double)
        let beta = try #require(json["beta"] as? Double)
        #expect(abs(alpha - 0.7040773019438622) < 1e-6)
        #expect(abs(beta - 1.1820430307075578) < 1e-6)
        #expect((json["projection"] as? [Any])?.count == 3)
        #expect(json["expected_lifetime"] == nil)  // alpha <= 1: infinite, so absent
        // No temporary file left beside the output.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["fit.json"])
    }

    /// `--model bdw` projects with the beta-discrete-Weibull fit; the JSON gives alpha, beta, c
    /// and log_likelihood of that model and the likelihood-ratio comparison with sBG (scipy MLE of
    /// the regular cohort in Tests/BearingForecastTests/reference/bdw_reference.py).
    @Test func betaDiscreteWeibullOnTheExample() throws {
        let dir = try TestSupport.temporaryDirectory()
        let example = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Scenarios/retention-example.csv").path
        let out = dir.appendingPathComponent("bdw.json").path
        let text = try RetentionCommand.parse([example, "--model", "bdw", "--out", out]).execute()
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        #expect(json["model"] as? String == "bdw")
        let c = try #require(json["c"] as? Double)
        #expect(c > 0 && c != 1)
        #expect(json["log_likelihood"] is Double)
        #expect((json["comparison"] as? [String: Any])?["p_value"] is Double)
        #expect(json["schema_version"] as? Int == SchemaVersion.current)
        #expect(text.contains("eta-discrete-Weibull") || text.contains("BdW"))
    }

    @Test func severalCohortsShareParameters() throws {
        let dir = try TestSupport.temporaryDirectory()
        var csv = "cohort,period,survivors\n"
        for (t, n) in [1000, 631, 468, 382, 326, 289, 262, 241].enumerated() { csv += "regular,\(t),\(n)\n" }
        for (t, n) in [1000, 869, 743, 653, 593, 551, 517, 491].enumerated() { csv += "\"high end\",\(t),\(n)\n" }
        let path = try write(csv, in: dir)
        let result = try RetentionStage.run(countsPath: path, model: .sbg, periods: 2, discountRate: 0.1)
        let (report, text) = (result.analysis, result.text)
        // scipy, both cohorts pooled: alpha = 0.5807398, beta = 1.6785541.
        #expect(abs(report.alpha - 0.5807397639464084) < 1e-6)
        #expect(abs(report.beta - 1.6785541196029252) < 1e-6)
        #expect(report.cohorts.map(\.cohort) == ["regular", "high end"])
        #expect(text.contains("high end"))
    }

    @Test(arguments: [
        ("period,survivors\n1,1000\n2,900\n", "counts.csv:2:1 (period): cohort 'all': expected period 0 first, found 1"),
        (
            "period,survivors\n0,1000\n1,900\n2,950\n",
            "counts.csv:4:2 (survivors): cohort 'all': survivors rose from 900 to 950; counts must not increase"
        ),
        ("period,survivors\n0,1000\n1,9x0\n", "counts.csv:3:2 (survivors): expected a whole number >= 0, found '9x0'"),
        (
            "period,survivors\n0,1000\n2,900\n",
            "counts.csv:3:1 (period): cohort 'all': expected period 1 next (periods run 0, 1, 2, ... in file order; previous row line 2), found 2"
        ),
        ("period,count\n0,1000\n", "counts.csv:1: expected a `survivors` column in the header, found: period,count"),
        ("period,survivors,extra\n0,1000,1\n", "counts.csv:1:3 (extra): unknown column; expected only `period`, `survivors` and optionally `cohort`"),
        ("period,survivors\n0,1000\n1\n", "counts.csv:3: expected 2 fields like the header, found 1"),
        ("period,survivors\n0,1000\n", "counts.csv:2: cohort 'all' has only period 0; the fit needs period 1 or later too"),
        ("period,survivors\n0,-5\n", "counts.csv:2:2 (survivors): expected a whole number >= 0, found '-5'"),
    ])
    func badInputNamesLineAndColumn(csv: String, message: String) throws {
        let dir = try TestSupport.temporaryDirectory()
        let path = try write(csv, in: dir)
        let out = dir.appendingPathComponent("fit.json").path
        do {
            var command = try Bearing.parseAsRoot(["retention", path, "--out", out])
            try command.run()
            Issue.record("expected an error")
        } catch {
            #expect(String(describing: error) == dir.path + "/" + message)
        }
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// Undiscounted (rate 0) with alpha <= 1: the lifetimes are infinite and absent from JSON;
    /// with alpha > 1 E[T] = (alpha+beta-1)/(alpha-1) is reported.
    @Test func undiscountedLifetimes() throws {
        let dir = try TestSupport.temporaryDirectory()
        let regular = try write("period,survivors\n0,1000\n1,631\n2,468\n3,382\n4,326\n5,289\n6,262\n7,241\n", in: dir)
        let result = try RetentionStage.run(countsPath: regular, model: .sbg, periods: 1, discountRate: 0)
        let (report, text) = (result.analysis, result.text)
        #expect(report.expectedLifetime == nil && report.discountedExpectedLifetime == nil)
        #expect(report.cohorts[0].discountedExpectedResidualLifetime == nil)
        #expect(text.contains("infinite"))
        // Nearly homogeneous churn of about 30%: alpha > 1, finite lifetime.
        let steady = try write("period,survivors\n0,10000\n1,7000\n2,4920\n3,3470\n4,2455\n5,1742\n", in: dir, name: "steady.csv")
        let r2 = try RetentionStage.run(countsPath: steady, model: .sbg, periods: 1, discountRate: 0).analysis
        let lifetime = try #require(r2.expectedLifetime)
        #expect(abs(lifetime - (r2.alpha + r2.beta - 1) / (r2.alpha - 1)) < 1e-9)
    }

    @Test func unidentifiedFitIsAnErrorNotANumber() throws {
        let dir = try TestSupport.temporaryDirectory()
        let path = try write("period,survivors\n0,1000\n1,1000\n2,1000\n", in: dir)
        #expect(throws: ContractError.self) { try RetentionStage.run(countsPath: path, model: .sbg, periods: 1, discountRate: 0.1) }
    }

    @Test func optionsAreValidated() {
        #expect(throws: (any Error).self) { try Bearing.parseAsRoot(["retention", "x.csv", "--discount", "-0.1"]) }
        #expect(throws: (any Error).self) { try Bearing.parseAsRoot(["retention", "x.csv", "--periods", "-1"]) }
    }

    @Test func helpShowsAnExample() {
        let help = Bearing.helpMessage(for: RetentionCommand.self)
        #expect(help.contains("bearing retention Scenarios/retention-example.csv"))
        #expect(help.contains("--discount"))
    }
}
