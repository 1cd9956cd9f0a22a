import BearingPanel
import Testing
import _TestSupport

@testable import BearingForecast

/// Rates are estimated only from rows whose outcome is known; a walk-forward comparison does
/// not judge a forecast against a period that is still running.
@Suite struct UnknownOutcomeRatesTests {
    @Test func ratesSkipUnknownRows() throws {
        var fixture = PanelFixture()
        let q1 = Period(year: 2025, quarter: 1)
        fixture.add(customer: "a", period: q1, expansion: 500, milestone: "m", reached: 1)
        fixture.add(customer: "b", period: q1, churned: true, milestone: "m", reached: 0)
        fixture.add(customer: "c", period: q1, milestone: "m", reached: 1)
        fixture.add(customer: "d", period: q1, milestone: "m", reached: 0)
        let catalogue = MilestoneCatalogue(milestones: [Milestone(name: "m", upsellARR: 100)])
        var panel = fixture.panel
        panel.markOutcomeUnknown(2)
        panel.markOutcomeUnknown(3)
        let rates = try ForecastRates(
            panel: panel, categories: fixture.categories, rows: (0..<4).map(Int32.init), catalogue: catalogue, strength: 0,
            halfLife: 2)
        // Known rows a and b only: reach 1/2, take 1/1, churn 1/2.
        #expect(rates.reachProbability(milestone: 0, category: .positive, segment: 0).rate == 0.5)
        #expect(rates.takeRate(milestone: 0, category: .positive, segment: 0).rate == 1)
        #expect(rates.churnProbability(category: .positive, segment: 0).rate == 0.5)
        let absent = try ForecastRates(
            panel: panel.keepingRows { $0 < 2 }, categories: Array(fixture.categories.prefix(2)), rows: [0, 1],
            catalogue: catalogue, strength: 0, halfLife: 2)
        #expect(rates.churnProbability(category: .positive, segment: 0) == absent.churnProbability(category: .positive, segment: 0))
    }

    @Test func walkForwardSkipsARunningPeriod() throws {
        var fixture = PanelFixture()
        let q1 = Period(year: 2025, quarter: 1)
        for p in [q1, q1.next, q1.next.next] {
            for c in 0..<6 {
                fixture.add(customer: "c\(c)", period: p, expansion: c % 2 == 0 ? 100 : 0, milestone: "m", reached: c % 2 == 0 ? 1 : 0)
            }
        }
        var panel = fixture.panel
        for r in 0..<panel.rowCount where panel.period[r] == q1.next.next { panel.markOutcomeUnknown(r) }
        let catalogue = MilestoneCatalogue(milestones: [Milestone(name: "m", upsellARR: 100)])
        let comparison = try ForecastComparison.walkForward(
            panel: panel, index: PanelIndex(panel), categories: fixture.categories, churnProbabilities: nil,
            catalogue: catalogue, options: ExpansionForecaster.Options(trials: 50, seed: 1, quota: .rate(0.1)))
        #expect(Set(comparison.rows.map(\.period)) == [q1.next.label])
    }
}
