import BearingFiles
import BearingPanel
import BearingScenarioFit
import BearingSimulation
import Foundation
import Testing

struct BookCheckTests {
    /// A scenario checked against its own simulated history passes every check.
    @Test func aScenarioMatchesItsOwnHistory() throws {
        let s = FitTestScenarios.small(customers: [600, 400], periods: 6)
        let history = try MonteCarloEngine(scenario: s, seed: 3).historyPanel(trial: 0).panel
        let check = try BookCheck.compare(scenario: s, panel: history, historyFile: "h.csv", threads: 1)
        #expect(check.ok, "\(check.warnings)")
        #expect(check.items.map(\.check) == ["segments", "csms", "arr_per_customer", "churn_rate"])
        #expect(check.suggestion == nil)
    }

    /// The bundled agency base against a history of another book: every check warns and the
    /// suggestion names fit-scenario.
    @Test func anUnrelatedBookWarns() throws {
        let agency = try ConfigDecoder().decode(
            Scenario.self, fromFile: FitTestScenarios.bundledDirectory.appendingPathComponent("saas-agency.yaml").path)
        var other = FitTestScenarios.small(customers: [600, 400], periods: 6)
        other.segments[0].name = "Small Agency"
        other.segments[1].arr.median = 400_000
        other.segments[0].arr.median = 300_000
        other.hazards.churn.intercept = -7
        other.hazards.churn.fit.bad = 0
        let history = try MonteCarloEngine(scenario: other, seed: 3).historyPanel(trial: 0).panel
        let check = try BookCheck.compare(scenario: agency, panel: history, historyFile: "book.csv", threads: 1)
        #expect(!check.ok)
        let warnings = check.warnings
        #expect(warnings.count == 4, "\(warnings)")
        #expect(
            warnings[0]
                == "scenario has 3 segments, history has 2 in 2025-Q2: Mid-sized Agency, Large Agency missing from the history; Enterprise missing from the scenario"
        )
        #expect(warnings[1].hasPrefix("scenario has 26 CSMs, history has 12 in 2025-Q2 (2.2x)"))
        #expect(warnings[2].hasPrefix("median ARR per customer differs"))
        #expect(warnings[3].hasPrefix("churn rate differs"))
        #expect(
            check.suggestion == "the scenario does not describe this book; fit one to the history: bearing fit-scenario book.csv --out scenario.yaml")
        let json = String(decoding: try JSONEncoder().encode(check), as: UTF8.self)
        #expect(json.contains("\"arr_per_customer\"") && json.contains("\"tolerance\""))
    }

    /// The median of one lognormal segment is its `median`; of two equal halves, the geometric
    /// mean of their medians when their sigmas are equal (symmetry in log space).
    @Test func mixtureMedianClosedForms() {
        let a = SegmentSpec(name: "a", customers: 10, arr: .init(median: 5000, sigma: 0.5), fit: .init(good: 1, stretch: 0, bad: 0), csms: 1)
        var b = a
        b.name = "b"
        b.arr.median = 20000
        #expect(abs(BookCheck.mixtureMedian([a]) / 5000 - 1) < 1e-9)
        #expect(abs(BookCheck.mixtureMedian([a, b]) / 10000 - 1) < 1e-9)
    }
}
