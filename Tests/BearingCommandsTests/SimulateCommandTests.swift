import ArgumentParser
import BearingContracts
import Foundation
import Testing
import _TestSupport

@testable import BearingCommands

struct SimulateCommandTests {
    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scenarios")

    /// A small copy of saas-agency (fewer customers) so debug-build tests stay quick.
    static func smallScenario(in dir: URL) throws -> String {
        var text = try String(contentsOf: scenarios.appendingPathComponent("saas-agency.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "customers: 6000", with: "customers: 600")
            .replacingOccurrences(of: "customers: 3000", with: "customers: 300")
            .replacingOccurrences(of: "customers: 1000", with: "customers: 100")
        let url = dir.appendingPathComponent("small.yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func simulate(_ arguments: [String]) throws {
        let command = try #require(try Bearing.parseAsRoot(["simulate"] + arguments + ["--quiet"]) as? SimulateCommand)
        try command.run()
    }

    func files(_ dir: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            result[name] = try Data(contentsOf: dir.appendingPathComponent(name))
        }
        return result
    }

    @Test func writesThreeFilesIdenticallyForAnyThreadCount() throws {
        let dir = try TestSupport.temporaryDirectory("simulate")
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try Self.smallScenario(in: dir)
        try simulate([scenario, "--seed", "42", "--trials", "6", "--out", dir.appendingPathComponent("a").path, "--threads", "1"])
        try simulate([scenario, "--seed", "42", "--trials", "6", "--out", dir.appendingPathComponent("b").path, "--threads", "3"])
        let a = try files(dir.appendingPathComponent("a"))
        let b = try files(dir.appendingPathComponent("b"))
        // saas-agency signs new logos: trial 0's acquisition cohorts come too.
        #expect(Set(a.keys) == ["history.csv", "trials.csv", "summary.json", "cohorts.csv"])
        #expect(a == b)
        let trials = String(decoding: try #require(a["trials.csv"]), as: UTF8.self).split(separator: "\n")
        #expect(trials.count == 7)
        #expect(trials[1].hasPrefix("0,"))
        let summary = try JSONSerialization.jsonObject(with: try #require(a["summary.json"])) as? [String: Any]
        #expect(summary?["trials"] as? Int == 6)
        #expect(summary?["scenario"] as? String == "saas-agency")
    }

    @Test func shardsPartitionTheTrials() throws {
        let dir = try TestSupport.temporaryDirectory("simulate-shards")
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try Self.smallScenario(in: dir)
        try simulate([scenario, "--seed", "5", "--trials", "5", "--out", dir.appendingPathComponent("all").path])
        try simulate([scenario, "--seed", "5", "--trials", "5", "--out", dir.appendingPathComponent("s1").path, "--shard", "1/2"])
        try simulate([scenario, "--seed", "5", "--trials", "5", "--out", dir.appendingPathComponent("s2").path, "--shard", "2/2"])
        func rows(_ name: String) throws -> [Substring] {
            String(decoding: try Data(contentsOf: dir.appendingPathComponent(name).appendingPathComponent("trials.csv")), as: UTF8.self)
                .split(separator: "\n")
        }
        let all = try rows("all")
        let s1 = try rows("s1")
        let s2 = try rows("s2")
        #expect(s1[0] == all[0] && s2[0] == all[0])
        #expect(Array(s1.dropFirst() + s2.dropFirst()) == Array(all.dropFirst()))
        #expect(s1.count == 3)  // trials 0, 1
        let history = try Data(contentsOf: dir.appendingPathComponent("all/history.csv"))
        #expect(try Data(contentsOf: dir.appendingPathComponent("s1/history.csv")) == history)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("s2/history.csv").path))
    }

    @Test func latentRowsAlignWithHistoryForAnyThreadCount() throws {
        let dir = try TestSupport.temporaryDirectory("simulate-latent")
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try Self.smallScenario(in: dir)
        try simulate([scenario, "--seed", "9", "--trials", "2", "--latent", "--out", dir.appendingPathComponent("a").path, "--threads", "1"])
        try simulate([scenario, "--seed", "9", "--trials", "2", "--latent", "--out", dir.appendingPathComponent("b").path, "--threads", "3"])
        try simulate([scenario, "--seed", "9", "--trials", "2", "--out", dir.appendingPathComponent("plain").path])
        let a = try files(dir.appendingPathComponent("a"))
        #expect(Set(a.keys) == ["history.csv", "latent.csv", "trials.csv", "summary.json", "cohorts.csv"])
        #expect(a == (try files(dir.appendingPathComponent("b"))))
        // --latent adds a file and changes no other byte.
        let plain = try files(dir.appendingPathComponent("plain"))
        #expect(a.filter { $0.key != "latent.csv" } == plain)

        let history = String(decoding: try #require(a["history.csv"]), as: UTF8.self).split(separator: "\n")
        let latent = String(decoding: try #require(a["latent.csv"]), as: UTF8.self).split(separator: "\n")
        // With contracts and new logos: the contract term, renewal date, renewal flag, acquisition period.
        let expectedHeader = [
            "customer_id", "period", "latent_direction", "latent_experience", "dark", "true_category", "churn_probability",
            "contract_term_months", "renewal_date", "renewal", "acquired_period",
        ]
        #expect(latent.first?.split(separator: ",").map(String.init) == expectedHeader)
        try #require(latent.count == history.count)
        #expect(history.count > 1000)
        let categories: Set<Substring> = ["positive", "neutral", "negative", "ghost"]
        var churnedProbability = 0.0
        var keptProbability = 0.0
        var churned = 0
        for (h, l) in zip(history.dropFirst(), latent.dropFirst()) {
            let hf = h.split(separator: ",", omittingEmptySubsequences: false)
            let lf = l.split(separator: ",", omittingEmptySubsequences: false)
            try #require(lf.count == 11, "latent row \(l)")
            #expect(lf[0] == hf[0] && lf[1] == hf[1], "latent row \(l) against history row \(h)")
            #expect(Float(lf[2])?.isFinite == true && Float(lf[3])?.isFinite == true)
            #expect(lf[4] == "0" || lf[4] == "1")
            #expect(categories.contains(lf[5]))
            let p = try #require(Double(lf[6]))
            #expect(p > 0 && p < 1, "churn_probability \(p) outside (0, 1)")
            // history.csv: customer_id, period, segment, fit, csm_id, arr, churned, ...
            if hf[6] == "1" { churnedProbability += p; churned += 1 } else { keptProbability += p }
        }
        // The probabilities are the ones churn was drawn with: churned rows had higher ones.
        let n = history.count - 1
        #expect(churned > 0 && churned < n)
        #expect(churnedProbability / Double(churned) > keptProbability / Double(n - churned))
    }

    @Test func latentIsWrittenOnlyByTheShardHoldingTrialZero() throws {
        let dir = try TestSupport.temporaryDirectory("simulate-latent-shards")
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try Self.smallScenario(in: dir)
        try simulate([scenario, "--seed", "3", "--trials", "4", "--latent", "--out", dir.appendingPathComponent("all").path])
        try simulate([scenario, "--seed", "3", "--trials", "4", "--latent", "--out", dir.appendingPathComponent("s1").path, "--shard", "1/2"])
        try simulate([scenario, "--seed", "3", "--trials", "4", "--latent", "--out", dir.appendingPathComponent("s2").path, "--shard", "2/2"])
        let latent = try Data(contentsOf: dir.appendingPathComponent("all/latent.csv"))
        #expect(try Data(contentsOf: dir.appendingPathComponent("s1/latent.csv")) == latent)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("s2/latent.csv").path))
    }

    @Test func aBadScenarioWritesNothing() throws {
        let dir = try TestSupport.temporaryDirectory("simulate-bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOfFile: try Self.smallScenario(in: dir), encoding: .utf8)
            .replacingOccurrences(of: "persistence: 0.8", with: "persistence: 1.5")
        let bad = dir.appendingPathComponent("bad.yaml")
        try text.write(to: bad, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        #expect(throws: (any Error).self) {
            try simulate([bad.path, "--seed", "1", "--trials", "2", "--out", out.path])
        }
        let written = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
        #expect(written.isEmpty)
    }

    @Test func validatesOptionsAndShowsAnExample() throws {
        #expect(throws: (any Error).self) { try Bearing.parseAsRoot(["simulate", "x.yaml", "--seed", "1", "--trials", "0", "--out", "o"]) }
        #expect(throws: (any Error).self) {
            try Bearing.parseAsRoot(["simulate", "x.yaml", "--seed", "1", "--trials", "3", "--out", "o", "--shard", "3/2"])
        }
        #expect(throws: (any Error).self) {
            try Bearing.parseAsRoot(["simulate", "x.yaml", "--seed", "1", "--trials", "3", "--out", "o", "--threads", "0"])
        }
        let help = Bearing.helpMessage(for: SimulateCommand.self)
        #expect(help.contains("bearing simulate Scenarios/saas-agency.yaml --seed 42 --trials 200 --out out\n"))
        #expect(Shard(argument: "2/4")?.trials(of: 10) == 2..<5)
        #expect(help.contains("--latent"))
        #expect(help.contains("DIR/latent.csv"))
    }
}
