import BearingPanel
import Testing

@testable import BearingForecast

@Suite struct ParameterUncertaintyTests {
    let q1 = Period(year: 2025, quarter: 1)
    let q2 = Period(year: 2025, quarter: 2)

    /// κ = 2, list value 1,000. Takers: smb 400 and 600, ent 3,000 (a reacher with no expansion
    /// is not a taker). Deal sizes: all (0.4 + 0.6 + 3 + 2)/(3 + 2) = 1.2; smb (1 + 2·1.2)/4 =
    /// 0.85; ent (3 + 2.4)/3 = 1.8; mid (no takers) 1.2. Milestone level (1000/850 + 3000/1800 +
    /// 2)/5 = 0.96863. smb (1000 + 2·1000·0.85·0.96863)/4 = 661.667; ent 2,162.353; mid reads its
    /// prior 1,162.353 (`reference/upsell_value_reference.py`, numpy). Standard errors (ddof = 1):
    /// smb sd{400, 600}/√4 = 70.71068; ent has one taker, so the milestone's sd{400, 600, 3000}
    /// = 1446.83563, /√3 = 835.33094.
    @Test func realisedUpsellValueShrinksTowardDealSizeTimesList() throws {
        var fixture = PanelFixture()
        fixture.add(customer: "a", period: q1, segment: "smb", expansion: 400, milestone: "m", reached: 1)
        fixture.add(customer: "b", period: q1, segment: "smb", expansion: 600, milestone: "m", reached: 1)
        fixture.add(customer: "c", period: q1, segment: "smb", milestone: "m", reached: 1)
        fixture.add(customer: "d", period: q1, segment: "ent", expansion: 3000, milestone: "m", reached: 1)
        fixture.add(customer: "e", period: q1, segment: "mid", milestone: "m", reached: 0)
        fixture.add(customer: "f", period: q1, segment: "smb", expansion: 99_999, milestone: "m", reached: 0)
        let catalogue = MilestoneCatalogue(milestones: [Milestone(name: "m", upsellARR: 1000)])
        let rates = try ForecastRates(
            panel: fixture.panel, categories: fixture.categories, rows: (0..<6).map(Int32.init), catalogue: catalogue, strength: 2)
        let smb = rates.upsellValue(milestone: 0, segment: 0)
        let ent = rates.upsellValue(milestone: 0, segment: 1)
        let mid = rates.upsellValue(milestone: 0, segment: 2)
        #expect(fixture.panel.segmentNames == ["smb", "ent", "mid"])
        #expect(abs(smb.value - 661.6666666667) < 1e-9 && smb.takers == 2 && smb.realisedMean == 500 && smb.listValue == 1000)
        #expect(abs(ent.value - 2162.3529411765) < 1e-9 && ent.takers == 1)
        #expect(abs(mid.value - 1162.3529411765) < 1e-9 && mid.takers == 0 && mid.realisedMean == nil)
        #expect(abs(smb.standardError - 70.71068) < 1e-4)
        #expect(abs(ent.standardError - 835.33094) < 1e-4)
        // No takers at all: the list value, exactly.
        let none = try ForecastRates(
            panel: fixture.panel, categories: fixture.categories, rows: [2, 4], catalogue: catalogue, strength: 2)
        #expect(none.upsellValue(milestone: 0, segment: 0) == UpsellValue(list: 1000))
        // The cohort table shows both values; the forecast uses the realised one.
        fixture.add(customer: "a", period: q2, segment: "smb", milestone: "m")
        let f = try ExpansionForecaster.forecast(
            panel: fixture.panel, index: PanelIndex(fixture.panel), categories: fixture.categories, churnProbabilities: nil,
            catalogue: catalogue, options: .init(trials: 10, seed: 1), strength: 2)
        let cohort = try #require(f.cohorts.first)
        #expect(cohort.upsellARR == 1000 && abs(cohort.realisedUpsellARR - 661.6666666667) < 1e-9)
        #expect(abs(cohort.expectedExpansionARR - cohort.reachProbability * cohort.takeRate * 661.6666666667) < 1e-8)
    }

