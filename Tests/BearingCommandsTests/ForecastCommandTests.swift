import ArgumentParser
import BearingFiles
import BearingContracts
import BearingFiles
import Foundation
import Testing
import _TestSupport
@testable import BearingCommands

@Suite struct ForecastCommandTests {
    /// A small synthetic history: 240 customers over 4 quarters; each has a latent health h
    /// that drives usage trend and NPS, reach of `integrations-live` (logistic in h), an 80%
    /// take and churn. Deterministic (a linear congruential generator, good enough for a fixture).
    static func historyCSV(milestone: String = "integrations-live") -> String {
        var state: UInt64 = 12345
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Double(state >> 11) + 0.5) * 0x1p-53
        }
        var s = "customer_id,period,segment,fit,arr,churned,expansion_arr,contraction_arr,milestone,milestone_reached,outcome.usage_trend,experience.nps,engagement.days_since_contact\n"
        for c in 0..<240 {
            let h = uniform() * 4 - 2
            var alive = true
            for q in 1...4 where alive {
                let usage = h + (uniform() - 0.5)
                let nps = 20 * h + 20 * (uniform() - 0.5)
                let days = h < -1.5 ? 120 : Int(uniform() * 30)
                let churned = uniform() < 0.15 / (1 + exp(2 * h))
                let reached = uniform() < 1 / (1 + exp(-1.5 * h))
                let took = reached && uniform() < 0.8
                s += "c\(c),2025-Q\(q),\(c % 2 == 0 ? "smb" : "enterprise"),\(c % 7 == 0 ? "bad" : "good"),12000,\(churned ? 1 : 0),\(took ? 1000 : 0),0,\(milestone),\(reached ? 1 : 0),\(usage),\(nps),\(days)\n"
                alive = !churned
            }
        }
        return s
    }

    static var catalogue: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Scenarios/milestones-example.yaml").path
    }

    @Test func forecastWritesJSONAndCohortTable() throws {
        let dir = try TestSupport.temporaryDirectory()
        let history = dir.appendingPathComponent("history.csv")
        try Self.historyCSV().write(to: history, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out").path
        let command = try #require(try Bearing.parseAsRoot([
            "forecast", history.path, "--milestones", Self.catalogue, "--quota", "0.05", "--trials", "300", "--out", out, "--quiet",
        ]) as? ForecastCommand)
        try command.run()
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/forecast.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let forecast = try #require(json["forecast"] as? [String: Any])
        #expect(forecast["period"] as? String == "2026-Q1")
        let segments = try #require(forecast["segments"] as? [[String: Any]])
        #expect(segments.map { $0["segment"] as? String } == ["enterprise", "smb", "all"])
        let total = segments[2]
        let book = try #require(total["book_arr"] as? Double)
        #expect(abs((total["quota_expansion_arr"] as? Double ?? 0) - 0.05 * book) < 1e-6)
        let p10 = try #require(total["expansion_p10"] as? Double)
        let p50 = try #require(total["expansion_p50"] as? Double)
        let p90 = try #require(total["expansion_p90"] as? Double)
        #expect(p10 <= p50 && p50 <= p90 && p90 > 0)
        // The cohort table adds up to the vector forecast.
        let csv = try String(contentsOfFile: out + "/milestone-cohorts.csv", encoding: .utf8)
        let lines = csv.split(separator: "\n").dropFirst()
        let sum = lines.reduce(0.0) { $0 + (Double($1.split(separator: ",").last ?? "") ?? .nan) }
        #expect(abs(sum - (total["expected_expansion_arr"] as? Double ?? 0)) < 1e-6)
        // Same inputs, same bytes.
        let out2 = dir.appendingPathComponent("out2").path
        var again = try Bearing.parseAsRoot([
            "forecast", history.path, "--milestones", Self.catalogue, "--quota", "0.05", "--trials", "300", "--out", out2, "--quiet",
        ])
        try again.run()
        let data2 = try Data(contentsOf: URL(fileURLWithPath: out2 + "/forecast.json"))
        #expect(String(decoding: data, as: UTF8.self).replacingOccurrences(of: out, with: "")
            == String(decoding: data2, as: UTF8.self).replacingOccurrences(of: out2, with: ""))
    }

    @Test func pastPeriodShowsActuals() throws {
        let dir = try TestSupport.temporaryDirectory()
        let history = dir.appendingPathComponent("history.csv")
        try Self.historyCSV().write(to: history, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out").path
        var command = try Bearing.parseAsRoot([
            "forecast", history.path, "--milestones", Self.catalogue, "--quota", "0.05", "--trials", "100",
            "--period", "2025-Q3", "--out", out, "--quiet",
        ])
        try command.run()
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/forecast.json"))) as? [String: Any])
        let forecast = try #require(json["forecast"] as? [String: Any])
        #expect(forecast["period"] as? String == "2025-Q3")
        let total = try #require((forecast["segments"] as? [[String: Any]])?.last)
        #expect(total["actual_expansion_arr"] is Double)
    }

    @Test func compareForecastsWalksForward() throws {
        let dir = try TestSupport.temporaryDirectory()
        let history = dir.appendingPathComponent("history.csv")
        try Self.historyCSV().write(to: history, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("compare").path
        var command = try Bearing.parseAsRoot([
            "compare-forecasts", history.path, "--milestones", Self.catalogue, "--quota", "0.05", "--trials", "200", "--out", out, "--quiet",
        ])
        try command.run()
        let csv = try String(contentsOfFile: out + "/comparison.csv", encoding: .utf8)
        // 3 compared quarters x (2 segments + all) rows, plus the header.
        #expect(csv.split(separator: "\n").count == 1 + 9)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/comparison.json"))) as? [String: Any])
        let summaries = try #require((json["comparison"] as? [String: Any])?["summaries"] as? [[String: Any]])
        #expect(summaries.last?["segment"] as? String == "all")
        #expect(summaries.last?["vector_mape"] is Double)
    }

    @Test func milestoneMissingFromCatalogueFailsAndWritesNothing() throws {
        let dir = try TestSupport.temporaryDirectory()
        let history = dir.appendingPathComponent("history.csv")
        try Self.historyCSV(milestone: "unlisted").write(to: history, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out").path
        do {
            var command = try Bearing.parseAsRoot([
                "forecast", history.path, "--milestones", Self.catalogue, "--quota", "0.05", "--out", out, "--quiet",
            ])
            try command.run()
            Issue.record("expected an error")
        } catch {
            #expect(String(describing: error).contains("unlisted"))
        }
        #expect(!FileManager.default.fileExists(atPath: out + "/forecast.json"))
    }

    @Test func catalogueReadsYAMLAndJSONStrictly() throws {
        let dir = try TestSupport.temporaryDirectory()
        let yaml = try ConfigFiles.milestones(Self.catalogue)
        #expect(yaml.milestones.map(\.name) == ["integrations-live", "second-team-onboarded", "executive-review"])
        #expect(yaml.milestones[0].fixedTakeRate(for: .positive) == 0.9)
        #expect(yaml.milestones[2].horizon == .nextPeriod)
        let json = dir.appendingPathComponent("m.json").path
        try #"{"milestones": [{"name": "x", "upsell_arr": 5, "horizon": 60}]}"#.write(toFile: json, atomically: true, encoding: .utf8)
        #expect(try ConfigFiles.milestones(json).milestones[0].horizon == .days(60))
        let bad = dir.appendingPathComponent("bad.yaml").path
        try "milestones:\n  - name: x\n    horizon: 30\n".write(toFile: bad, atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) { try ConfigFiles.milestones(bad) }
        try "milestones:\n  - name: x\n    upsell_arr: 5\n    upsel_arr: 6\n".write(toFile: bad, atomically: true, encoding: .utf8)
        do {
            _ = try ConfigFiles.milestones(bad)
            Issue.record("expected an unknown-key error")
        } catch {
            // Located by BearingFiles' ConfigDecoder: file, line 4, the misspelt key.
            #expect(String(describing: error).hasPrefix(bad + ":4:"))
            #expect(String(describing: error).contains("upsel_arr"))
        }
        try "milestones:\n  - name: x\n    upsell_arr: 5\n    horizon: 45\n".write(toFile: bad, atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) { try ConfigFiles.milestones(bad) }
        try "milestones:\n  - name: x\n    upsell_arr: 5\n    take_rates: {positive: 1.5}\n".write(toFile: bad, atomically: true, encoding: .utf8)
        // Checked while decoding, so located at the milestone (line 2, column 5).
        #expect(throws: ConfigError.self) { try ConfigFiles.milestones(bad) }
        do {
            _ = try ConfigFiles.milestones(bad)
        } catch {
            #expect("\(error)" == bad + ":2:5: milestones[0]: milestone catalogue: milestone 'x': take rate for positive must be between 0 and 1, got 1.5")
        }
    }

    @Test func optionsAreValidated() {
        #expect(throws: (any Error).self) { try Bearing.parseAsRoot(["forecast", "h.csv", "--milestones", "m.json", "--quota", "-1", "--out", "d"]) }
        #expect(throws: (any Error).self) { try Bearing.parseAsRoot(["forecast", "h.csv", "--milestones", "m.json", "--quota", "0.1", "--period", "Q3", "--out", "d"]) }
        #expect(throws: (any Error).self) { try Bearing.parseAsRoot(["compare-forecasts", "h.csv", "--milestones", "m.json", "--quota", "0.1", "--min-training", "0", "--out", "d"]) }
    }
}
