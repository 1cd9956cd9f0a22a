import BearingPanel
import Foundation
import Testing

@testable import BearingForecast

@Suite struct ExpansionForecastTests {
    let q3 = Period(year: 2025, quarter: 3)

    /// The source's example: 100 customers reach a $1,000 milestone, 90% take it: $90,000.
    /// Monte Carlo: takers ~ Binomial(100, 0.9) x $1,000, whose 10/50/90% quantiles are
    /// 86, 90, 94 (scipy.stats.binom.ppf); 4,000 trials put the sample quantiles within one
    /// customer of those, and the mean within 4 standard errors (4 x 3,000/sqrt(4000) = 190).
    @Test func hundredCustomersAtNinetyPercentForecastNinetyThousand() throws {
        var fixture = PanelFixture()
        for i in 0..<100 { fixture.add(customer: "c\(i)", period: q3, milestone: "integrations-live") }
        let catalogue = MilestoneCatalogue(milestones: [
            Milestone(name: "integrations-live", upsellARR: 1000, horizon: .days(30), takeRates: [.positive: 0.9])
        ])
        let outlooks = (0..<100).map { i in
            CustomerOutlook(
                row: Int32(i), customer: Int32(i), segment: 0, category: .positive, arr: 10_000, churnProbability: 0,
                milestone: 0, reachProbability: 1, takeRate: 0.9, upsellARR: 1000)
        }
        let f = try ExpansionForecaster.forecast(
            panel: fixture.panel, period: q3, outlooks: outlooks, catalogue: catalogue,
            options: .init(trials: 4000, seed: 7, quota: .rate(0.05)))
        let total = try #require(f.total)
        #expect(abs(total.expectedExpansionARR - 90_000) < 1e-9)
        #expect(abs(total.expansionP50 - 90_000) <= 1000)
        #expect(abs(total.expansionP10 - 86_000) <= 1000)
        #expect(abs(total.expansionP90 - 94_000) <= 1000)
        #expect(total.expectedChurnedARR == 0 && total.churnedP90 == 0)
        // Quota forecast: 5% of 100 x $10,000.
        #expect(abs(total.quotaExpansionARR - 50_000) < 1e-9)
        #expect(f.cohorts.count == 1)
        #expect(abs(f.cohorts[0].expectedReachers - 100) < 1e-12)
        #expect(abs(f.cohorts[0].takeRate - 0.9) < 1e-12)
        #expect(abs(f.cohorts[0].expectedExpansionARR - 90_000) < 1e-9)
        let mean = try monteCarloMean(fixture: fixture, outlooks: outlooks, catalogue: catalogue, trials: 4000)
        #expect(abs(mean - 90_000) < 190)
    }

    func monteCarloMean(fixture: PanelFixture, outlooks: [CustomerOutlook], catalogue: MilestoneCatalogue, trials: Int) throws -> Double {
        let (expansion, _) = ExpansionForecaster.simulate(
            outlooks: outlooks, slots: outlooks.map { _ in 0 }, slotCount: 2, period: q3,
            options: .init(trials: trials, seed: 7))
        return (0..<trials).reduce(0.0) { $0 + expansion[$1 * 2 + 1] } / Double(trials)
    }

    /// The same $90k through estimated rates: the catalogue fixes the take rate at 90% and
    /// every past customer on the milestone reached it. Hand computation with κ = 10, 1,000
    /// past trials, all successes: root (k+1)/(n+2) = 1001/1002; milestone
    /// (1000 + 10·root)/1010; (milestone, positive) and (…, smb) likewise from their parent.
    @Test func estimatedRatesShrinkTowardParents() throws {
        var fixture = PanelFixture()
        let q2 = Period(year: 2025, quarter: 2)
        for i in 0..<1000 { fixture.add(customer: "p\(i)", period: q2, expansion: 1000, milestone: "m", reached: 1) }
        for i in 0..<100 { fixture.add(customer: "c\(i)", period: q3, milestone: "m") }
        let catalogue = MilestoneCatalogue(milestones: [Milestone(name: "m", upsellARR: 1000, takeRates: [.positive: 0.9])])
        let f = try ExpansionForecaster.forecast(
            panel: fixture.panel, index: PanelIndex(fixture.panel), categories: fixture.categories,
            churnProbabilities: nil, catalogue: catalogue, options: .init(trials: 200, seed: 1, quota: .rate(0)))
        let root = 1001.0 / 1002
        let level1 = (1000 + 10 * root) / 1010
        let level2 = (1000 + 10 * level1) / 1010
        let level3 = (1000 + 10 * level2) / 1010
        let total = try #require(f.total)
        #expect(abs(total.expectedExpansionARR - 100 * level3 * 0.9 * 1000) < 1e-6)
        #expect(abs(total.expectedExpansionARR - 90_000) < 100)
        // No one churned in 1,000 past rows: churn reads (0 + 10·parent)/(1000 + 10), not 0.
        let churnRoot = 1.0 / 1002
        let churnCategory = 10 * churnRoot / 1010
        let churnCell = 10 * churnCategory / 1010
        #expect(abs(total.expectedChurnedARR - 100 * 10_000 * churnCell) < 1e-9)
    }