    /// Segments differ in deal size across milestones: a segment with few takers of a milestone
    /// is shrunk toward list × its deal size × the milestone's level, not toward the mean of the
    /// other segments' deals; a milestone nobody took yet reads list × deal size. κ = 2; takers
    /// m1 (list 1,000): smb 400, 500, 300, ent 2,900, 3,100; m2 (4,000): ent 12,500; m3 (500):
    /// none. Values from `reference/upsell_value_reference.py` (numpy), to 1e-9.
    @Test func segmentDealSizeCarriesAcrossMilestones() throws {
        var fixture = PanelFixture()
        for (i, (m, segment, x)) in [
            ("m1", "smb", 400.0), ("m1", "smb", 500), ("m1", "smb", 300), ("m1", "ent", 2900), ("m1", "ent", 3100),
            ("m2", "ent", 12_500), ("m2", "mid", 0), ("m3", "smb", 0),
        ].enumerated() {
            fixture.add(customer: "c\(i)", period: q1, segment: segment, expansion: x, milestone: m, reached: x > 0 ? 1 : 0)
        }
        let catalogue = MilestoneCatalogue(milestones: [
            Milestone(name: "m1", upsellARR: 1000), Milestone(name: "m2", upsellARR: 4000), Milestone(name: "m3", upsellARR: 500),
        ])
        let rates = try ForecastRates(
            panel: fixture.panel, categories: fixture.categories, rows: (0..<8).map(Int32.init), catalogue: catalogue, strength: 2)
        #expect(fixture.panel.segmentNames == ["smb", "ent", "mid"])
        let expected: [[(value: Double, se: Double)]] = [
            [(526.6831248628, 44.72135955), (2521.7009906152, 70.71067812), (1289.5509174944, 1009.45529866)],
            [(3744.7601979860, 0), (11284.4444444444, 0), (6737.8349547704, 0)],
            [(428.1250000000, 22.36067977), (1220.6250000000, 27.57565351), (770.3125000000, 0)],
        ]
        for m in 0..<3 {
            for s in 0..<3 {
                let v = rates.upsellValue(milestone: m, segment: Int32(s))
                #expect(abs(v.value - expected[m][s].value) < 1e-9, "m\(m + 1) \(fixture.panel.segmentNames[s]): \(v.value)")
                #expect(abs(v.standardError - expected[m][s].se) < 1e-7, "m\(m + 1) \(fixture.panel.segmentNames[s]): \(v.standardError)")
            }
        }
    }

    /// 1,000 customers in one cell, take fixed at 1, value fixed: takers per trial are
    /// Beta-Binomial(1000, α, β) with the reach posterior's α = 20 + 2·0.5, β = 30 + 2·0.5
    /// (κ = 2, parent 0.5), mean nα/(α+β) and variance nαβ(α+β+n)/((α+β)²(α+β+1)) — sd 66.6
    /// against the fixed-rate Binomial's 15.5. 4,000 trials: the sample sd is within 5% of the
    /// closed form (its relative standard error is about 1/√8000 ≈ 1.1%), the mean within
    /// 4 standard errors.
    @Test func posteriorDrawsWidenIntervalsToTheBetaBinomial() throws {
        let reach = ShrunkRate(successes: 20, trials: 50, parentRate: 0.5, strength: 2)
        #expect(reach.alpha == 21 && reach.beta == 31)
        let uncertainty = CustomerOutlook.ParameterUncertainty(
            reach: reach, take: ShrunkRate(fixed: 1), upsell: UpsellValue(list: 1))
        let outlooks = (0..<1000).map { i in
            CustomerOutlook(
                row: Int32(i), customer: Int32(i), segment: 0, category: .positive, arr: 1, churnProbability: 0,
                milestone: 0, reachProbability: reach.rate, takeRate: 1, upsellARR: 1)
        }.map { o -> CustomerOutlook in
            var o = o
            o.uncertainty = uncertainty
            return o
        }
        let trials = 4000
        func moments(_ drawParameters: Bool) -> (mean: Double, sd: Double) {
            let (e, _) = ExpansionForecaster.simulate(
                outlooks: outlooks, slots: outlooks.map { _ in 0 }, slotCount: 2, period: q2,
                options: .init(trials: trials, seed: 3, parameterUncertainty: drawParameters))
            let x = (0..<trials).map { e[$0 * 2 + 1] }
            let m = x.reduce(0, +) / Double(trials)
            return (m, (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(trials - 1)).squareRoot())
        }
        let (a, b, n) = (21.0, 31.0, 1000.0)
        let mean = n * a / (a + b)
        let sd = (n * a * b * (a + b + n) / ((a + b) * (a + b) * (a + b + 1))).squareRoot()
        let binomialSD = (n * reach.rate * (1 - reach.rate)).squareRoot()
        let drawn = moments(true)
        let fixed = moments(false)
        #expect(abs(drawn.sd / sd - 1) < 0.05)
        #expect(abs(drawn.mean - mean) < 4 * sd / Double(trials).squareRoot())
        #expect(abs(fixed.sd / binomialSD - 1) < 0.05)
        #expect(drawn.sd > 4 * fixed.sd)
    }

