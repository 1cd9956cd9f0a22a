import BearingPanel
import BearingSimulation
import Foundation
import Testing

/// Range and consistency errors name the key and what was expected. Decoded here with
/// Foundation's JSONDecoder (the scenario types are plain Decodable); file locations are
/// `BearingFiles`' job and are tested with the bundled YAML files.
struct ScenarioValidationTests {
    static let minimal = """
        {
          "name": "minimal",
          "periods": {"start": "2024-Q1", "count": 4},
          "segments": [{"name": "Small Agency", "customers": 100, "arr": {"median": 5000, "sigma": 0.5},
                        "fit": {"good": 0.6, "stretch": 0.2, "bad": 0.2}, "csms": 2}],
          "latent": {"direction": {"persistence": 0.8, "noise": 0.5}, "experience": {"persistence": 0.7, "noise": 0.5}},
          "categories": {"positive": {"direction": 0.5}, "negative": {"direction": -0.5}},
          "dark": {"initial": 0.05, "going_dark": {"intercept": -3}, "recovery": {"intercept": -1}},
          "hazards": {"churn": {"intercept": -3}, "contraction": {"intercept": -3},
                      "contraction_share": {"min": 0.1, "max": 0.3}},
          "milestones": [{"name": "onboarded", "upsell_arr": 1000, "reach": {"intercept": -1},
                          "take": {"positive": 0.9, "neutral": 0.5, "negative": 0.2, "ghost": 0.05}}],
          "features": [{"name": "outcome.usage_trend", "loadings": {"direction": 0.8}, "noise": 0.6}]
        }
        """

    /// Decodes `minimal` with one textual replacement, returning the error's description.
    func decodeError(replacing old: String, with new: String) -> String? {
        #expect(Self.minimal.contains(old), "fixture lacks \(old)")
        let text = Self.minimal.replacingOccurrences(of: old, with: new)
        do {
            _ = try JSONDecoder().decode(Scenario.self, from: Data(text.utf8))
            return nil
        } catch let DecodingError.dataCorrupted(context) {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return path + ": " + context.debugDescription
        } catch {
            return "\(error)"
        }
    }

    @Test func minimalScenarioDecodes() throws {
        let s = try JSONDecoder().decode(Scenario.self, from: Data(Self.minimal.utf8))
        #expect(s.periods.granularity == .quarter)
        #expect(s.periods.all.map(\.label) == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"])
        #expect(s.customerCount == 100)
        #expect(s.stretchCountsAsGood)
        #expect(abs(s.latent.direction.stationarySD - 0.5 / 0.6) < 1e-12)
        #expect(s.features[0].group == .outcome)
        #expect(s.features[0].scale == 1)
    }

