import BearingMetrics
import BearingPanel
import BearingSimulation
import _TestSupport
import Foundation
import Testing

struct OutputTablesTests {
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
        let row = table.row(trials[2]).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
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
        let text = ([table.header] + trials.map(table.row)).joined(separator: "\n") + "\n"
        let parsed = try table.parse(text)
        #expect(parsed.map(\.tallies) == trials.map(\.tallies))
        #expect(parsed.map(\.counts.customerPeriods) == trials.map(\.counts.customerPeriods))
        #expect(([table.header] + parsed.map(table.row)).joined(separator: "\n") + "\n" == text)
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

    @Test func summaryQuantilesMatchTheTrials() throws {
        let scenario = TestScenarios.latentDriven(customers: [2000, 2000], periods: 4)
        let engine = try MonteCarloEngine(scenario: scenario, seed: 2)
        let trials = engine.run(trials: 21)
        let summary = SimulationSummary(scenario: scenario, seed: 2, trials: trials)
        #expect(summary.trials == 21)
        #expect(summary.periods == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"])
        let all = try #require(summary.groups.first { $0.group == "all" })
        let nrr = trials.map { $0.total.nrr }.sorted()
        // 21 values: P5 at h = 1, P50 at h = 10, P95 at h = 19 exactly (type 7).
        #expect(all.metrics["nrr"]?.p5 == nrr[1])
        #expect(all.metrics["nrr"]?.p50 == nrr[10])
        #expect(all.metrics["nrr"]?.p95 == nrr[19])
        let mean = try #require(all.metrics["nrr"]?.mean)
        #expect(abs(mean - nrr.reduce(0, +) / 21) < 1e-12)
        let badFit = try #require(summary.groups.first { $0.group == "segment[Segment 0].cohort[bad-fit]" })
        #expect(badFit.segment == "Segment 0")
        #expect(badFit.cohort == "bad-fit")
        #expect(summary.groups.count == 1 + 5 + 2 + 10)
    }

    @Test func summaryEncodesEmptyGroupsAsNullAndIsDeterministic() throws {
        // Everyone good fit: the bad-fit cohort is empty, its NRR is NaN in every trial.
        var scenario = TestScenarios.constant(customers: [500], periods: 2)
        scenario.segments[0].fit = .init(good: 1, stretch: 0, bad: 0)
        let trials = try MonteCarloEngine(scenario: scenario, seed: 3).run(trials: 4)
        let summary = SimulationSummary(scenario: scenario, seed: 3, trials: trials)
        let badFit = try #require(summary.groups.first { $0.group == "cohort[bad-fit]" })
        #expect(badFit.metrics["nrr"]?.p50 == nil)
        #expect(badFit.metrics["start_customers"]?.p50 == 0)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let a = try encoder.encode(summary)
        let b = try encoder.encode(SimulationSummary(scenario: scenario, seed: 3, trials: trials))
        #expect(a == b)
        let text = String(decoding: a, as: UTF8.self)
        #expect(text.contains("\"cohort_rule\""))
        let decoded = try JSONDecoder().decode(SimulationSummary.self, from: a)
        #expect(decoded == summary)
    }

    @Test func historyChunksStreamThroughTheCSVWriterAndReadBack() throws {
        let scenario = TestScenarios.latentDriven(customers: [1500, 1000], periods: 5)
        let engine = try MonteCarloEngine(scenario: scenario, seed: 6)
        let dir = try TestSupport.temporaryDirectory("sim-history")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("history.csv")
        var writer: HistoryCSVWriter?
        engine.history(trial: 0, customersPerChunk: 700, threads: 2) { chunk in
            if writer == nil { writer = try? HistoryCSVWriter(creating: url, shapeOf: chunk.panel) }
            #expect(throws: Never.self) { try writer?.append(chunk.panel) }
        }
        try #require(writer).finish()
        let whole = engine.historyPanel(trial: 0).panel
        let bytes = try Data(contentsOf: url)
        #expect(Array(bytes) == HistoryCSVWriter.encode(whole))
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n")
        #expect(lines.count == whole.rowCount + 1)
        #expect(lines[0].hasPrefix("customer_id,period,segment,fit,csm_id,arr,churned,expansion_arr,contraction_arr,milestone,milestone_reached,outcome.progress"))
        #expect(lines[1].hasPrefix("C000001,2024-Q1,Segment 0,"))
    }
}
