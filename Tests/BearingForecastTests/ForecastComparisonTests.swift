import BearingPanel
import Testing

@testable import BearingForecast

@Suite struct ForecastComparisonTests {
    /// Metrics by hand: actual 100 and 200, quota 150 and 150, P50 110 and 180.
    /// Quota MAPE = (0.5 + 0.25)/2 = 0.375, bias = (300 − 300)/300 = 0; vector MAPE =
    /// (0.1 + 0.1)/2 = 0.1, bias = (290 − 300)/300; coverage 1 of 2. A period without
    /// expansion is counted but not scored in MAPE.
    @Test func summaryHandComputation() {
        func row(_ actual: Double, _ quota: Double, _ p50: Double, covered: Bool) -> ForecastComparison.Row {
            .init(
                period: "p", segment: "all", actualExpansionARR: actual, quotaExpansionARR: quota,
                vectorExpectedExpansionARR: p50, vectorP10: 0, vectorP50: p50, vectorP90: 0, covered: covered,
                actualChurnedARR: 0, expectedChurnedARR: 0)
        }
        let s = ForecastComparison.summary(
            segment: "all", rows: [row(100, 150, 110, covered: true), row(200, 150, 180, covered: false), row(0, 0, 0, covered: true)])
        #expect(abs((s.quotaMAPE ?? .nan) - 0.375) < 1e-15)
        #expect(abs((s.vectorMAPE ?? .nan) - 0.1) < 1e-15)
        #expect(abs(s.quotaBias ?? .nan) < 1e-15)
        #expect(abs((s.vectorBias ?? .nan) - (-10.0 / 300)) < 1e-15)
        #expect(abs((s.coverage ?? .nan) - 2.0 / 3) < 1e-15)
        #expect(s.periodsWithoutExpansion == 1 && s.periods == 3)
    }

    /// A synthetic book where reach depends on the vector category (positive 60%, neutral 30%,
    /// negative 10%, ghost 2% per quarter), take is 80%, churn 1–15%. Walk-forward over
    /// 6 quarters: the vector forecast's total is close to what happened (|bias| < 10%) and its
    /// P10–P90 interval covers most (segment, period) cells; the quota forecast, at a rate that
    /// ignores the book's mix, is further off.
    @Test func walkForwardOnSyntheticBook() throws {
        var fixture = PanelFixture()
        var g = SplitMix64(state: 2025)
        let reach: [VectorCategory: Double] = [.positive: 0.6, .neutral: 0.3, .negative: 0.1, .ghost: 0.02]
        let churn: [VectorCategory: Double] = [.positive: 0.01, .neutral: 0.03, .negative: 0.08, .ghost: 0.15]
        var alive = Array(repeating: true, count: 600)
        for q in 1...6 {
            let period = Period(year: 2024, quarter: 1).advanced(by: q - 1)
            for i in 0..<600 where alive[i] {
                let u = g.uniform()
                let category: VectorCategory = u < 0.4 ? .positive : u < 0.7 ? .neutral : u < 0.9 ? .negative : .ghost
                let churned = g.uniform() < churn[category, default: 0]
                let reached = g.uniform() < reach[category, default: 0]
                let took = reached && g.uniform() < 0.8
                fixture.add(
                    customer: "c\(i)", period: period, segment: i % 2 == 0 ? "smb" : "mid-market", arr: 12_000,
                    churned: churned, expansion: took ? 2_000 : 0, milestone: "expansion-ready", reached: reached ? 1 : 0,
                    category: category)
                if churned { alive[i] = false }
            }
        }
        let catalogue = MilestoneCatalogue(milestones: [Milestone(name: "expansion-ready", upsellARR: 2_000, horizon: .days(90))])
        let comparison = try ForecastComparison.walkForward(
            panel: fixture.panel, index: PanelIndex(fixture.panel), categories: fixture.categories, churnProbabilities: nil,
            catalogue: catalogue, options: .init(trials: 300, seed: 3, quota: .rate(0.10)), minimumTrainingPeriods: 1)
        #expect(comparison.rows.count == 5 * 3)
        #expect(comparison.summaries.map(\.segment) == ["mid-market", "smb", "all"])
        let all = try #require(comparison.summaries.last)
        #expect(abs(all.vectorBias ?? 1) < 0.10, "vector bias \(all.vectorBias ?? .nan)")
        #expect((all.vectorMAPE ?? 1) < (all.quotaMAPE ?? 0))
        let covered = comparison.rows.filter(\.covered).count
        #expect(covered >= 9, "P10–P90 covered \(covered) of 15")
        // Walk-forward uses the past only: the first forecast (2024-Q2) is fitted on 2024-Q1 alone.
        #expect(comparison.rows.first?.period == "2024-Q2")
    }

    @Test func tooLittleHistoryIsAnError() throws {
        var fixture = PanelFixture()
        fixture.add(customer: "a", period: Period(year: 2025, quarter: 1), milestone: "m")
        let catalogue = MilestoneCatalogue(milestones: [Milestone(name: "m", upsellARR: 1)])
        #expect(throws: ForecastError.self) {
            try ForecastComparison.walkForward(
                panel: fixture.panel, index: PanelIndex(fixture.panel), categories: fixture.categories,
                churnProbabilities: nil, catalogue: catalogue, options: .init())
        }
        #expect(throws: ForecastError.noHistoryBefore("2025-Q1")) {
            try ExpansionForecaster.forecast(
                panel: fixture.panel, index: PanelIndex(fixture.panel), categories: fixture.categories,
                churnProbabilities: nil, catalogue: catalogue, options: .init())
        }
    }
}