    /// Parameter draws come from per-cell keyed streams: any number of workers gives the same
    /// trial sums, bit for bit.
    @Test func parameterDrawsDoNotDependOnThreadCount() throws {
        let cells = [
            (
                ShrunkRate(successes: 5, trials: 40, parentRate: 0.2, strength: 10),
                UpsellValue(
                    listValue: 1000, takers: 4, realisedMean: 800, value: 850, standardError: 120)
            ),
            (ShrunkRate(successes: 30, trials: 40, parentRate: 0.6, strength: 10), UpsellValue(list: 5000)),
        ]
        let outlooks = (0..<300).map { i -> CustomerOutlook in
            let (reach, value) = cells[i % 2]
            let take = ShrunkRate(successes: 7, trials: 12, parentRate: 0.5, strength: 10)
            var o = CustomerOutlook(
                row: Int32(i), customer: Int32(i), segment: Int32(i % 3), category: i % 5 == 0 ? .neutral : .positive,
                arr: 1000, churnProbability: 0.1, milestone: Int32(i % 2), reachProbability: reach.rate,
                takeRate: take.rate, upsellARR: value.value)
            o.uncertainty = .init(reach: reach, take: take, upsell: value, drift: i % 2 == 0 ? 0.15 : 0)
            return o
        }
        let options = ExpansionForecaster.Options(trials: 57, seed: 11)
        let one = ExpansionForecaster.simulate(
            outlooks: outlooks, slots: outlooks.map { Int($0.segment) }, slotCount: 4, period: q2, options: options, workers: 1)
        for workers in [2, 3, 8] {
            let many = ExpansionForecaster.simulate(
                outlooks: outlooks, slots: outlooks.map { Int($0.segment) }, slotCount: 4, period: q2, options: options,
                workers: workers)
            #expect(one.expansion == many.expansion && one.churned == many.churned)
        }
        // Reordering customers does not move cell indices: the roll-up is the same.
        let reversed = ExpansionForecaster.simulate(
            outlooks: outlooks.reversed(), slots: outlooks.map { _ in 0 }, slotCount: 2, period: q2, options: options, workers: 2)
        for t in 0..<57 { #expect(abs(reversed.expansion[t * 2 + 1] - one.expansion[t * 4 + 3]) < 1e-6) }
    }

    /// Two periods of 50 reach trials on one milestone: 20 then 10 reached, none taken.
    /// Half-life 1, κ = 0: weights 0.5 and 1, rate (0.5·20 + 10) / (0.5·50 + 50) = 20/75.
    /// Drift: ((0.2 − 0.4)² − 0.4·0.6/50 − 0.2·0.8/50) / 0.2² = 0.8 for reach, 0 for take (no
    /// take trials), so √0.8.
    @Test func recencyWeightsAndDriftByHand() throws {
        var fixture = PanelFixture()
        for i in 0..<50 { fixture.add(customer: "a\(i)", period: q1, milestone: "m", reached: i < 20 ? 1 : 0) }
        for i in 0..<50 { fixture.add(customer: "a\(i)", period: q2, milestone: "m", reached: i < 10 ? 1 : 0) }
        let catalogue = MilestoneCatalogue(milestones: [Milestone(name: "m", upsellARR: 100)])
        let rows = (0..<100).map(Int32.init)
        let weighted = try ForecastRates(
            panel: fixture.panel, categories: fixture.categories, rows: rows, catalogue: catalogue, strength: 0, halfLife: 1)
        let reach = weighted.reachProbability(milestone: 0, category: .positive, segment: 0)
        #expect(abs(reach.rate - 20.0 / 75) < 1e-12)
        #expect(reach.trials == 100 && reach.successes == 30)
        #expect(abs(reach.alpha - 20) < 1e-12 && abs(reach.beta - 55) < 1e-12)
        let pooled = try ForecastRates(
            panel: fixture.panel, categories: fixture.categories, rows: rows, catalogue: catalogue, strength: 0)
        #expect(abs(pooled.reachProbability(milestone: 0, category: .positive, segment: 0).rate - 0.3) < 1e-12)
        #expect(abs(weighted.drift(milestone: 0) - 0.8.squareRoot()) < 1e-12)
        #expect(throws: ForecastError.self) {
            try ForecastRates(panel: fixture.panel, categories: fixture.categories, rows: rows, catalogue: catalogue, halfLife: 0)
        }
    }
}
