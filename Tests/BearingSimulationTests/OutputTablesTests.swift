import BearingMetrics
import BearingPanel
import BearingSimulation
import Foundation
import Testing
import _TestSupport

struct OutputTablesTests {
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
        #expect(
            lines[0].hasPrefix(
                "customer_id,period,segment,fit,csm_id,arr,churned,expansion_arr,contraction_arr,milestone,milestone_reached,outcome.progress"))
        #expect(lines[1].hasPrefix("C000001,2024-Q1,Segment 0,"))
    }
}
