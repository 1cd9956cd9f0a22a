import BearingContracts
import BearingFiles
import BearingForecast
import BearingPanel
import BearingSimulation
import Foundation
import Testing

@testable import BearingCommands

/// Simulated acquisition cohorts feed the retention models: the survivor-count CSV the engine
/// renders is what `bearing retention` reads, and the category counts fit the category model.
struct SimulatedCohortsTests {
    static func scenario(_ name: String) throws -> Scenario {
        try ConfigDecoder().decode(Scenario.self, fromFile: SimulateCommandTests.scenarios.appendingPathComponent("\(name).yaml").path)
    }

    @Test func plgCohortsFitBothRetentionModels() throws {
        let s = try Self.scenario("plg-monthly")
        let trial = try MonteCarloEngine(scenario: s, seed: 7).run(trials: 1)[0]
        let csv = String(decoding: CohortsTable.render(trial.acquisitions, periodLabels: s.periods.all.map(\.label)), as: UTF8.self)
        let cohorts = try SurvivalCountsFile.parse(csv, path: "cohorts.csv")
        #expect(cohorts.count == 23)
        #expect(cohorts.map(\.cohort) == Array(s.periods.all.map(\.label).dropFirst()))
        #expect(cohorts.map { $0.survivors[0] } == Array(trial.counts.newLogos.dropFirst()))
        for model in RetentionModelKind.allCases {
            let analysis = try RetentionAnalysis(cohorts: cohorts, model: model, periods: 12)
            // The fitted first-month churn is the observed one (pooled over cohorts) within 2 points.
            let started = cohorts.reduce(0) { $0 + $1.survivors[0] }
            let lost = cohorts.reduce(0) { $0 + $1.survivors[0] - $1.survivors[1] }
            let observed = Double(lost) / Double(started)
            #expect(abs(analysis.alpha / (analysis.alpha + analysis.beta) - observed) < 0.02, "\(model): \(observed)")
            // Early churn: retention rises with tenure.
            #expect(analysis.projection[0].retention > 1 - observed)
        }
    }

    /// The true categories of the new logos fit the category model, and its shifts order the
    /// categories as the scenario's hazard does: ghost > negative > neutral > positive.
    @Test func plgCategoryCountsFitTheCategoryModel() throws {
        let s = try Self.scenario("plg-monthly")
        let trial = try MonteCarloEngine(scenario: s, seed: 8).run(trials: 1)[0]
        var counts: [CategoryPeriodCount] = []
        for a in 1..<s.periods.count {
            for t in 1...(s.periods.count - a) {
                for category in VectorCategory.allCases {
                    let (n, churned) = trial.acquisitions.categoryCount(acquiredIn: a, period: t, category: category)
                    if n > 0 { counts.append(CategoryPeriodCount(cohort: "\(a)", period: t, category: category, atRisk: n, churned: churned)) }
                }
            }
        }
        let fit = try CategoryShiftedBetaGeometric.fit(counts)
        let shifts = fit.model.shifts
        #expect((shifts.positive ?? 0) < 0 && (shifts.negative ?? 0) > 0 && (shifts.ghost ?? 0) > (shifts.negative ?? 0))
        #expect(fit.customerPeriods == counts.reduce(0) { $0 + $1.atRisk })
    }

    /// saas-agency's new logos (quarterly, with annual contracts in one segment) fit as well.
    @Test func saasAgencyCohortsFit() throws {
        let s = try Self.scenario("saas-agency")
        let trial = try MonteCarloEngine(scenario: s, seed: 42).run(trials: 1)[0]
        let csv = String(
            decoding: CohortsTable.render(
                trial.acquisitions, periodLabels: s.periods.all.map(\.label), segmentNames: s.segments.map(\.name), bySegment: true), as: UTF8.self)
        let cohorts = try SurvivalCountsFile.parse(csv, path: "cohorts.csv")
        #expect(cohorts.count == 27 && cohorts[0].cohort == "Small Agency 2024-Q2")
        let small = cohorts.filter { $0.cohort.hasPrefix("Small") }
        let fit = try ShiftedBetaGeometric.fit(small)
        #expect(fit.alpha > 0 && fit.beta > 0 && fit.cohorts == 9)
    }
}
