import BearingFiles
import BearingPanel
import BearingScenarioFit
import BearingSimulation
import Foundation
import Testing

/// `ScenarioYAML` on the bundled scenarios: every key the format has (shocks with segments, a
/// true link, initial_sd absent) reads back equal through the strict file decoder.
struct BundledYAMLTests {
    @Test(arguments: ["saas-agency", "q2-churn-shock", "known-link"])
    func renderedScenarioReadsBack(name: String) throws {
        let path = FitTestScenarios.bundledDirectory.appendingPathComponent("\(name).yaml").path
        let s = try ConfigDecoder().decode(Scenario.self, fromFile: path)
        let yaml = ScenarioYAML.render(s, header: ["a header line"])
        #expect(yaml.hasPrefix("# a header line\n"))
        #expect(try ConfigDecoder().decode(Scenario.self, from: yaml, file: "\(name).yaml") == s)
    }

    @Test func initialSDAndOddNamesRoundTrip() throws {
        var s = FitTestScenarios.small(customers: [10, 10], periods: 2)
        s.latent.direction.initialSD = 0.25
        s.segments[0].name = "Small \"quoted\" agency: #1"
        s.shocks = [Shock(period: Period(year: 2024, quarter: 2), churn: 1.5, segments: [s.segments[0].name])]
        let yaml = ScenarioYAML.render(s)
        #expect(try ConfigDecoder().decode(Scenario.self, from: yaml, file: "odd.yaml") == s)
    }
}
