import ArgumentParser
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
        var s =
            "customer_id,period,segment,fit,arr,churned,expansion_arr,contraction_arr,milestone,milestone_reached,outcome.usage_trend,experience.nps,engagement.days_since_contact\n"
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
                s +=
                    "c\(c),2025-Q\(q),\(c % 2 == 0 ? "smb" : "enterprise"),\(c % 7 == 0 ? "bad" : "good"),12000,\(churned ? 1 : 0),\(took ? 1000 : 0),0,\(milestone),\(reached ? 1 : 0),\(usage),\(nps),\(days)\n"
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
        let command = try #require(
            try Bearing.parseAsRoot([
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
        #expect(
            String(decoding: data, as: UTF8.self).replacingOccurrences(of: out, with: "")
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
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/forecast.json"))) as? [String: Any])
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
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/comparison.json"))) as? [String: Any])
        let summaries = try #require((json["comparison"] as? [String: Any])?["summaries"] as? [[String: Any]])
        #expect(summaries.last?["segment"] as? String == "all")
        #expect(summaries.last?["vector_mape"] is Double)
    }

    /// Without --quota the quota is each segment's trailing observed expansion rate over the
    /// periods before the one forecast (never a built-in rate), recomputed here from the CSV.
    @Test func compareForecastsWithoutQuotaUsesTheTrailingRatePerSegment() throws {
        let dir = try TestSupport.temporaryDirectory()
        let history = dir.appendingPathComponent("history.csv")
        let csv = Self.historyCSV()
        try csv.write(to: history, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("compare").path
        let command = try #require(
            try Bearing.parseAsRoot(["compare-forecasts", history.path, "--milestones", Self.catalogue, "--trials", "50", "--out", out, "--quiet"])
                as? any TextCommand)
        let text = try command.execute()
        #expect(text.contains("quota: none given, so the trailing observed expansion rate per segment"))
        // Σ expansion and Σ ARR per (segment, period) straight from the CSV.
        var sums: [String: (expansion: Double, arr: Double)] = [:]
        for line in csv.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let key = f[2] + "|" + f[1]
            sums[key, default: (0, 0)].expansion += Double(f[6]) ?? .nan
            sums[key, default: (0, 0)].arr += Double(f[4]) ?? .nan
        }
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/comparison.json"))) as? [String: Any])
        let quota = try #require((json["comparison"] as? [String: Any])?["quota"] as? [String: Any])
        #expect(quota["source"] as? String == "trailing")
        let entries = try #require(quota["segments"] as? [[String: Any]])
        #expect(entries.count == 3 * 2, "3 compared quarters x 2 segments")
        for entry in entries {
            let period = try #require(entry["period"] as? String)
            let segment = try #require(entry["segment"] as? String)
            let quarter = try #require(Int(period.suffix(1)))
            let earlier = (1..<quarter).compactMap { sums["\(segment)|2025-Q\($0)"] }
            let expected = earlier.reduce(0) { $0 + $1.expansion } / earlier.reduce(0) { $0 + $1.arr }
            let rate = try #require(entry["rate"] as? Double)
            #expect(abs(rate - expected) < 1e-12, "\(segment) \(period)")
            let book = try #require(entry["book_arr"] as? Double)
            #expect(abs((entry["quota_expansion_arr"] as? Double ?? 0) - rate * book) < 1e-6)
            #expect((entry["observed_periods"] as? [String])?.count == quarter - 1)
        }
    }

    /// A quota file's annual targets (per segment, or per CSM added up) spread by its seasonality.
    @Test func quotaFileTargetsSpreadBySeasonality() throws {
        let dir = try TestSupport.temporaryDirectory()
        let history = dir.appendingPathComponent("history.csv")
        try Self.historyCSV().write(to: history, atomically: true, encoding: .utf8)
        let quotaFile = dir.appendingPathComponent("quota.yaml")
        try "segments:\n  smb: 48000\n  enterprise:\n    csm-a: 10000\n    csm-b: 30000\nseasonality: [0.1, 0.2, 0.3, 0.4]\n"
            .write(to: quotaFile, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("forecast").path
        var command = try Bearing.parseAsRoot([
            "forecast", history.path, "--milestones", Self.catalogue, "--quota", quotaFile.path, "--period", "2025-Q3", "--trials", "50",
            "--out", out, "--quiet",
        ])
        try command.run()
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/forecast.json"))) as? [String: Any])
        let forecast = try #require(json["forecast"] as? [String: Any])
        #expect((forecast["quota"] as? [String: Any])?["source"] as? String == "file")
        let segments = try #require(forecast["segments"] as? [[String: Any]])
        let quota = Dictionary(uniqueKeysWithValues: segments.map { ($0["segment"] as? String ?? "", $0["quota_expansion_arr"] as? Double ?? .nan) })
        #expect(abs((quota["smb"] ?? 0) - 48000 * 0.3) < 1e-9)
        #expect(abs((quota["enterprise"] ?? 0) - 40000 * 0.3) < 1e-9)
        #expect(abs((quota["all"] ?? 0) - 88000 * 0.3) < 1e-9)

        // A segment the history does not have is an error naming it; nothing is written.
        try "segments:\n  smb: 1\n  enterprise: 1\n  mid-market: 1\n".write(to: quotaFile, atomically: true, encoding: .utf8)
        let out2 = dir.appendingPathComponent("forecast2").path
        var bad = try Bearing.parseAsRoot([
            "forecast", history.path, "--milestones", Self.catalogue, "--quota", quotaFile.path, "--out", out2, "--quiet",
        ])
        #expect { try bad.run() } throws: { "\($0)".contains("mid-market") }
        #expect(!FileManager.default.fileExists(atPath: out2))
    }

    /// `--renewals-only` forecasts exactly the rows whose renewal date falls in the period
    /// (counted here from the CSV), and says so; a history without contract columns is an error.
    @Test func renewalsOnlyForecastsTheCustomersUpForRenewal() throws {
        let dir = try TestSupport.temporaryDirectory()
        let scenario = try WorkbenchCommandTests.smallScenario(in: dir)
        let sim = dir.appendingPathComponent("sim").path
        var simulate = try Bearing.parseAsRoot(["simulate", scenario.path, "--seed", "3", "--trials", "1", "--out", sim, "--quiet"])
        try simulate.run()
        let csv = try String(contentsOfFile: sim + "/history.csv", encoding: .utf8)
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = try #require(lines.first)
        let periodColumn = try #require(header.firstIndex(of: "period"))
        let renewalColumn = try #require(header.firstIndex(of: "renewal_date"))
        let periods = Array(Set(lines.dropFirst().map { $0[periodColumn] })).sorted()
        let target = periods[periods.count - 2]
        let year = try #require(Int(target.prefix(4)))
        let quarter = try #require(Int(target.suffix(1)))
        let months = Set((quarter * 3 - 2)...(quarter * 3)).map { String(format: "%04d-%02d", year, $0) }
        let expected = lines.dropFirst().filter { $0[periodColumn] == target && months.contains(String($0[renewalColumn].prefix(7))) }.count
        #expect(expected > 0, "the scenario's annual contracts renew in \(target)")

        let out = dir.appendingPathComponent("forecast").path
        let command = try #require(
            try Bearing.parseAsRoot([
                "forecast", sim + "/history.csv", "--milestones", Self.repositoryCatalogue, "--period", target, "--renewals-only",
                "--trials", "50", "--out", out, "--quiet",
            ]) as? any TextCommand)
        let text = try command.execute()
        #expect(text.hasPrefix("Renewals only"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/forecast.json"))) as? [String: Any])
        #expect(json["renewals_only"] as? Bool == true)
        let segments = try #require((json["forecast"] as? [String: Any])?["segments"] as? [[String: Any]])
        #expect(segments.last?["segment"] as? String == "all")
        #expect(segments.last?["customers"] as? Int == expected)

        // The synthetic fixture has no contract columns.
        let plain = dir.appendingPathComponent("plain.csv")
        try Self.historyCSV().write(to: plain, atomically: true, encoding: .utf8)
        var bad = try Bearing.parseAsRoot([
            "compare-forecasts", plain.path, "--milestones", Self.catalogue, "--renewals-only", "--out", dir.appendingPathComponent("c").path,
            "--quiet",
        ])
        #expect { try bad.run() } throws: { "\($0)".contains("contract_term_months and renewal_date") }
    }

    static var repositoryCatalogue: String {
        WorkbenchCommandTests.repository.appendingPathComponent("Scenarios/milestones-saas-agency.yaml").path
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
            #expect(
                "\(error)" == bad + ":2:5: milestones[0]: milestone catalogue: milestone 'x': take rate for positive must be between 0 and 1, got 1.5"
            )
        }
    }

    @Test func optionsAreValidated() throws {
        #expect(throws: (any Error).self) { try Bearing.parseAsRoot(["forecast", "h.csv", "--milestones", "m.json", "--quota", "-1", "--out", "d"]) }
        // "5%" reads as the rate 0.05; anything that is not a number is a quota file's path.
        let percent = try #require(
            try Bearing.parseAsRoot(["forecast", "h.csv", "--milestones", "m.json", "--quota", "5%", "--out", "d"]) as? ForecastCommand)
        #expect(percent.model.quota.quota?.value == .rate(0.05))
        let file = try #require(
            try Bearing.parseAsRoot(["forecast", "h.csv", "--milestones", "m.json", "--quota", "q.yaml", "--out", "d"]) as? ForecastCommand)
        #expect(file.model.quota.quota?.value == .file("q.yaml"))
        #expect(throws: (any Error).self) {
            try Bearing.parseAsRoot(["forecast", "h.csv", "--milestones", "m.json", "--quota", "0.1", "--period", "Q3", "--out", "d"])
        }
        #expect(throws: (any Error).self) {
            try Bearing.parseAsRoot(["compare-forecasts", "h.csv", "--milestones", "m.json", "--quota", "0.1", "--min-training", "0", "--out", "d"])
        }
    }
}
