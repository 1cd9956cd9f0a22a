import BearingContracts
import BearingMetrics
import BearingPanel
import Foundation
import Testing

@testable import BearingSimulation

/// Contracts (churn and contraction decided at renewals) and new logos (acquisition cohorts).
struct ContractsAndNewLogosTests {
    /// Constant hazards (churn 5%, contraction 10% a quarter); segment 0 on annual contracts,
    /// segment 1 on period-to-period plans; optional early termination and new logos.
    static func contracted(
        earlyTermination: Double = 0, newLogos: NewLogoSpec? = nil, periods: Int = 9, customers: [Int] = [4000, 2000]
    ) -> Scenario {
        var s = TestScenarios.constant(customers: customers, periods: periods, churn: 0.05, contraction: 0.1)
        s.segments[0].contracts = [ContractTermSpec(termMonths: 12, share: 1, earlyTermination: earlyTermination)]
        s.segments[0].newLogos = newLogos
        s.segments[1].newLogos = newLogos
        return s
    }

    /// The acceptance criterion: annual contracts churn only in renewal periods, each renewal
    /// weighs a whole year's hazards (1 − 0.95⁴), the period-to-period segment churns every
    /// quarter as before, and the panel's renewal dates mark the renewal periods.
    @Test func annualContractsChurnOnlyAtRenewals() throws {
        let engine = try MonteCarloEngine(scenario: Self.contracted(), seed: 4)
        #expect(engine.hasContracts && !engine.hasNewLogos)
        let h = engine.historyPanel(trial: 0)
        let panel = h.panel
        let contracts = try #require(panel.contracts)
        var renewalRows = 0, renewalChurn = 0, otherChurn = 0, otherContraction = 0
        var renewalsPerCustomer: [Int32: Int] = [:]
        for r in 0..<panel.rowCount where panel.segment[r] == 0 {
            #expect(contracts.termMonths[r] == 12)
            let date = try #require(contracts.renewalDate(row: r))
            let periodMonths = panel.period[r].firstMonthIndex..<(panel.period[r].firstMonthIndex + 3)
            // The renewal date is the term's last day: in this period exactly at a renewal.
            #expect(periodMonths.contains(date.monthIndex) == h.latent.renewal[r])
            #expect(date.monthIndex >= periodMonths.lowerBound && date.monthIndex < periodMonths.lowerBound + 12)
            if h.latent.renewal[r] {
                renewalRows += 1
                renewalsPerCustomer[panel.customer[r], default: 0] += 1
                if panel.churned[r] { renewalChurn += 1 }
                #expect(abs(h.latent.churnProbability[r] - Float(1 - pow(0.95, 4))) < 2e-6)
            } else {
                if panel.churned[r] { otherChurn += 1 }
                if panel.contractionARR[r] > 0 { otherContraction += 1 }
                #expect(h.latent.churnProbability[r] == 0)
            }
        }
        #expect(otherChurn == 0 && otherContraction == 0)
        expectBinomial(renewalChurn, n: renewalRows, p: 1 - pow(0.95, 4), "churn at annual renewals")
        // Nine quarters hold two or three renewals of an annual term, unless the customer churned.
        #expect(renewalsPerCustomer.values.allSatisfy { (1...3).contains($0) })
        // Segment 1 (no contracts): 5% every quarter, no contract cells.
        var rows1 = 0, churn1 = 0
        for r in 0..<panel.rowCount where panel.segment[r] == 1 {
            rows1 += 1
            if panel.churned[r] { churn1 += 1 }
            #expect(contracts.termMonths[r] == -1 && contracts.renewalDate(row: r) == nil && !h.latent.renewal[r])
        }
        expectBinomial(churn1, n: rows1, p: 0.05, "period-to-period churn")
        // The aggregate counts see the same renewals.
        let aggregates = engine.run(trials: 1)[0]
        #expect(aggregates.counts.renewals.reduce(0, +) == renewalRows)
    }

