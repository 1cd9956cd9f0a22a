import ArgumentParser
import Foundation
import Testing
import _TestSupport
@testable import BearingCommands

@Suite struct CompCommandTests {
    /// Two CSMs over 2025-Q1...Q2 (the hand-computed `sideBySideByHand` case of BearingCompTests):
    /// c1's books grow 20% a quarter, c2's shrink 10% then 20%.
    static let history = """
        customer_id,period,segment,fit,csm_id,arr,churned,expansion_arr,contraction_arr
        a,2025-Q1,smb,good,c1,100000,0,20000,0
        b,2025-Q1,smb,good,c2,100000,0,0,10000
        c,2025-Q2,smb,good,c1,100000,0,20000,0
        d,2025-Q2,smb,good,c2,100000,0,0,20000

        """

    static let flat = """
        {"name": "flat", "role": "CSM", "ote": 100000, "split": "100/0", "payment_period": "quarterly"}
        """

    static let nrr = """
        {"name": "nrr", "role": "CSM", "ote": 100000, "split": "80/20", "payment_period": "quarterly",
         "components": [{"metric": "nrr", "weight": 1, "target": 1.0, "threshold": 0.85}]}
        """

    static let scenario = """
        {
          "name": "small",
          "periods": {"start": "2024-Q1", "count": 4},
          "segments": [{"name": "Small Agency", "customers": 200, "arr": {"median": 5000, "sigma": 0.5},
                        "fit": {"good": 0.6, "stretch": 0.2, "bad": 0.2}, "csms": 4, "csm_skill_sd": 0.5}],
          "latent": {"direction": {"persistence": 0.8, "noise": 0.5, "csm_skill": 0.1},
                     "experience": {"persistence": 0.7, "noise": 0.5}},
          "categories": {"positive": {"direction": 0.5}, "negative": {"direction": -0.5}},
          "dark": {"initial": 0.05, "going_dark": {"intercept": -3}, "recovery": {"intercept": -1}},
          "hazards": {"churn": {"intercept": -3, "direction": -0.8}, "contraction": {"intercept": -3},
                      "contraction_share": {"min": 0.1, "max": 0.3}},
          "milestones": [{"name": "onboarded", "upsell_arr": 1000, "reach": {"intercept": -1, "direction": 1},
                          "take": {"positive": 0.9, "neutral": 0.5, "negative": 0.2, "ghost": 0.05}}],
          "features": [{"name": "outcome.usage_trend", "loadings": {"direction": 0.8}, "noise": 0.6},
                       {"name": "experience.nps", "center": 20, "scale": 30, "loadings": {"experience": 0.8}, "noise": 0.5}]
        }
        """

    static func files(_ named: [String: String]) throws -> URL {
        let dir = try TestSupport.temporaryDirectory("bearing-comp")
        for (name, text) in named { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir
    }

    /// Costs and changes as computed by hand in BearingCompTests.sideBySideByHand:
    /// flat 100,000; nrr 96,500; c1 gains 2,000, c2 loses 5,500.
    @Test func replaysPlansSideBySide() throws {
        let dir = try Self.files(["history.csv": Self.history, "flat.json": Self.flat, "nrr.json": Self.nrr])
        let out = dir.appendingPathComponent("out").path
        let command = try #require(
            try Bearing.parseAsRoot([
                "comp", dir.appendingPathComponent("flat.json").path, dir.appendingPathComponent("nrr.json").path,
                "--history", dir.appendingPathComponent("history.csv").path, "--out", out, "--quiet",
            ]) as? CompCommand)
        try command.run()
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/comparison.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let plans = try #require(json["plans"] as? [[String: Any]])
        let costs = plans.compactMap { ($0["summary"] as? [String: Any])?["totalCost"] as? Double }
        #expect(costs.count == 2)
        #expect(abs(costs[0] - 100_000) < 1e-6 && abs(costs[1] - 96_500) < 1e-6)
        let changes = try #require((json["changes"] as? [[String: Any]])?.first?["changes"] as? [[String: Any]])
        #expect(changes.map { $0["csmID"] as? String } == ["c1", "c2"])
        #expect(abs((changes[1]["change"] as? Double ?? 0) + 5_500) < 1e-6)
        let payouts = try String(contentsOfFile: out + "/payouts.csv", encoding: .utf8)
        #expect(payouts.split(separator: "\n").count == 1 + 2 * 2 * 2)
        #expect(payouts.contains("nrr,c2,2025-Q2,1,1,100000.0,0.0,20000.0,0.0,0.8,20000.0,0.0,0.0,0.0,0.0,20000.0,0.0"))
        let components = try String(contentsOfFile: out + "/components.csv", encoding: .utf8)
        #expect(components.contains("nrr,c1,2025-Q1,0,nrr,1.2,1.2,5000.0,6000.0"))
    }

    @Test func stressWritesDistributionsAndIsThreadIndependent() throws {
        let dir = try Self.files(["scenario.json": Self.scenario, "nrr.json": Self.nrr, "flat.json": Self.flat])
        var outputs: [String] = []
        for threads in ["1", "2"] {
            let out = dir.appendingPathComponent("out\(threads)").path
            let command = try #require(
                try Bearing.parseAsRoot([
                    "comp", dir.appendingPathComponent("nrr.json").path, dir.appendingPathComponent("flat.json").path,
                    "--stress", dir.appendingPathComponent("scenario.json").path, "--trials", "8", "--seed", "7",
                    "--threads", threads, "--from", "2024-Q2", "--out", out, "--quiet",
                ]) as? CompCommand)
            try command.run()
            outputs.append(try String(contentsOfFile: out + "/stress.json", encoding: .utf8))
            let trials = try String(contentsOfFile: out + "/stress-trials.csv", encoding: .utf8)
            #expect(trials.split(separator: "\n").count == 1 + 8 * 2)
        }
        #expect(outputs[0] == outputs[1])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outputs[0].utf8)) as? [String: Any])
        let plans = try #require(json["plans"] as? [[String: Any]])
        let flat = try #require(plans[1]["stress"] as? [String: Any])
        // Flat plan: 4 CSMs × 3 quarters × 25,000 = 300,000 in every trial.
        let cost = try #require(flat["totalCost"] as? [String: Any])
        #expect(abs((cost["p50"] as? Double ?? 0) - 300_000) < 1e-6)
        #expect(abs((cost["p5"] as? Double ?? 0) - 300_000) < 1e-6)
    }

    @Test func errorsNameTheFileAndKey() throws {
        let broken = Self.nrr.replacingOccurrences(of: "\"threshold\": 0.85", with: "\"threshold\": -1")
        let dir = try Self.files(["history.csv": Self.history, "bad.json": broken])
        let command = try #require(
            try Bearing.parseAsRoot([
                "comp", dir.appendingPathComponent("bad.json").path, "--history", dir.appendingPathComponent("history.csv").path,
                "--out", dir.appendingPathComponent("out").path,
            ]) as? CompCommand)
        do {
            try command.run()
            Issue.record("a negative threshold was accepted")
        } catch let error as CommandInputError {
            #expect(error.path.hasSuffix("bad.json"))
            #expect(error.message.contains("components[0].threshold"), "\(error.message)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
        #expect(throws: (any Error).self) { try Bearing.parseAsRoot(["comp", "p.json", "--out", "x"]) }
    }
}
