import BearingFiles
import BearingPanel
import BearingScenarioFit
import BearingSimulation
import Foundation
import Testing

/// Recovery at test size: simulate a history from a known scenario, fit a scenario to it, and
/// check what the fit can recover exactly (the book), what it estimates (scale-free dynamics,
/// signs of the hazards) and that simulations of the fit reproduce the history.
struct ScenarioFitterTests {
    static let truth = FitTestScenarios.small()

    struct Fixture: Sendable {
        var history: HistoryPanel
        var fitted: FittedScenario
    }

    static func fit() throws -> Fixture {
        let history = try MonteCarloEngine(scenario: truth, seed: 11).historyPanel(trial: 0).panel
        let fitted = try ScenarioFitter.fit(
            panel: history,
            options: ScenarioFitOptions(name: "small-fit", historyFile: "small.csv", matchingCustomerPeriods: 200_000, threads: 2))
        return Fixture(history: history, fitted: fitted)
    }

    /// One fit shared by the tests (computed once, on first use).
    static let shared: Fixture? = try? fit()

    static func fitted() throws -> (history: HistoryPanel, fitted: FittedScenario) {
        let f = try #require(shared)
        return (f.history, f.fitted)
    }

    @Test func bookAndPeriodsComeFromTheHistory() throws {
        let (history, fit) = try Self.fitted()
        let index = PanelIndex(history)
        let forward = fit.scenario
        // Periods: after the last, as many as the history spans.
        #expect(forward.periods.start == Period(year: 2026, quarter: 1))
        #expect(forward.periods.count == 8)
        #expect(fit.backcast.periods.start == Period(year: 2024, quarter: 1))
        // The backcast's book is the first period's, exactly.
        #expect(fit.backcast.segments.map(\.customers) == [1800, 1200])
        // The forward book: customers of the last period that did not churn.
        let lastRows = index.rowsByPeriod[index.periods.count - 1].filter { !history.churned[Int($0)] }
        #expect(forward.customerCount == lastRows.count)
        for seg in forward.segments {
            let rows = lastRows.filter { history.segmentNames[Int(history.segment[Int($0)])] == seg.name }.map(Int.init)
            #expect(seg.customers == rows.count)
            let bad = Double(rows.filter { history.fit[$0] == .bad }.count) / Double(rows.count)
            #expect(abs(seg.fit.bad - bad) < 1e-4)
            // Lognormal ARR: median = exp(mean log ARR) to 4 significant digits.
            let logs = rows.map { log(history.arr[$0] + history.expansionARR[$0] - history.contractionARR[$0]) }
            let median = exp(logs.reduce(0, +) / Double(logs.count))
            #expect(abs(seg.arr.median / median - 1) < 1e-3, "\(seg.name): \(seg.arr.median) vs \(median)")
            #expect(seg.csms == 6)
        }
        // Survivors are healthier: bad fit shrinks from 25%.
        #expect(forward.segments.allSatisfy { $0.fit.bad < 0.2 })
    }

    @Test func dynamicsAndHazardsAreRecovered() throws {
        let (_, fit) = try Self.fitted()
        let s = fit.scenario
        // Persistence is scale-free: within 0.06 of the truth (0.8, 0.7).
        #expect(abs(s.latent.direction.persistence - 0.8) < 0.06, "\(s.latent.direction.persistence)")
        #expect(abs(s.latent.experience.persistence - 0.7) < 0.08, "\(s.latent.experience.persistence)")
        // Signs and order of effects.
        let churn = s.hazards.churn
        #expect(churn.direction < 0 && churn.experience < 0 && churn.dark > 0.6 && churn.fit.bad > 1)
        #expect(s.latent.direction.fit.good > s.latent.direction.fit.bad)
        #expect(s.hazards.contraction.direction < 0)
        #expect(s.milestones.map(\.name) == ["onboarded", "expanded-use"])
        #expect(s.milestones.allSatisfy { $0.reach.direction > 0 && $0.reach.dark < 0 })
        #expect(s.milestones.allSatisfy { $0.take.positive > $0.take.negative })
        #expect(abs(s.hazards.contractionShare.min - 0.1) < 0.02 && abs(s.hazards.contractionShare.max - 0.3) < 0.02)
        // Going dark depends on experience (slope -0.8 in the truth).
        #expect(s.dark.goingDark.experience < 0)
        #expect(s.segments[1].upsellMultiplier > 2 * s.segments[0].upsellMultiplier)
        // Features: centre and scale are the history's moments; missing rates recovered.
        let nps = try #require(s.features.first { $0.name == "experience.nps" })
        #expect(abs(nps.missing - 0.3) < 0.02)
        #expect(nps.loadings.experience > 0.5)
        let ces = try #require(s.features.first { $0.name == "experience.ces" })
        #expect(ces.loadings.experience < 0)
        let days = try #require(s.features.first { $0.name == "engagement.days_since_contact" })
        #expect(days.loadings.dark > 3)
        #expect(s.trueLink == nil && s.shocks.isEmpty)
        // Every matched total within 1% of the history's.
        for m in fit.matched where m.history >= 50 {
            #expect(abs(m.simulated / m.history - 1) < 0.01, "\(m.name): \(m.simulated) vs \(m.history)")
        }
    }

    /// Simulations of the fit cover the history's NRR, GRR and logo retention per segment, and
    /// keep its order of churn by vector category.
    @Test func fittedScenarioReproducesTheHistory() throws {
        let (history, fit) = try Self.fitted()
        let comparison = try FitComparison.run(panel: history, fitted: fit, trials: 30, seed: 99, threads: 2)
        #expect(comparison.retentionCovered, "\(comparison.table)")
        #expect(comparison.categoryOrder.holds, "\(comparison.table)")
        #expect(comparison.groups.map(\.segment) == ["all", "SMB", "Enterprise"])
        #expect(comparison.table.contains("logo retention"))
        let json = try JSONEncoder().encode(comparison)
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains("\"category_order\"") && text.contains("\"history_order\""))
    }

    @Test func yamlReadsBackAsTheSameScenario() throws {
        let (_, fit) = try Self.fitted()
        let yaml = ScenarioYAML.render(fit)
        let decoded = try ConfigDecoder().decode(Scenario.self, from: yaml, file: "fitted.yaml")
        #expect(decoded == fit.scenario)
        #expect(yaml.contains("# lognormal by method of moments on log ARR"))
        #expect(yaml.contains("# default: only csm_skill x csm_skill_sd is identifiable"))
        #expect(yaml.contains("Matched by simulation"))
    }

    @Test func sameSeedSameFitWhateverTheThreads() throws {
        let a = try Self.fitted().fitted
        let history = try Self.fitted().history
        let b = try ScenarioFitter.fit(
            panel: history,
            options: ScenarioFitOptions(name: "small-fit", historyFile: "small.csv", matchingCustomerPeriods: 200_000, threads: 1))
        #expect(a == b)
    }

    @Test func errors() throws {
        let empty = HistoryPanel(granularity: .quarter)
        #expect(throws: ScenarioFitError.emptyPanel) { try ScenarioFitter.fit(panel: empty) }
        let history = try MonteCarloEngine(scenario: FitTestScenarios.small(customers: [50, 50], periods: 2), seed: 1)
            .historyPanel(trial: 0).panel
        #expect(throws: ScenarioFitError.invalidPeriods(0)) {
            try ScenarioFitter.fit(panel: history, options: ScenarioFitOptions(periodsAhead: 0))
        }
        #expect(ScenarioFitError.invalidPeriods(0).description == "periods ahead: expected an integer >= 1, found 0")
    }
}