    /// Early termination: between renewals a customer churns with probability share × hazard,
    /// and a renewal weighs the rest, so a year's survival stays (1 − h)⁴ whatever the share.
    @Test func earlyTerminationSplitsTheHazard() throws {
        let engine = try MonteCarloEngine(scenario: Self.contracted(earlyTermination: 0.4), seed: 5)
        let h = engine.historyPanel(trial: 0)
        var between = 0, betweenChurn = 0, renewals = 0, renewalChurn = 0
        for r in 0..<h.panel.rowCount where h.panel.segment[r] == 0 {
            if h.latent.renewal[r] {
                renewals += 1
                if h.panel.churned[r] { renewalChurn += 1 }
            } else {
                between += 1
                if h.panel.churned[r] { betweenChurn += 1 }
                #expect(abs(h.latent.churnProbability[r] - 0.4 * 0.05) < 1e-6)
            }
        }
        expectBinomial(betweenChurn, n: between, p: 0.02, "early terminations")
        // Three quarters of (0.95/0.98) and the renewal quarter's 0.95: 1 − 0.95⁴/0.98³.
        expectBinomial(renewalChurn, n: renewals, p: 1 - pow(0.95, 4) / pow(0.98, 3), "churn at renewals")
    }

    /// Price uplift: at a renewal the customer's ARR rises by mean ± sd, recorded as expansion.
    @Test func upliftAtRenewal() throws {
        var s = TestScenarios.constant(customers: [3000], periods: 6, churn: 0.02, contraction: 0, reach: 0, milestones: 0)
        s.segments[0].contracts = [ContractTermSpec(termMonths: 12, share: 1, uplift: .init(mean: 0.07, sd: 0.02))]
        let h = try MonteCarloEngine(scenario: s, seed: 9).historyPanel(trial: 0)
        var rates: [Double] = []
        for r in 0..<h.panel.rowCount where !h.panel.churned[r] {
            if h.latent.renewal[r] {
                rates.append(h.panel.expansionARR[r] / h.panel.arr[r])
            } else {
                #expect(h.panel.expansionARR[r] == 0)
            }
        }
        let mean = rates.reduce(0, +) / Double(rates.count)
        let sd = (rates.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(rates.count - 1)).squareRoot()
        #expect(rates.count > 2500)
        #expect(abs(mean - 0.07) < 4 * 0.02 / Double(rates.count).squareRoot() + 1e-4, "mean uplift \(mean)")
        #expect(abs(sd - 0.02) < 0.002, "uplift sd \(sd)")
    }