    /// Carrying the last period forward: the churned customer leaves, ARR moves by expansion
    /// and contraction, a customer who reached milestone 1 of 2 moves to milestone 2, one who
    /// reached the last milestone has none left, one who did not reach keeps its milestone.
    @Test func nextPeriodCarriesCustomersForward() throws {
        var fixture = PanelFixture()
        let q4 = Period(year: 2025, quarter: 4)
        fixture.add(customer: "gone", period: q4, churned: true, milestone: "first", reached: 0)
        fixture.add(customer: "grew", period: q4, arr: 10_000, expansion: 2_000, milestone: "first", reached: 1)
        fixture.add(customer: "done", period: q4, arr: 10_000, expansion: 5_000, milestone: "second", reached: 1)
        fixture.add(customer: "wait", period: q4, arr: 10_000, milestone: "first", reached: 0)
        fixture.panel.contractionARR[3] = 1_500
        let catalogue = MilestoneCatalogue(milestones: [
            Milestone(name: "first", upsellARR: 2_000), Milestone(name: "second", upsellARR: 5_000),
        ])
        let f = try ExpansionForecaster.forecastNextPeriod(
            panel: fixture.panel, index: PanelIndex(fixture.panel), categories: fixture.categories, churnProbabilities: nil,
            catalogue: catalogue, options: .init(trials: 10))
        #expect(f.period == "2026-Q1")
        let total = try #require(f.total)
        #expect(total.customers == 3)
        #expect(total.bookARR == 12_000 + 15_000 + 8_500)
        #expect(f.cohorts.map(\.milestone) == ["first", "second"])
        #expect(f.cohorts.map(\.customers) == [1, 1])
        // Both milestones had reach trials ("first": gone, grew, wait; "second": done).
        #expect(f.milestonesWithoutHistory.isEmpty)
        // With a third milestone, "done" moves on to it, and it has no history of its own.
        let withThird = try ExpansionForecaster.forecastNextPeriod(
            panel: fixture.panel, index: PanelIndex(fixture.panel), categories: fixture.categories, churnProbabilities: nil,
            catalogue: MilestoneCatalogue(milestones: catalogue.milestones + [Milestone(name: "third", upsellARR: 1)]),
            options: .init(trials: 10))
        #expect(withThird.milestonesWithoutHistory == ["third"])
        #expect(withThird.cohorts.map(\.milestone) == ["first", "second", "third"])
    }

    @Test func hierarchyHandComputation() {
        var h = RateHierarchy(strength: 10)
        // Milestone 0: segment 0 has 2/8 positives, segment 1 has 1/1; milestone 1: 0/1.
        for i in 0..<8 { h.add(.init(0, 0, 0), success: i < 2) }
        h.add(.init(0, 0, 1), success: true)
        h.add(.init(1, 0, 0), success: false)
        // Root: 3 of 10 → (3+1)/(10+2) = 1/3.
        #expect(abs(h.rootRate.rate - 1.0 / 3) < 1e-15)
        // Milestone 0: 3 of 9 → (3 + 10/3)/19.
        let m0 = (3 + 10.0 / 3) / 19
        #expect(abs(h.rate(a: 0).rate - m0) < 1e-15)
        #expect(abs(h.rate(a: 0, b: 0).rate - (3 + 10 * m0) / 19) < 1e-15)
        // The 1-of-1 cell reads (1 + 10·parent)/11, far from 100%.
        let sparse = h.rate(.init(0, 0, 1))
        #expect(abs(sparse.rate - (1 + 10 * (3 + 10 * m0) / 19) / 11) < 1e-15)
        #expect(sparse.rate < 0.45)
        // Milestone 1's 0-of-1 cell is not 0%; an unseen cell reads its parent.
        #expect(h.rate(.init(1, 0, 0)).rate > 0.25)
        #expect(h.rate(.init(1, 3, 7)).rate == h.rate(a: 1, b: 3).rate)
        #expect(h.rate(.init(1, 3, 7)).trials == 0)
    }

