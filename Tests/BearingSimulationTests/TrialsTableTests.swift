import BearingContracts
import BearingMetrics
import BearingPanel
import BearingSimulation
import Foundation
import Testing
import _TestSupport

struct TrialsTableTests {
    @Test func trialsTableHasOneColumnPerGroupAndMetric() throws {
        let scenario = TestScenarios.latentDriven(customers: [3000, 2000], periods: 4)
        let engine = try MonteCarloEngine(scenario: scenario, seed: 1)
        let trials = engine.run(trials: 3)
        let table = TrialsTable(segmentNames: scenario.segments.map(\.name))
        let header = table.header.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        // trial, customer_periods, then (1 + 5 cohorts + 2 segments + 2 x 5) groups x 10 metrics.
        #expect(TrialMetric.allCases.count == 10)
        #expect(header.count == 2 + (1 + 5 + 2 + 10) * 10)
        #expect(header.prefix(4) == ["trial", "customer_periods", "all.start_customers", "all.retained_customers"])
        #expect(header.contains("cohort[good-fit gone dark].nrr"))
        #expect(header.contains("segment[Segment 1].cohort[bad-fit].churned_arr"))
        let lines = String(decoding: table.render(trials), as: UTF8.self).split(separator: "\n")
        let row = lines[3].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(row.count == header.count)
        #expect(row[0] == "2")
        #expect(row[1] == String(trials[2].counts.customerPeriods))
        let nrr = try #require(Double(row[header.firstIndex(of: "all.nrr")!]))
        #expect(nrr == trials[2].total.nrr)  // shortest round-trip form reads back exactly
        #expect(row[header.firstIndex(of: "all.start_customers")!] == "5000")
    }

    @Test func trialsTableReadsBackToTheSameSummary() throws {
        let scenario = TestScenarios.latentDriven(customers: [3000, 2000], periods: 4)
        let trials = try MonteCarloEngine(scenario: scenario, seed: 12).run(trials: 7)
        let table = TrialsTable(segmentNames: scenario.segments.map(\.name))
        let text = String(decoding: table.render(trials), as: UTF8.self)
        let parsed = try table.parse(text)
        #expect(parsed.map(\.tallies) == trials.map(\.tallies))
        #expect(parsed.map(\.counts.customerPeriods) == trials.map(\.counts.customerPeriods))
        #expect(String(decoding: table.render(parsed), as: UTF8.self) == text)
        #expect(SimulationSummary(scenario: scenario, seed: 12, trials: parsed) == SimulationSummary(scenario: scenario, seed: 12, trials: trials))
        // Errors name the line.
        #expect(throws: TrialsTableError(file: "trials.csv", line: 1, message: "the header does not match this scenario's segments and metrics")) {
            try TrialsTable(segmentNames: ["Other"]).parse(text)
        }
        let broken = text.replacingOccurrences(of: "\n3,", with: "\nthree,")
        #expect(throws: TrialsTableError.self) { try table.parse(broken) }
    }

    @Test func fieldsAreQuotedWhenNeeded() {
        let table = TrialsTable(segmentNames: ["Agencies, small", "Say \"hi\""])
        #expect(table.header.contains("\"segment[Agencies, small].nrr\""))
        #expect(table.header.contains("\"segment[Say \"\"hi\"\"].nrr\""))
    }

}
