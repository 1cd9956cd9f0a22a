import BearingMetrics
import BearingPanel
import Foundation
import Testing

@testable import BearingSimulation

struct EngineDeterminismTests {
    @Test func aggregatesDoNotDependOnThreadCount() throws {
        let engine = try MonteCarloEngine(scenario: TestScenarios.latentDriven(), seed: 11)
        let one = engine.run(trials: 3, threads: 1)
        let two = engine.run(trials: 3, threads: 2)
        let four = engine.run(trials: 3, threads: 4)
        #expect(one == two)
        #expect(one == four)
        #expect(one.map(\.trial) == [0, 1, 2])
        // Different trials differ.
        #expect(one[0].total != one[1].total)
    }

    @Test func panelDoesNotDependOnThreadCountOrChunking() throws {
        let engine = try MonteCarloEngine(scenario: TestScenarios.latentDriven(customers: [3000, 2500]), seed: 5)
        func collect(threads: Int, chunk: Int) -> [HistoryChunk] {
            var chunks: [HistoryChunk] = []
            engine.history(trial: 0, customersPerChunk: chunk, threads: threads) { chunks.append($0) }
            return chunks
        }
        let a = collect(threads: 1, chunk: 1000)
        let b = collect(threads: 4, chunk: 1000)
        #expect(a.count == 6)
        #expect(a.count == b.count)
        for (x, y) in zip(a, b) {
            #expect(x.customers == y.customers)
            #expect(samePanel(x.panel, y.panel))
            #expect(x.latent == y.latent)
        }
        // Chunking is only a view: the whole panel's rows for customers 1000..<2000 equal chunk 1.
        let whole = engine.historyPanel(trial: 0)
        let rows = whole.panel.customer.indices.filter { (1000..<2000).contains(Int(whole.panel.customer[$0])) }
        #expect(rows.map { whole.panel.arr[$0] } == a[1].panel.arr)
        #expect(rows.map { whole.panel.features[0].values[$0].bitPattern } == a[1].panel.features[0].values.map(\.bitPattern))
    }

    @Test func aTrialRunAloneEqualsTheSameTrialInALongerRun() throws {
        let engine = try MonteCarloEngine(scenario: TestScenarios.latentDriven(), seed: 99)
        let five = engine.run(trials: 5, threads: 2)
        let third = engine.run(trials: 3..<4, threads: 1)
        #expect(third.count == 1)
        #expect(third[0] == five[3])
        #expect(engine.run(trials: 2..<5, threads: 3) == Array(five[2..<5]))
    }

    @Test func manyTrialsRunInBatchesWithTheSameResults() throws {
        // 1 block per trial, so 4,200 trials span two batches of 4,096 work items.
        let engine = try MonteCarloEngine(scenario: TestScenarios.constant(customers: [10], periods: 2), seed: 8)
        let seen = ProgressRecorder()
        let all = engine.run(trials: 4200, threads: 2) { done, total in seen.record(done, total) }
        #expect(all.map(\.trial) == Array(0..<4200))
        #expect(engine.run(trials: 4090..<4110, threads: 1) == Array(all[4090..<4110]))
        #expect(seen.maximum == 4200 && seen.total == 4200)
    }

    @Test func seedChangesEverything() throws {
        let a = try MonteCarloEngine(scenario: TestScenarios.latentDriven(), seed: 1).run(trials: 1)
        let b = try MonteCarloEngine(scenario: TestScenarios.latentDriven(), seed: 2).run(trials: 1)
        #expect(a[0].total != b[0].total)
    }

    @Test func historyAgreesWithTheTrialsAggregates() throws {
        let scenario = TestScenarios.latentDriven()
        let engine = try MonteCarloEngine(scenario: scenario, seed: 3)
        let aggregates = engine.run(trials: 1)[0]
        let h = engine.historyPanel(trial: 0)
        let panel = h.panel
        #expect(panel.rowCount == aggregates.counts.customerPeriods)
        #expect(panel.churned.filter { $0 }.count == aggregates.counts.churned.reduce(0, +))
        #expect(panel.customerIDs.count == engine.customerCount)
        // Rebuild the tallies from the panel and the latent start state.
        var tallies = [RetentionTally](repeating: RetentionTally(), count: scenario.segments.count * 5)
        var row = 0
        while row < panel.rowCount {
            let c = panel.customer[row]
            var end = row
            while end < panel.rowCount, panel.customer[end] == c { end += 1 }
            let cohort = Cohort(fit: panel.fit[row], category: h.latent.category[row])
            let churnRow = (row..<end).first { panel.churned[$0] }
            var expansion = 0.0
            var contraction = 0.0
            for r in row..<end where !panel.churned[r] {
                expansion += panel.expansionARR[r]
                contraction += panel.contractionARR[r]
            }
            tallies[Int(panel.segment[row]) * 5 + Int(cohort.rawValue)].addCustomer(
                startARR: panel.arr[row], expansion: expansion, contraction: contraction,
                churnedARR: churnRow.map { panel.arr[$0] } ?? 0, retained: churnRow == nil)
            // Rows are consecutive periods from the start, and a churned customer has no later row.
            #expect(panel.period[row] == scenario.periods.start)
            if let churnRow { #expect(churnRow == end - 1) }
            row = end
        }
        #expect(tallies == aggregates.tallies)
        // ARR carries over: next start ARR = start + expansion - contraction.
        for r in 1..<panel.rowCount where panel.customer[r] == panel.customer[r - 1] {
            #expect(panel.arr[r] == panel.arr[r - 1] + panel.expansionARR[r - 1] - panel.contractionARR[r - 1])
        }
    }
}

final class ProgressRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var maximum = 0
    private(set) var total = 0

    func record(_ done: Int, _ total: Int) {
        lock.lock()
        defer { lock.unlock() }
        maximum = max(maximum, done)
        self.total = total
    }
}
