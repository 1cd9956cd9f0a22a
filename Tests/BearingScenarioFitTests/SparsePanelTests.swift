import BearingFiles
import BearingForecast
import BearingPanel
import BearingScenarioFit
import BearingSimulation
import Foundation
import Testing

/// Panels that lack what some blocks need: the fit still returns a valid scenario, uses the
/// documented defaults and says so.
struct SparsePanelTests {
    static func history(periods: Int = 6, granularity: Granularity = .quarter) throws -> HistoryPanel {
        var s = FitTestScenarios.small(customers: [400, 300], periods: periods)
        if granularity == .month { s.periods = ScenarioPeriods(start: Period(year: 2025, month: 1), count: periods) }
        return try MonteCarloEngine(scenario: s, seed: 2).historyPanel(trial: 0).panel
    }

    static func fit(_ panel: HistoryPanel) throws -> FittedScenario {
        try ScenarioFitter.fit(panel: panel, options: ScenarioFitOptions(matchingCustomerPeriods: 20_000, threads: 1))
    }

    @Test func noEngagementNoMilestonesNoCSMs() throws {
        var panel = try Self.history()
        panel.features.removeAll { $0.group == .engagement }
        panel.hasMilestoneColumns = false
        panel.milestoneNames = []
        panel.milestone = panel.milestone.map { _ in -1 }
        panel.milestoneReached = panel.milestoneReached.map { _ in -1 }
        panel.hasCSMColumn = false
        panel.csmIDs = []
        panel.csm = panel.csm.map { _ in -1 }
        let fitted = try Self.fit(panel)
        let s = fitted.scenario
        #expect(s.dark.initial == 0 && s.dark.goingDark.intercept == -20)
        #expect(s.milestones.isEmpty)
        #expect(s.segments.allSatisfy { $0.csms == 1 && $0.csmSkillSD == 0 })
        #expect(fitted.notes.contains { $0.hasPrefix("dark: no engagement.* features") })
        #expect(fitted.notes.contains { $0.hasPrefix("expansion: the history has") })
        #expect(fitted.notes.contains { $0.hasPrefix("CSMs: the history has no csm_id column") })
        #expect(fitted.sources["dark"]?.kind == .defaulted)
        #expect(try ConfigDecoder().decode(Scenario.self, from: ScenarioYAML.render(fitted), file: "f.yaml") == s)
    }

    @Test func oneFeaturePerGroupAndOnePeriod() throws {
        var panel = try Self.history(periods: 1)
        panel.features = panel.features.filter { ["outcome.usage_trend", "experience.ces"].contains($0.name) }
        let fitted = try Self.fit(panel)
        let s = fitted.scenario
        // No consecutive rows: persistence is the default; one feature: the default loading.
        #expect(s.latent.direction.persistence == 0.8 && s.latent.experience.persistence == 0.8)
        #expect(s.features.first { $0.name == "outcome.usage_trend" }?.loadings.direction == 0.8)
        #expect(s.features.first { $0.name == "experience.ces" }?.loadings.experience == -0.8)
        #expect(fitted.sources["features[experience.ces]"]?.kind == .defaulted)
        #expect(s.periods.count == 1)
    }

    @Test func monthlyHistoryStartsTheNextMonth() throws {
        let fitted = try ScenarioFitter.fit(
            panel: Self.history(periods: 4, granularity: .month),
            options: ScenarioFitOptions(periodsAhead: 12, matchingCustomerPeriods: 20_000, threads: 1))
        #expect(fitted.scenario.periods.start == Period(year: 2025, month: 5))
        #expect(fitted.scenario.periods.count == 12)
        #expect(fitted.scenario.periods.granularity == .month)
        #expect(fitted.sources["periods"]?.kind == .given)
    }
}

/// With a milestone catalogue: its milestones, order and upsell values are used as given, and
/// so are the take rates it fixes; a catalogue milestone the history never saw gets the pooled reach.
struct CatalogueFitTests {
    @Test func catalogueValuesAreKept() throws {
        let panel = try SparsePanelTests.history()
        let catalogue = MilestoneCatalogue(milestones: [
            Milestone(name: "onboarded", upsellARR: 2500, takeRates: [.ghost: 0.05]),
            Milestone(name: "expanded-use", upsellARR: 6000),
            Milestone(name: "never-seen", upsellARR: 9000),
        ])
        let fitted = try ScenarioFitter.fit(
            panel: panel, catalogue: catalogue, options: ScenarioFitOptions(matchingCustomerPeriods: 20_000, threads: 1))
        let m = fitted.scenario.milestones
        #expect(m.map(\.name) == ["onboarded", "expanded-use", "never-seen"])
        #expect(m.map(\.upsellARR) == [2500, 6000, 9000])
        #expect(m[0].take.ghost == 0.05)
        #expect(fitted.sources["milestones[onboarded].upsell_arr"]?.kind == .given)
        #expect(fitted.sources["milestones[never-seen].reach"]?.kind == .defaulted)
        #expect(fitted.sources["milestones"]?.detail == "catalogue order")
    }
}