    @Test func ratesCountTheRightRows() throws {
        var fixture = PanelFixture()
        let q1 = Period(year: 2025, quarter: 1)
        fixture.add(customer: "a", period: q1, expansion: 500, milestone: "m", reached: 1)  // reach yes, take yes
        fixture.add(customer: "b", period: q1, milestone: "m", reached: 1)  // reach yes, take no
        fixture.add(customer: "c", period: q1, churned: true, milestone: "m", reached: 0)  // reach no
        fixture.add(customer: "d", period: q1, milestone: "m")  // reached missing: not a reach trial
        fixture.add(customer: "e", period: q1, milestone: "other", reached: 1)  // not in catalogue
        fixture.add(customer: "f", period: q1, expansion: 900)  // no milestone
        let catalogue = MilestoneCatalogue(milestones: [Milestone(name: "m", upsellARR: 100)])
        let rates = try ForecastRates(
            panel: fixture.panel, categories: fixture.categories, rows: (0..<6).map(Int32.init), catalogue: catalogue, strength: 0)
        // κ = 0: raw shares.
        #expect(rates.reachProbability(milestone: 0, category: .positive, segment: 0).rate == 2.0 / 3)
        #expect(rates.takeRate(milestone: 0, category: .positive, segment: 0).rate == 0.5)
        #expect(rates.churnProbability(category: .positive, segment: 0).rate == 1.0 / 6)
        #expect(rates.rowsWithUnknownMilestone == 1)
        // The forecast period may not hold milestones the catalogue cannot value.
        #expect(throws: ForecastError.unknownMilestones(["other"])) {
            try rates.outlooks(panel: fixture.panel, categories: fixture.categories, churnProbabilities: nil, rows: [4])
        }
        #expect(throws: ForecastError.self) {
            try ForecastRates(panel: fixture.panel, categories: [], rows: [], catalogue: catalogue)
        }
    }

    /// Mixed customers in two segments: trial means agree with the exact expectations, the
    /// roll-up is the sum of segments, and the run repeats bit for bit.
    @Test func monteCarloMatchesExpectationsAndRepeats() throws {
        var fixture = PanelFixture()
        var outlooks: [CustomerOutlook] = []
        var g = SplitMix64(state: 42)
        for i in 0..<300 {
            let segment = i % 3 == 0 ? "enterprise" : "smb"
            fixture.add(customer: "c\(i)", period: q3, segment: segment, milestone: "m")
            outlooks.append(
                CustomerOutlook(
                    row: Int32(i), customer: Int32(i), segment: fixture.panel.segment[i], category: .neutral,
                    arr: 1000 + 9000 * g.uniform(), churnProbability: 0.2 * g.uniform(), milestone: 0,
                    reachProbability: g.uniform(), takeRate: g.uniform(), upsellARR: 500))
        }
        let catalogue = MilestoneCatalogue(milestones: [Milestone(name: "m", upsellARR: 500)])
        let options = ExpansionForecaster.Options(trials: 2000, seed: 99, quota: .rate(0.1))
        let f = try ExpansionForecaster.forecast(panel: fixture.panel, period: q3, outlooks: outlooks, catalogue: catalogue, options: options)
        let again = try ExpansionForecaster.forecast(panel: fixture.panel, period: q3, outlooks: outlooks, catalogue: catalogue, options: options)
        #expect(f == again)
        #expect(f.segments.map(\.segment) == ["enterprise", "smb", "all"])
        let sum = f.segments[0].expectedExpansionARR + f.segments[1].expectedExpansionARR
        #expect(abs(sum - f.segments[2].expectedExpansionARR) < 1e-6)
        #expect(abs(f.segments[0].quotaExpansionARR - 0.1 * f.segments[0].bookARR) < 1e-9)
        let (expansion, churned) = ExpansionForecaster.simulate(
            outlooks: outlooks, slots: outlooks.map { $0.segment == fixture.panel.segment[0] ? 0 : 1 }, slotCount: 3,
            period: q3, options: options)
        for s in 0..<3 {
            let e = (0..<2000).map { expansion[$0 * 3 + s] }
            let c = (0..<2000).map { churned[$0 * 3 + s] }
            let (me, se) = meanAndStandardError(e)
            let (mc, sc) = meanAndStandardError(c)
            #expect(abs(me - f.segments[s].expectedExpansionARR) < 4 * se, "segment \(s) expansion")
            #expect(abs(mc - f.segments[s].expectedChurnedARR) < 4 * sc, "segment \(s) churn")
            #expect(f.segments[s].expansionP10 <= f.segments[s].expansionP50 && f.segments[s].expansionP50 <= f.segments[s].expansionP90)
        }
        for t in 0..<2000 {
            #expect(abs(expansion[t * 3] + expansion[t * 3 + 1] - expansion[t * 3 + 2]) < 1e-6)
        }
        // Any number of workers gives the same bits.
        for workers in [1, 3, 7] {
            let (e, c) = ExpansionForecaster.simulate(
                outlooks: outlooks, slots: outlooks.map { $0.segment == fixture.panel.segment[0] ? 0 : 1 }, slotCount: 3,
                period: q3, options: options, workers: workers)
            #expect(e == expansion && c == churned, "\(workers) workers")
        }
        let otherSeed = try ExpansionForecaster.forecast(
            panel: fixture.panel, period: q3, outlooks: outlooks, catalogue: catalogue,
            options: .init(trials: 2000, seed: 100, quota: .rate(0.1)))
        #expect(otherSeed.total?.expansionP50 != f.total?.expansionP50 || otherSeed.total?.churnedP50 != f.total?.churnedP50)
    }

    func meanAndStandardError(_ x: [Double]) -> (Double, Double) {
        let n = Double(x.count)
        let mean = x.reduce(0, +) / n
        let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        return (mean, (variance / n).squareRoot())
    }

    @Test func catalogueDecodesAndValidates() throws {
        let json = """
            {"milestones": [
              {"name": "integrations-live", "upsell_arr": 1000, "horizon": 30, "take_rates": {"positive": 0.9}},
              {"name": "second-team", "upsell_arr": 5000, "horizon": "next-period"}
            ]}
            """
        let catalogue = try JSONDecoder().decode(MilestoneCatalogue.self, from: Data(json.utf8))
        try catalogue.validate()
        #expect(catalogue.milestones[0].horizon == .days(30))
        #expect(catalogue.milestones[0].fixedTakeRate(for: .positive) == 0.9)
        #expect(catalogue.milestones[0].fixedTakeRate(for: .neutral) == nil)
        #expect(catalogue.milestones[1].horizon == .nextPeriod)
        #expect(abs(MilestoneHorizon.days(90).periods(of: .quarter) - 90 / 91.3125) < 1e-15)
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(MilestoneHorizon.self, from: Data("45".utf8))
        }
        let bad = MilestoneCatalogue(milestones: [Milestone(name: "x", upsellARR: 1, takeRates: [.ghost: 1.5])])
        #expect(throws: ForecastError.self) { try bad.validate() }
        // A milestone checks itself while decoding, so file decoders can report its line.
        let unknownCategory = Data(#"{"milestones":[{"name":"x","upsell_arr":1,"take_rates":{"great":0.5}}]}"#.utf8)
        do {
            _ = try JSONDecoder().decode(MilestoneCatalogue.self, from: unknownCategory)
            Issue.record("an unknown take-rate category was accepted")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(
                context.debugDescription.contains(
                    "milestone 'x': take_rates has unknown category 'great'; expected positive, neutral, negative or ghost"))
        }
    }
}