    @Test(
        arguments: [
            // (replace, with, expected fragments of the message)
            (#""persistence": 0.8"#, #""persistence": 1.0"#, ["direction.persistence", "`persistence` must be in (-1, 1), found 1.0"]),
            (
                #""good": 0.6, "stretch": 0.2"#, #""good": 0.5, "stretch": 0.2"#,
                ["segments[0].fit", "`good` + `stretch` + `bad` must sum to 1, found 0.899"]
            ),
            (#""customers": 100"#, #""customers": 0"#, ["segments[0].customers", "`customers` must be an integer >= 1, found 0"]),
            (#""csms": 2"#, #""csms": -1"#, ["`csms` must be an integer >= 1"]),
            (#""initial": 0.05"#, #""initial": 1.5"#, ["dark.initial", "`initial` must be a probability in [0, 1], found 1.5"]),
            (#""ghost": 0.05"#, #""ghost": -0.1"#, ["milestones[0].take.ghost", "probability in [0, 1]"]),
            (#""sigma": 0.5"#, #""sigma": -0.5"#, ["segments[0].arr.sigma", "`sigma` must be >= 0"]),
            (#""median": 5000"#, #""median": 0"#, ["`median` must be > 0"]),
            (#""noise": 0.6"#, #""noise": -1"#, ["features[0].noise", "`noise` must be >= 0"]),
            (#""min": 0.1, "max": 0.3"#, #""min": 0.4, "max": 0.3"#, ["contraction_share.max", "`max` (0.3) must be >= `min` (0.4)"]),
            (#""count": 4"#, #""count": 0"#, ["periods.count", "integer >= 1"]),
            (#""start": "2024-Q1""#, #""start": "2024-Q5""#, ["periods.start", "expected a period like 2025-Q2"]),
            (
                #""start": "2024-Q1", "count": 4"#, #""start": "2024-Q1", "count": 4, "granularity": "month""#,
                ["`granularity` is month but `start` 2024-Q1 is a quarter label"]
            ),
            (
                #""name": "outcome.usage_trend""#, #""name": "usage_trend""#,
                ["features[0].name", "must start with outcome., experience. or engagement."]
            ),
            (
                #""going_dark": {"intercept": -3}"#, #""going_dark": {"intercept": -3, "dark": 1}"#,
                ["dark.going_dark", "only customers who are not dark can go dark"]
            ),
            (#""negative": {"direction": -0.5}"#, #""negative": {"direction": 0.7}"#, ["categories.negative", "must be below `positive.direction`"]),
            // Sizes no book has, refused at the key before a run allocates for them.
            (
                #""count": 4"#, #""count": 1000000000"#,
                ["periods.count", "`count` must be at most 1200 (100 years of monthly periods), found 1000000000"]
            ),
            (
                #""customers": 100"#, #""customers": 100000001"#,
                ["segments[0].customers", "`customers` must be at most 100000000 (customers in one segment)"]
            ),
            (#""csms": 2"#, #""csms": 1000001"#, ["segments[0].csms", "`csms` must be at most 1000000 (CSMs in one segment)"]),
        ] as [(String, String, [String])])
    func rangeErrorsNameTheKey(old: String, new: String, fragments: [String]) throws {
        let message = try #require(decodeError(replacing: old, with: new))
        for fragment in fragments { #expect(message.contains(fragment), "\(message)") }
    }

    @Test func theLargestSizesAreAcceptedAndLongerListsRefused() throws {
        let largest = Self.minimal.replacingOccurrences(of: #""count": 4"#, with: #""count": 1200"#)
            .replacingOccurrences(of: #""customers": 100"#, with: #""customers": 100000000"#)
        let s = try JSONDecoder().decode(Scenario.self, from: Data(largest.utf8))
        #expect(s.periods.count == 1200 && s.customerCount == 100_000_000)
        let feature = #"{"name": "outcome.usage_trend", "loadings": {"direction": 0.8}, "noise": 0.6}"#
        let many = (0...1000).map { feature.replacingOccurrences(of: "usage_trend", with: "f\($0)") }.joined(separator: ", ")
        let message = try #require(decodeError(replacing: "[" + feature + "]", with: "[" + many + "]"))
        #expect(message.contains("features: at most 1000 entries, found 1001"), "\(message)")
    }

    @Test func crossReferencesAreChecked() throws {
        let shock = #""features": [{"name": "outcome.usage_trend", "loadings": {"direction": 0.8}, "noise": 0.6}],"# + "\n"
        let cases: [(String, [String])] = [
            (
                shock + #""shocks": [{"period": "2026-Q1", "churn": 1.5}]"#,
                ["shocks[0].period", "2026-Q1 is outside the simulated periods 2024-Q1...2024-Q4"]
            ),
            (
                shock + #""shocks": [{"period": "2024-Q2", "churn": 1.5, "segments": ["Tiny"]}]"#,
                ["shocks[0].segments", "'Tiny' is not one of the scenario's segments"]
            ),
            (shock + #""shocks": [{"period": "2024-Q2", "churn": -1}]"#, ["shocks[0].churn", "`churn` must be >= 0"]),
            (
                shock + #""true_link": {"intercept": -3, "coefficients": {"outcome.nope": 1}}"#,
                ["true_link.coefficients", "'outcome.nope' is not one of the scenario's features"]
            ),
        ]
        for (replacement, fragments) in cases {
            let message = try #require(
                decodeError(
                    replacing: #""features": [{"name": "outcome.usage_trend", "loadings": {"direction": 0.8}, "noise": 0.6}]"#,
                    with: replacement.trimmingCharacters(in: .whitespacesAndNewlines)))
            for fragment in fragments { #expect(message.contains(fragment), "\(message)") }
        }
        // Duplicate names.
        let twice = try #require(
            decodeError(
                replacing: #""features": [{"name": "outcome.usage_trend", "loadings": {"direction": 0.8}, "noise": 0.6}]"#,
                with: #""features": [{"name": "outcome.usage_trend", "noise": 0.6}, {"name": "outcome.usage_trend", "noise": 0.6}]"#))
        #expect(twice.contains("features[1].name: feature name 'outcome.usage_trend' is used twice"), "\(twice)")
    }

    @Test func engineRejectsAnInconsistentScenarioBuiltInCode() {
        var s = TestScenarios.constant()
        s.shocks = [Shock(period: Period(year: 2030, quarter: 1), churn: 2)]
        #expect(throws: ScenarioError.self) { try MonteCarloEngine(scenario: s, seed: 1) }
    }
}
