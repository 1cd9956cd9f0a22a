import ArgumentParser
import BearingFiles
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
                       {"name": "experience.nps", "center": 20, "scale": 30, "loadings": {"experience": 0.8}, "noise": 0.5},
                       {"name": "experience.csat", "center": 4.1, "scale": 0.5, "loadings": {"experience": 0.7}, "noise": 0.6,
                        "min": 1, "max": 5}]
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
        let costs = plans.compactMap { ($0["summary"] as? [String: Any])?["total_cost"] as? Double }
        #expect(costs.count == 2)
        #expect(abs(costs[0] - 100_000) < 1e-6 && abs(costs[1] - 96_500) < 1e-6)
        let changes = try #require((json["changes"] as? [[String: Any]])?.first?["changes"] as? [[String: Any]])
        #expect(changes.map { $0["csm_id"] as? String } == ["c1", "c2"])
        #expect(abs((changes[1]["change"] as? Double ?? 0) + 5_500) < 1e-6)
        let payouts = try String(contentsOfFile: out + "/payouts.csv", encoding: .utf8)
        #expect(payouts.split(separator: "\n").count == 1 + 2 * 2 * 2)
        #expect(payouts.contains("nrr,c2,2025-Q2,1,1,100000,0,20000,0,0.8,20000,0,0,0,0,20000,0"))
        let components = try String(contentsOfFile: out + "/components.csv", encoding: .utf8)
        #expect(components.contains("nrr,c1,2025-Q1,0,nrr,1.2,1.2,5000,6000"))
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
            #expect(
                trials.hasPrefix(
                    "trial,plan,total_cost,cost_share_of_retained_revenue,pay_performance_correlation,top_quartile_variable_share,skill_correlation\n"
                ))
        }
        #expect(outputs[0] == outputs[1])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outputs[0].utf8)) as? [String: Any])
        let plans = try #require(json["plans"] as? [[String: Any]])
        let flat = try #require(plans[1]["stress"] as? [String: Any])
        // Flat plan: 4 CSMs × 3 quarters × 25,000 = 300,000 in every trial.
        let cost = try #require(flat["total_cost"] as? [String: Any])
        #expect(abs((cost["p50"] as? Double ?? 0) - 300_000) < 1e-6)
        #expect(abs((cost["p5"] as? Double ?? 0) - 300_000) < 1e-6)
        // Every plan reports the skill correlation; the flat plan pays no variable, so it is undefined.
        for plan in plans {
            let stress = try #require(plan["stress"] as? [String: Any])
            #expect(stress["skill_correlation"] is [String: Any])
        }
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
        } catch let error as ConfigError {
            // Located by the config decoder at the value itself (line 2, column 76), with its key path.
            #expect(error.file.hasSuffix("bad.json") && error.line == 2 && error.column == 76, "\(error)")
            #expect(error.path == "components[0].threshold")
            #expect(
                error.message == "'threshold' must be an attainment >= 0 (0.8 = 80% of target), found -1.0",
                "\(error.message)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
        #expect(throws: (any Error).self) { try Bearing.parseAsRoot(["comp", "p.json", "--out", "x"]) }
    }

    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var bundledPlans: [String] {
        ["expansion-quota-70-30", "vector-forecast-70-30", "nrr-weighted-80-20", "enterprise-60-40"].map {
            repository.appendingPathComponent("Scenarios/plans/\($0).yaml").path
        }
    }

    /// 80 customers, 4 CSMs, 2025-Q1...Q4, milestone `integrations-live`, NPS and CSAT answers;
    /// a latent health per customer drives churn, reach and surveys (LCG: a fixture, not a model).
    static func richHistory() -> String {
        var state: UInt64 = 99
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Double(state >> 11) + 0.5) * 0x1p-53
        }
        var s =
            "customer_id,period,segment,fit,csm_id,arr,churned,expansion_arr,contraction_arr,milestone,milestone_reached,outcome.usage_trend,experience.nps,experience.csat\n"
        for c in 0..<80 {
            let h = uniform() * 2 - 1 + Double(c % 4) * 0.3
            var arr = 20_000 + 80_000 * uniform()
            for q in 1...4 {
                let churned = uniform() < 0.08 / (1 + exp(2 * h))
                let reached = uniform() < 1 / (1 + exp(-2 * h))
                let expansion = reached && uniform() < 0.8 ? 1_000.0 : 0
                s +=
                    "c\(c),2025-Q\(q),smb,good,csm\(c % 4),\(arr),\(churned ? 1 : 0),\(expansion),0,integrations-live,\(reached ? 1 : 0),\(h + uniform() - 0.5),\(30 * h + 20),\(4 + 0.4 * h)\n"
                if churned { break }
                arr += expansion
            }
        }
        return s
    }

    /// The four bundled YAML plans decode and price side by side (the vector plan on the
    /// walk-forward forecast), and stress on simulated histories.
    @Test func bundledPlansRunSideBySide() throws {
        let dir = try Self.files(["history.csv": Self.richHistory(), "scenario.json": Self.scenario])
        let out = dir.appendingPathComponent("out").path
        let command = try #require(
            try Bearing.parseAsRoot(
                ["comp"] + Self.bundledPlans + [
                    "--history", dir.appendingPathComponent("history.csv").path, "--milestones",
                    Self.repository.appendingPathComponent("Scenarios/milestones-example.yaml").path,
                    "--stress", dir.appendingPathComponent("scenario.json").path, "--trials", "4", "--threads", "2",
                    "--out", out, "--quiet",
                ]) as? CompCommand)
        try command.run()
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/comparison.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let plans = try #require(json["plans"] as? [[String: Any]])
        #expect(
            plans.map { $0["name"] as? String } == [
                "Expansion quota 70/30", "Vector forecast 70/30", "NRR-weighted 80/20", "Enterprise 60/40",
            ])
        #expect(plans.map { $0["windows"] as? [String] ?? [] }.last == ["2025"])
        for plan in plans {
            let summary = try #require(plan["summary"] as? [String: Any])
            let variable = try #require(summary["variable_cost"] as? Double)
            #expect(variable > 0, "\(plan["name"] ?? "")")
        }
        #expect((json["changes"] as? [Any])?.count == 3)
        // Equal cost: the first plan's as-is cost is the budget; every plan's cost at equal cost is that budget.
        let equalCost = try #require(json["equal_cost"] as? [String: Any])
        let budget = try #require(equalCost["budget"] as? Double)
        let first = try #require((plans.first?["summary"] as? [String: Any])?["total_cost"] as? Double)
        #expect(abs(budget - first) < 1e-6 * first)
        for plan in try #require(equalCost["plans"] as? [[String: Any]]) {
            let cost = try #require(plan["cost"] as? Double)
            #expect(abs(cost - budget) < 1e-6 * budget, "\(plan["plan_name"] ?? "")")
            let asIs = try #require(plan["as_is_cost"] as? Double)
            #expect(abs((plan["scale_factor"] as? Double ?? 0) * asIs - budget) < 1e-6 * budget)
        }
        let edge = try #require(json["edge_cases"] as? [String: Any])
        #expect((edge["plans"] as? [[String: Any]])?.count == 4)
        #expect(((edge["plans"] as? [[String: Any]])?.last?["crediting_rule"] as? String)?.hasPrefix("annual") == true)
        let components = try String(contentsOfFile: out + "/components.csv", encoding: .utf8)
        let vectorRows = components.split(separator: "\n").filter { $0.contains("vector_forecast_attainment") }
        #expect(vectorRows.count == 4 * 4)
        #expect(vectorRows.contains { !$0.hasSuffix(",0.0") })
        let stress = try Data(contentsOf: URL(fileURLWithPath: out + "/stress.json"))
        let stressJSON = try #require(try JSONSerialization.jsonObject(with: stress) as? [String: Any])
        #expect((stressJSON["plans"] as? [Any])?.count == 4)
    }

    /// A misspelt key in a YAML plan is reported with its line and a suggestion.
    @Test func unknownPlanKeyIsLocated() throws {
        let text = try String(contentsOfFile: Self.bundledPlans[2], encoding: .utf8)
            .replacingOccurrences(of: "    threshold: 0.92", with: "    treshold: 0.92")
        let dir = try Self.files(["plan.yaml": text, "history.csv": Self.history])
        let command = try #require(
            try Bearing.parseAsRoot([
                "comp", dir.appendingPathComponent("plan.yaml").path, "--history", dir.appendingPathComponent("history.csv").path,
                "--out", dir.appendingPathComponent("out").path,
            ]) as? CompCommand)
        do {
            try command.run()
            Issue.record("a misspelt key was accepted")
        } catch let error as ConfigError {
            #expect(error.description.contains("components[0].treshold: unknown key 'treshold'"), "\(error)")
            #expect(error.description.contains("did you mean 'threshold'"), "\(error)")
        }
    }
}