    /// Contracts drawn from the mix in its shares; renewal_month pins the calendar month.
    @Test func contractMixAndRenewalMonth() throws {
        var s = TestScenarios.constant(customers: [6000], periods: 4)
        s.segments[0].contracts = [
            ContractTermSpec(termMonths: 1, share: 0.3),
            ContractTermSpec(termMonths: 12, share: 0.5, renewalMonth: 6),
            ContractTermSpec(termMonths: 36, share: 0.2),
        ]
        let h = try MonteCarloEngine(scenario: s, seed: 2).historyPanel(trial: 0)
        let contracts = try #require(h.panel.contracts)
        var byTerm: [Int32: Int] = [:]
        for r in 0..<h.panel.rowCount where h.panel.period[r] == s.periods.start {
            byTerm[contracts.termMonths[r], default: 0] += 1
            if contracts.termMonths[r] == 12 { #expect(contracts.renewalDate(row: r)?.label == "2024-06-30") }
            if contracts.termMonths[r] == 1 { #expect(contracts.renewalDate(row: r)?.label == "2024-01-31" && h.latent.renewal[r]) }
        }
        expectBinomial(byTerm[1] ?? 0, n: 6000, p: 0.3, "monthly plans")
        expectBinomial(byTerm[12] ?? 0, n: 6000, p: 0.5, "annual contracts")
        expectBinomial(byTerm[36] ?? 0, n: 6000, p: 0.2, "three-year contracts")
        // Annual contracts renewing in June renew in Q2 only.
        for r in 0..<h.panel.rowCount where contracts.termMonths[r] == 12 {
            #expect(h.latent.renewal[r] == (h.panel.period[r] == Period(year: 2024, quarter: 2)))
        }
    }

    /// New-logo counts match the scenario's rate within sampling error, in every period, and
    /// the cohorts' first rows are their acquisition periods.
    @Test func newLogoCountsMatchTheirRate() throws {
        let scenario = Self.contracted(newLogos: NewLogoSpec(mean: 40), periods: 8, customers: [500, 500])
        let engine = try MonteCarloEngine(scenario: scenario, seed: 12)
        let trials = engine.run(trials: 40, threads: 2)
        var total = 0
        for t in trials {
            #expect(t.counts.newLogos[0] == 0)
            for a in 1..<8 {
                #expect(t.acquisitions.newLogos(period: a) == t.counts.newLogos[a])
                total += t.counts.newLogos[a]
            }
            // New logos are outside the retention window: the starting customers only.
            #expect(t.total.startCustomers == 1000)
        }
        // 40 trials x 7 periods x 2 segments of Poisson(40): total ~ Poisson(22,400).
        let expected = 40.0 * 7 * 2 * 40
        #expect(abs(Double(total) - expected) < 4 * expected.squareRoot(), "\(total) new logos, expected \(expected)")
        #expect(engine.customerCount == 1000)
        #expect(engine.customerCount(trial: 0) == 1000 + trials[0].counts.newLogos.reduce(0, +))

        // Overdispersed counts: the sd across (trial, period) cells is the scenario's.
        let nb = try MonteCarloEngine(
            scenario: Self.contracted(newLogos: NewLogoSpec(mean: 30, sd: 12), periods: 8, customers: [200, 200]), seed: 3)
        let cells = nb.run(trials: 150, threads: 2).flatMap { t in
            (1..<8).flatMap { a in (0..<2).map { t.acquisitions.newLogos(period: a, segment: $0) } }
        }
        let mean = Double(cells.reduce(0, +)) / Double(cells.count)
        let sd = (cells.map { (Double($0) - mean) * (Double($0) - mean) }.reduce(0, +) / Double(cells.count - 1)).squareRoot()
        #expect(abs(mean - 30) < 4 * 12 / Double(cells.count).squareRoot(), "mean \(mean)")
        #expect(abs(sd - 12) < 1.5, "sd \(sd)")
    }

    /// The history holds the cohorts: a new logo's first row is its acquisition period, its
    /// setup follows `new_logos` (ramp, not dark), and the survivor counts read off the panel
    /// equal the engine's.
    @Test func historyHoldsTheAcquisitionCohorts() throws {
        var logos = NewLogoSpec(mean: 60, arr: .init(median: 50_000, sigma: 0), ramp: .init(start: 0.5, periods: 2))
        logos.fit = .init(good: 1, stretch: 0, bad: 0)
        let scenario = Self.contracted(newLogos: logos, periods: 6, customers: [800, 400])
        let engine = try MonteCarloEngine(scenario: scenario, seed: 21)
        let h = engine.historyPanel(trial: 0)
        let aggregates = engine.run(trials: 1)[0]
        #expect(h.panel.rowCount == aggregates.counts.customerPeriods)
        #expect(h.panel.customerIDs.count == engine.customerCount(trial: 0))
        var survivors = [[Int]](repeating: [Int](repeating: 0, count: 7), count: 6)
        var row = 0
        while row < h.panel.rowCount {
            let c = h.panel.customer[row]
            var end = row
            while end < h.panel.rowCount, h.panel.customer[end] == c { end += 1 }
            let acquired = Int(h.latent.acquiredIn[row])
            let first = Int(h.panel.period[row].ordinal - scenario.periods.start.ordinal)
            if acquired >= 0 {
                #expect(first == acquired && acquired >= 1)
                #expect(h.panel.fit[row] == .good && !h.latent.dark[row])
                #expect(h.panel.arr[row] == 25_000)
                let churned = h.panel.churned[end - 1]
                let alive = (end - row) - (churned ? 1 : 0)
                for t in 0...alive { survivors[acquired][t] += 1 }
                // Ramp: +12,500 in each of the first two periods (plus any milestone upsell).
                if end - row >= 3, !h.panel.churned[row], !h.panel.churned[row + 1] {
                    #expect(h.panel.arr[row + 2] >= 50_000 - h.panel.contractionARR[row] - h.panel.contractionARR[row + 1])
                }
            } else {
                #expect(first == 0)
            }
            row = end
        }
        for a in 1..<6 {
            #expect(Array(survivors[a][0...(6 - a)]) == aggregates.acquisitions.survivors(acquiredIn: a), "cohort \(a)")
        }
        // The CSV `bearing retention` reads: cohort,period,survivors.
        let csv = String(decoding: CohortsTable.render(aggregates.acquisitions, periodLabels: scenario.periods.all.map(\.label)), as: UTF8.self)
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "cohort,period,survivors")
        #expect(lines[1] == "2024-Q2,0,\(survivors[1][0])")
        #expect(lines.count == 1 + (2...6).reduce(0, +))
        let categories = String(
            decoding: CohortsTable.renderCategories(aggregates.acquisitions, periodLabels: scenario.periods.all.map(\.label)), as: UTF8.self)
        #expect(categories.hasPrefix("cohort,period,category,at_risk,churned\n2024-Q2,1,"))
    }

    /// New logos keep the determinism contract: any thread count, chunking, or trial range.
    @Test func newLogosAreDeterministic() throws {
        let scenario = Self.contracted(earlyTermination: 0.2, newLogos: NewLogoSpec(mean: 700, sd: 60), periods: 5, customers: [3000, 2500])
        let engine = try MonteCarloEngine(scenario: scenario, seed: 77)
        let one = engine.run(trials: 3, threads: 1)
        #expect(one == engine.run(trials: 3, threads: 4))
        #expect(engine.run(trials: 2..<3, threads: 2)[0] == one[2])
        #expect(one[0].acquisitions != one[1].acquisitions)
        func collect(threads: Int, chunk: Int) -> [HistoryChunk] {
            var chunks: [HistoryChunk] = []
            engine.history(trial: 1, customersPerChunk: chunk, threads: threads) { chunks.append($0) }
            return chunks
        }
        let a = collect(threads: 1, chunk: 1000), b = collect(threads: 3, chunk: 1000)
        #expect(a.count == (engine.customerCount(trial: 1) + 999) / 1000)
        for (x, y) in zip(a, b) {
            #expect(samePanel(x.panel, y.panel) && x.panel.contracts == y.panel.contracts && x.latent == y.latent)
        }
        let whole = engine.historyPanel(trial: 1)
        #expect(whole.panel.rowCount == a.reduce(0) { $0 + $1.panel.rowCount })
        #expect(whole.panel.contracts?.renewalDay == a.flatMap { $0.panel.contracts?.renewalDay ?? [] })
    }

    /// The full kernel draws what the per-period kernel draws for customers both can simulate,
    /// so sending contract-free segments to the latter changes no output.
    @Test func bothKernelsAgreeWithoutContracts() throws {
        let plain = try MonteCarloEngine(scenario: TestScenarios.latentDriven(customers: [1500, 1200]), seed: 13)
        var full = plain
        full.kernel.fullKernelOnly = true
        #expect(plain.run(trials: 2, threads: 2) == full.run(trials: 2, threads: 2))
        let a = plain.historyPanel(trial: 1), b = full.historyPanel(trial: 1)
        #expect(samePanel(a.panel, b.panel) && a.latent == b.latent)
        // And with contracts in one segment: the other segment's customers are unchanged.
        let mixed = try MonteCarloEngine(scenario: Self.contracted(customers: [1000, 1500]), seed: 13)
        var mixedFull = mixed
        mixedFull.kernel.fullKernelOnly = true
        #expect(mixed.run(trials: 2, threads: 1) == mixedFull.run(trials: 2, threads: 1))
        let c = mixed.historyPanel(trial: 0), d = mixedFull.historyPanel(trial: 0)
        #expect(samePanel(c.panel, d.panel) && c.panel.contracts == d.panel.contracts && c.latent == d.latent)
    }

    /// A scenario without contracts or new logos draws exactly as before: no contract columns,
    /// no new logos, and every customer renews (decides) every period.
    @Test func withoutContractsNothingChanges() throws {
        let engine = try MonteCarloEngine(scenario: TestScenarios.latentDriven(), seed: 3)
        let h = engine.historyPanel(trial: 0)
        #expect(h.panel.contracts == nil && !engine.hasContracts && !engine.hasNewLogos)
        #expect(h.latent.renewal.allSatisfy { !$0 } && h.latent.acquiredIn.allSatisfy { $0 == -1 })
        #expect(engine.run(trials: 1)[0].counts.renewals.allSatisfy { $0 == 0 })
    }
}
