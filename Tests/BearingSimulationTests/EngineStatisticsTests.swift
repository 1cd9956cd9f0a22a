import BearingPanel
import Foundation
import Testing

@testable import BearingSimulation

/// Simulated rates against the scenario's parameters. Each check is a ±4 sd band of the exact
/// (conditional) binomial, so a correct engine fails one with probability about 6e-5; seeds
/// are fixed, so results are reproducible.
struct EngineStatisticsTests {
    @Test func constantChurnAndContractionHazards() throws {
        let h = 0.05
        let scenario = TestScenarios.constant(customers: [12_000, 8_000], periods: 8, churn: h, contraction: 0.1)
        let t = try MonteCarloEngine(scenario: scenario, seed: 2024).run(trials: 1)[0]
        for p in 0..<8 {
            expectBinomial(t.counts.churned[p], n: t.counts.atRisk[p], p: h, "churn in period \(p)")
            expectBinomial(t.counts.contracted[p], n: t.counts.atRisk[p] - t.counts.churned[p], p: 0.1, "contraction in period \(p)")
            if p > 0 { #expect(t.counts.atRisk[p] == t.counts.atRisk[p - 1] - t.counts.churned[p - 1]) }
        }
        let churnedEver = t.total.startCustomers - t.total.retainedCustomers
        expectBinomial(churnedEver, n: 20_000, p: 1 - pow(1 - h, 8), "customers churned over 8 periods")
        #expect(t.total.startCustomers == 20_000)
        #expect(t.counts.atRisk[0] == 20_000)
    }

    @Test func shocksMultiplyTheirPeriodOnlyAndOnlyTheirSegments() throws {
        var scenario = TestScenarios.constant(customers: [10_000, 10_000], periods: 6, churn: 0.05)
        scenario.shocks = [
            Shock(period: Period(year: 2024, quarter: 4), churn: 2),
            Shock(period: Period(year: 2025, quarter: 1), churn: 3, segments: ["Segment 1"]),
        ]
        let engine = try MonteCarloEngine(scenario: scenario, seed: 7)
        let t = engine.run(trials: 1)[0]
        for p in [0, 1, 2, 5] { expectBinomial(t.counts.churned[p], n: t.counts.atRisk[p], p: 0.05, "period \(p)") }
        expectBinomial(t.counts.churned[3], n: t.counts.atRisk[3], p: 0.10, "shocked period 2024-Q4")
        // Period 4 (2025-Q1) is shocked in segment 1 only: count from the panel by segment.
        let panel = engine.historyPanel(trial: 0).panel
        let q1 = Period(year: 2025, quarter: 1)
        for (segment, rate) in [(0, 0.05), (1, 0.15)] {
            let rows = panel.period.indices.filter { panel.period[$0] == q1 && panel.segment[$0] == Int32(segment) }
            expectBinomial(rows.filter { panel.churned[$0] }.count, n: rows.count, p: rate, "segment \(segment) in 2025-Q1")
        }
    }

    @Test func darkShareFollowsTheTwoStateChain() throws {
        let (initial, g, r) = (0.1, 0.08, 0.3)
        let scenario = TestScenarios.constant(
            customers: [15_000, 5_000], periods: 8, churn: 0.04, initialDark: initial, goingDark: g, recovery: r)
        let t = try MonteCarloEngine(scenario: scenario, seed: 31).run(trials: 1)[0]
        // Churn is independent of the dark state here, so survivors are dark with the chain's marginal.
        var share = initial
        for p in 0..<8 {
            expectBinomial(t.counts.dark[p], n: t.counts.atRisk[p], p: share, "dark at start of period \(p)")
            share = share * (1 - r) + (1 - share) * g
        }
    }

    @Test func milestoneReachAndTakeRates() throws {
        let (q, take) = (0.3, 0.6)
        let scenario = TestScenarios.constant(
            customers: [10_000, 10_000], periods: 6, churn: 1e-12, reach: q, take: take, milestones: 2)
        let t = try MonteCarloEngine(scenario: scenario, seed: 8).run(trials: 1)[0]
        #expect(t.counts.churned.reduce(0, +) == 0)
        #expect(t.counts.milestonePending[0] == 20_000)
        for p in 0..<6 {
            expectBinomial(t.counts.milestonesReached[p], n: t.counts.milestonePending[p], p: q, "reach in period \(p)")
            expectBinomial(t.counts.upsellsTaken[p], n: t.counts.milestonesReached[p], p: take, "take in period \(p)")
        }
        // Nobody can have finished both milestones before period 1.
        #expect(t.counts.milestonePending[1] == 20_000)
        // Each take adds the upsell (1000 x multiplier 1) exactly.
        #expect(t.total.expansionARR == 1000 * Double(t.counts.upsellsTaken.reduce(0, +)))
        // Reaches per customer = min(Binomial(6, q), 2) (two milestones): total within ±4 sd.
        let p0 = pow(1 - q, 6)
        let p1 = 6 * q * pow(1 - q, 5)
        let mean = p1 + 2 * (1 - p0 - p1)
        let variance = p1 + 4 * (1 - p0 - p1) - mean * mean
        let total = Double(t.counts.milestonesReached.reduce(0, +))
        let band: Double = 4 * (20_000 * variance).squareRoot()
        #expect(abs(total - 20_000 * mean) <= band, "total reaches \(total), expected \(20_000 * mean)")
    }

    @Test func customerAttributesFollowTheSegmentSpec() throws {
        let scenario = TestScenarios.constant(customers: [20_000], periods: 1)
        let engine = try MonteCarloEngine(scenario: scenario, seed: 4)
        let panel = engine.historyPanel(trial: 0).panel
        #expect(panel.rowCount == 20_000)
        expectBinomial(panel.fit.filter { $0 == .good }.count, n: 20_000, p: 0.6, "good fit")
        expectBinomial(panel.fit.filter { $0 == .stretch }.count, n: 20_000, p: 0.2, "stretch fit")
        // Lognormal median 10,000: half below (rounding moves P by < 1e-5).
        expectBinomial(panel.arr.filter { $0 < 10_000 }.count, n: 20_000, p: 0.5, "ARR below the median")
        // log ARR has sd sigma = 0.5: sample sd within 4 standard errors (SE ≈ sigma/sqrt(2n)).
        let logs = panel.arr.map { log($0) }
        let mean = logs.reduce(0, +) / Double(logs.count)
        let sd = (logs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(logs.count - 1)).squareRoot()
        #expect(abs(mean - log(10_000)) < 4 * 0.5 / sqrt(20_000))
        #expect(abs(sd - 0.5) < 4 * 0.5 / sqrt(40_000))
        // CSMs of the segment, each used.
        #expect(Set(panel.csm) == Set((0..<5).map(Int32.init)))
        #expect(engine.csmIDs == ["CSM001", "CSM002", "CSM003", "CSM004", "CSM005"])
        #expect(panel.customerIDs.first == "C000001")
    }

    @Test func latentStateIsStationaryAtTheStatedMoments() throws {
        var scenario = TestScenarios.constant(customers: [20_000], periods: 6, churn: 1e-12)
        scenario.latent.direction.csmSkill = 0
        let engine = try MonteCarloEngine(scenario: scenario, seed: 12)
        let h = engine.historyPanel(trial: 0)
        let direction = scenario.latent.direction
        for period in [0, 5] {
            let rows = h.panel.period.indices.filter {
                h.panel.period[$0] == scenario.periods.start.advanced(by: period) && h.panel.fit[$0] == .good
            }
            let x = rows.map { Double(h.latent.direction[$0]) }
            let mean = x.reduce(0, +) / Double(x.count)
            let variance = x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(x.count - 1)
            let expectedMean = direction.stationaryMean(input: 0.1)  // drift 0 + good-fit effect 0.1
            let sd = direction.stationarySD
            #expect(abs(mean - expectedMean) < 4 * sd / Double(x.count).squareRoot(), "period \(period): mean \(mean)")
            #expect(abs(variance.squareRoot() - sd) < 4 * sd / Double(2 * x.count).squareRoot(), "period \(period): sd")
        }
    }

    @Test func featuresLoadOnTheLatentStateAndGoMissingAtTheirRates() throws {
        let scenario = TestScenarios.constant(customers: [10_000, 5_000], periods: 4)
        let h = try MonteCarloEngine(scenario: scenario, seed: 21).historyPanel(trial: 0)
        let rows = h.panel.rowCount
        let progress = try #require(h.panel.feature(named: "outcome.progress"))
        let nps = try #require(h.panel.feature(named: "experience.nps"))
        let days = try #require(h.panel.feature(named: "engagement.days_since_contact"))
        expectBinomial(progress.missingCount, n: rows, p: 0.1, "outcome.progress missing")
        expectBinomial(nps.missingCount, n: rows, p: 0.3, "experience.nps missing")
        #expect(days.missingCount == 0)
        #expect(progress.values.allSatisfy { $0.isNaN || (0...100).contains($0) })
        // Days since contact: 20 + 8·(4·dark + 0.6·ε) → 52 when dark, 20 otherwise (sd 4.8).
        let dark = (0..<rows).filter { h.latent.dark[$0] }.map { Double(days.values[$0]) }
        let light = (0..<rows).filter { !h.latent.dark[$0] }.map { Double(days.values[$0]) }
        #expect(dark.count > 1000)
        let darkBand: Double = 4 * 4.8 / Double(dark.count).squareRoot()
        let lightBand: Double = 4 * 4.8 / Double(light.count).squareRoot() + 0.01
        #expect(abs(sampleMean(dark) - 52) < darkBand)
        #expect(abs(sampleMean(light) - 20) < lightBand)
        // outcome.trend = 0.5·d + 0.2·e + 0.8·ε exactly (no clamping, no missing): residual sd 0.8.
        let trend = try #require(h.panel.feature(named: "outcome.trend"))
        let residuals = (0..<rows).map {
            Double(trend.values[$0]) - 0.5 * Double(h.latent.direction[$0]) - 0.2 * Double(h.latent.experience[$0])
        }
        let rmean = residuals.reduce(0, +) / Double(rows)
        let rsd = (residuals.map { ($0 - rmean) * ($0 - rmean) }.reduce(0, +) / Double(rows - 1)).squareRoot()
        #expect(abs(rmean) < 4 * 0.8 / Double(rows).squareRoot())
        #expect(abs(rsd - 0.8) < 4 * 0.8 / Double(2 * rows).squareRoot())
    }

    @Test func churnByDecileOfTheTrueProbabilityMatchesIt() throws {
        // Latent-driven hazards: the probability each row's churn was drawn with is the truth.
        let h = try MonteCarloEngine(scenario: TestScenarios.latentDriven(customers: [20_000, 10_000], periods: 6), seed: 77)
            .historyPanel(trial: 0)
        expectDecilesMatch(probabilities: h.latent.churnProbability, churned: h.panel.churned)
    }
}

func sampleMean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }

