import BearingFiles
import BearingPanel
import BearingSimulation
import Foundation
import Testing

/// The scenarios shipped in `Scenarios/`, decoded strictly through `BearingFiles`.
struct BundledScenarioTests {
    static func path(_ name: String) -> String {
        TestScenarios.bundledDirectory.appendingPathComponent("\(name).yaml").path
    }

    static func load(_ name: String) throws -> Scenario {
        try ConfigDecoder().decode(Scenario.self, fromFile: path(name))
    }

    /// Decodes the text of a bundled file with one replacement; returns the error's description.
    static func error(in name: String, replacing old: String, with new: String) throws -> ConfigError? {
        let text = try String(contentsOfFile: path(name), encoding: .utf8)
        #expect(text.contains(old), "\(name).yaml lacks \(old)")
        do {
            _ = try ConfigDecoder().decode(
                Scenario.self, from: text.replacingOccurrences(of: old, with: new), file: "\(name).yaml")
            return nil
        } catch {
            return error
        }
    }

    @Test func saasAgency() throws {
        let s = try Self.load("saas-agency")
        #expect(s.name == "saas-agency")
        #expect(s.segments.map(\.name) == ["Small Agency", "Mid-sized Agency", "Large Agency"])
        #expect((3000...20_000).contains(s.customerCount))
        #expect((8...12).contains(s.periods.count))
        #expect(s.periods.granularity == .quarter)
        #expect(s.milestones.count == 3)
        #expect(s.features.count == 16)
        #expect(s.segments.allSatisfy { $0.fit.bad > 0 && $0.csmSkillSD > 0 })
        #expect(s.dark.initial > 0)
        #expect(s.trueLink == nil)
        #expect(s.shocks.isEmpty)
        for group in [FeatureGroup.outcome, .experience, .engagement] { #expect(s.features.contains { $0.group == group }) }
        // Large Agency (the largest accounts) on annual contracts; every segment signs new logos.
        #expect(s.segments.map { $0.contracts.map(\.termMonths) } == [[], [], [12, 1]])
        #expect(s.segments.allSatisfy { ($0.newLogos?.mean ?? 0) > 0 })
    }

    @Test func plgMonthly() throws {
        let s = try Self.load("plg-monthly")
        #expect(s.periods.granularity == .month && s.periods.count == 24)
        #expect(s.segments.allSatisfy { !$0.contracts.isEmpty && $0.newLogos != nil })
        // Monthly plans dominate; acquisition is high against the book.
        let monthly = s.segments.reduce(0.0) { $0 + Double($1.customers) * ($1.contracts.first { $0.termMonths == 1 }?.share ?? 0) }
        #expect(monthly > 0.8 * Double(s.customerCount))
        let perMonth = s.segments.reduce(0.0) { $0 + ($1.newLogos?.mean ?? 0) }
        #expect(perMonth > 0.08 * Double(s.customerCount))
        #expect(s.segments.allSatisfy { ($0.newLogos?.startShift?.direction ?? 0) < 0 })
    }

    @Test func q2ChurnShockIsSaasAgencyWithAShock() throws {
        let base = try Self.load("saas-agency")
        var shocked = try Self.load("q2-churn-shock")
        #expect(shocked.shocks.first?.period == Period(year: 2025, quarter: 2))
        #expect(shocked.shocks.first?.churn == 1.5)
        shocked.shocks = []
        shocked.name = base.name
        shocked.description = base.description
        #expect(shocked == base)
    }

    @Test func knownLink() throws {
        let s = try Self.load("known-link")
        let link = try #require(s.trueLink)
        #expect(link.coefficients.count == 5)
        // ≥ 200,000 customer-periods: the horizon holds customers x periods x survival.
        #expect(s.customerCount * s.periods.count >= 300_000)
        // Link features are N(center, scale) at the start: loadings² + noise² = 1, no dark loading.
        for f in s.features where link.coefficients[f.name] != nil {
            let variance = f.loadings.direction * f.loadings.direction + f.loadings.experience * f.loadings.experience + f.noise * f.noise
            #expect(abs(variance - 1) < 1e-6, "\(f.name)")
            #expect(f.loadings.dark == 0 && f.min == nil && f.max == nil)
        }
        #expect(abs(s.latent.direction.stationarySD - 1) < 1e-6)
        #expect(abs(s.latent.experience.stationarySD - 1) < 1e-6)
    }

    @Test(arguments: ["saas-agency", "known-link", "q2-churn-shock", "plg-monthly"])
    func encodingRoundTrips(name: String) throws {
        let s = try Self.load(name)
        let json = try JSONEncoder().encode(s)
        #expect(try JSONDecoder().decode(Scenario.self, from: json) == s)
        // And through the strict decoder: every encoded key is one the decoder asks for.
        let text = String(decoding: json, as: UTF8.self)
        #expect(try ConfigDecoder().decode(Scenario.self, from: text, file: "\(name).json") == s)
    }

    @Test func q2ShockRaisesChurnInItsQuarter() throws {
        let base = try MonteCarloEngine(scenario: Self.load("saas-agency"), seed: 42).run(trials: 2)
        let shocked = try MonteCarloEngine(scenario: Self.load("q2-churn-shock"), seed: 42).run(trials: 2)
        for (b, s) in zip(base, shocked) {
            // Same draws before the shock: identical first five quarters.
            #expect(Array(b.counts.churned.prefix(5)) == Array(s.counts.churned.prefix(5)))
            #expect(Double(s.counts.churned[5]) > 1.3 * Double(b.counts.churned[5]))
            #expect(s.total.grr < b.total.grr)
        }
    }

    @Test func knownLinkHasEnoughCustomerPeriodsAndChurnFollowsTheLink() throws {
        let s = try Self.load("known-link")
        let h = try MonteCarloEngine(scenario: s, seed: 7).historyPanel(trial: 0)
        #expect(h.panel.rowCount >= 200_000)
        expectDecilesMatch(probabilities: h.latent.churnProbability, churned: h.panel.churned)
    }

    @Test func unknownKeysAndRangeErrorsAreLocated() throws {
        let unknown = try #require(try Self.error(in: "saas-agency", replacing: "csm_skill_sd: 0.4", with: "csm_skill_spread: 0.4"))
        #expect(unknown.kind == .unknownKey)
        #expect(unknown.path == "segments[1].csm_skill_spread")
        #expect(unknown.line == 40)
        let range = try #require(try Self.error(in: "saas-agency", replacing: "persistence: 0.8", with: "persistence: 1.2"))
        #expect(range.kind == .invalidValue)
        #expect(range.description.contains("`persistence` must be in (-1, 1), found 1.2"), "\(range)")
        #expect(range.path == "latent.direction.persistence", "\(range)")
        #expect(range.line == 61 && range.column == 18, "\(range)")
        let probability = try #require(try Self.error(in: "saas-agency", replacing: "initial: 0.06", with: "initial: 1.06"))
        #expect(
            probability.description == "saas-agency.yaml:\(probability.line):12: dark.initial: `initial` must be a probability in [0, 1], found 1.06")
        let mix = try #require(
            try Self.error(
                in: "saas-agency", replacing: "fit: {good: 0.60, stretch: 0.20, bad: 0.20}", with: "fit: {good: 0.60, stretch: 0.20, bad: 0.30}"))
        #expect(mix.path == "segments[1].fit", "\(mix)")
        #expect(mix.line == 38)
        #expect(mix.message.contains("must sum to 1"))
        let shock = try #require(
            try Self.error(in: "q2-churn-shock", replacing: "period: 2025-Q2\n    churn: 1.5", with: "period: 2027-Q2\n    churn: 1.5"))
        // Checks across keys are located at the offending key, not at the top of the file.
        #expect(shock.path == "shocks[0].period", "\(shock)")
        #expect(shock.message == "2027-Q2 is outside the simulated periods 2024-Q1...2026-Q2", "\(shock)")
        #expect(shock.line == 137 && shock.column == 13, "\(shock)")
    }
}