@Suite struct BadFitChurnTests {
    /// Churn of bad-fit customers is reported apart: 2 good-fit customers at 10% x $1,000 and
    /// 1 bad-fit at 50% x $2,000 give $200 good-fit and $1,000 bad-fit expected churned ARR.
    @Test func badFitChurnIsSeparate() throws {
        var fixture = PanelFixture()
        let p = Period(year: 2025, quarter: 1)
        for i in 0..<3 { fixture.add(customer: "c\(i)", period: p) }
        let outlooks = [
            CustomerOutlook(row: 0, customer: 0, segment: 0, category: .positive, arr: 1000, churnProbability: 0.1),
            CustomerOutlook(row: 1, customer: 1, segment: 0, category: .neutral, arr: 1000, churnProbability: 0.1),
            CustomerOutlook(row: 2, customer: 2, segment: 0, category: .negative, arr: 2000, churnProbability: 0.5, goodFit: false),
        ]
        let f = try ExpansionForecaster.forecast(
            panel: fixture.panel, period: p, outlooks: outlooks, catalogue: MilestoneCatalogue(milestones: [Milestone(name: "m", upsellARR: 1)]),
            options: .init(trials: 10, quota: .rate(0)))
        let total = try #require(f.total)
        #expect(abs(total.expectedChurnedARRGoodFit - 200) < 1e-12)
        #expect(abs(total.expectedChurnedARRBadFit - 1000) < 1e-12)
        #expect(abs(total.expectedChurnedARR - 1200) < 1e-12)
    }
}
