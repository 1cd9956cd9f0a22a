import BearingFiles
import BearingPanel
import BearingScenarioFit
import BearingSimulation
import Foundation
import Testing

/// `ScenarioYAML` on the bundled scenarios: every key the format has (shocks with segments, a
/// true link, initial_sd absent, contracts with uplift and early termination, new logos with a
/// negative binomial count, fit mix, ramp and start shift) reads back equal through the strict
/// file decoder.
struct BundledYAMLTests {
    @Test(arguments: ["saas-agency", "q2-churn-shock", "known-link", "plg-monthly"])
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

extension BundledYAMLTests {
    /// Every contract and new-logo key, including those the bundled files leave out.
    @Test func everyContractAndNewLogoKeyRoundTrips() throws {
        var s = FitTestScenarios.small(customers: [10, 10], periods: 4)
        s.segments[0].contracts = [
            ContractTermSpec(termMonths: 12, share: 0.3125, renewalMonth: 6, uplift: .init(mean: 0.05, sd: 0.0125), earlyTermination: 0.2),
            ContractTermSpec(termMonths: 24, share: 0.1875, renewalMonth: 12),
            ContractTermSpec(termMonths: 1, share: 0.5),
        ]
        s.segments[0].newLogos = NewLogoSpec(
            mean: 12.5, sd: 5, arr: .init(median: 3200, sigma: 0.4), fit: .init(good: 0.5, stretch: 0.25, bad: 0.25),
            ramp: .init(start: 0.75, periods: 2), startShift: .init(direction: -0.5, experience: 0))
        s.segments[1].newLogos = NewLogoSpec(mean: 3)
        let yaml = ScenarioYAML.render(s)
        #expect(try ConfigDecoder().decode(Scenario.self, from: yaml, file: "contracts.yaml") == s)
    }
}