/// Rows sorted by probability into 10 equal bins: each bin's churn count within ±4 sd of
/// the Poisson-binomial with those probabilities.
func expectDecilesMatch(probabilities: [Float], churned: [Bool], sourceLocation: SourceLocation = #_sourceLocation) {
    let order = probabilities.indices.sorted { probabilities[$0] < probabilities[$1] }
    let n = order.count
    for d in 0..<10 {
        let bin = order[(d * n / 10)..<((d + 1) * n / 10)]
        let expected = bin.reduce(0.0) { $0 + Double(probabilities[$1]) }
        let variance = bin.reduce(0.0) { $0 + Double(probabilities[$1]) * (1 - Double(probabilities[$1])) }
        let observed = bin.filter { churned[$0] }.count
        #expect(
            abs(Double(observed) - expected) <= 4 * variance.squareRoot(),
            "decile \(d): \(observed) churned, expected \(expected) ± \(4 * variance.squareRoot())",
            sourceLocation: sourceLocation)
    }
}

struct FastLogisticTests {
    @Test func expMatchesDoublePrecisionWithinThreeTenthsOfAMillionth() {
        var worst = 0.0
        var x: Float = -87
        while x <= 88 {
            let exact = Foundation.exp(Double(x))
            worst = max(worst, abs(Double(FastLogistic.exp(x)) - exact) / exact)
            x = x.nextUp + 0.00371
        }
        #expect(worst < 3e-7, "worst relative error \(worst)")
        // Outside the clamp: finite, and the logistic saturates at 0 and 1.
        #expect(FastLogistic.logistic(-1000) >= 0 && FastLogistic.logistic(-1000) < 1e-37)
        #expect(FastLogistic.logistic(1000) == 1)
        #expect(FastLogistic.logistic(0) == 0.5)
        #expect(FastLogistic.logistic(-.infinity) < 1e-37)
        #expect(FastLogistic.probability(3, times: 5) == 1)
        #expect(FastLogistic.probability(3, times: 0) == 0)
    }

    /// The rounding in `exp` is the library's `rounded(.toNearestOrEven)` (which the portable
    /// build calls out to libm for): equal over every Float in the clamp range the kernels
    /// reach, ties included, so simulations draw the same bits as before it was inlined.
    @Test func roundingMatchesTheLibraryOverTheClampRange() {
        var mismatches = 0
        var y: Float = -130
        while y <= 130 {
            if FastLogistic.roundedToNearestEven(y) != y.rounded(.toNearestOrEven) { mismatches += 1 }
            y = y.nextUp
        }
        #expect(mismatches == 0)
        for tie: Float in [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 126.5] {
            #expect(FastLogistic.roundedToNearestEven(tie) == tie.rounded(.toNearestOrEven), "\(tie)")
        }
    }
}
