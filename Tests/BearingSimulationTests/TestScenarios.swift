import BearingPanel
import BearingSimulation
import Foundation
import Testing

/// Scenarios built in code for the engine's statistical tests.
enum TestScenarios {
    static func features() -> [FeatureSpec] {
        [
            FeatureSpec(name: "outcome.progress", center: 50, scale: 10, loadings: .init(direction: 0.8), noise: 0.6, missing: 0.1, min: 0, max: 100),
            FeatureSpec(name: "outcome.trend", loadings: .init(direction: 0.5, experience: 0.2), noise: 0.8),
            FeatureSpec(name: "experience.nps", center: 20, scale: 30, loadings: .init(experience: 0.8), noise: 0.6, missing: 0.3),
            FeatureSpec(name: "engagement.days_since_contact", center: 20, scale: 8, loadings: .init(dark: 4), noise: 0.6, min: 0),
        ]
    }

    /// Every probability constant (all slopes 0): churn `churn`, going dark `goingDark`,
    /// recovery `recovery`, milestone reach `reach`, take `take` for every category.
    static func constant(
        customers: [Int] = [6000, 4000], periods: Int = 8, churn: Double = 0.05, contraction: Double = 0.1,
        initialDark: Double = 0.1, goingDark: Double = 0.08, recovery: Double = 0.3,
        reach: Double = 0.3, take: Double = 0.6, milestones: Int = 2, withFeatures: Bool = true
    ) -> Scenario {
        let segments = customers.enumerated().map { i, n in
            SegmentSpec(
                name: "Segment \(i)", customers: n, arr: .init(median: 10_000 * Double(i + 1), sigma: 0.5),
                fit: .init(good: 0.6, stretch: 0.2, bad: 0.2), csms: 5, csmSkillSD: 0.5)
        }
        return Scenario(
            name: "constant",
            periods: ScenarioPeriods(start: Period(year: 2024, quarter: 1), count: periods),
            segments: segments,
            latent: LatentDynamics(
                direction: LatentProcess(persistence: 0.8, noise: 0.6, fit: FitEffect(good: 0.1, bad: -0.2), csmSkill: 0.1),
                experience: LatentProcess(persistence: 0.7, noise: 0.5)),
            categories: LatentCategoryThresholds(positive: .init(direction: 0.5), negative: .init(direction: -0.5)),
            dark: DarkDynamics(initial: initialDark, goingDark: .constant(goingDark), recovery: .constant(recovery)),
            hazards: Hazards(churn: .constant(churn), contraction: .constant(contraction), contractionShare: .init(min: 0.1, max: 0.3)),
            milestones: (0..<milestones).map { i in
                MilestoneSpec(
                    name: "m\(i + 1)", upsellARR: 1000, reach: .constant(reach),
                    take: .init(positive: take, neutral: take, negative: take, ghost: take))
            },
            features: withFeatures ? features() : [])
    }

    /// A scenario whose hazards depend on the latent state (for determinism tests).
    static func latentDriven(customers: [Int] = [5000, 4000], periods: Int = 6) -> Scenario {
        var s = constant(customers: customers, periods: periods)
        s.hazards.churn = LogisticEffect(intercept: -3, direction: -0.8, experience: -0.4, dark: 1.2, fit: FitEffect(bad: 1.5))
        s.dark.goingDark = LogisticEffect(intercept: -3, experience: -0.6)
        s.milestones[0].reach = LogisticEffect(intercept: -1, direction: 1, dark: -1)
        s.milestones[0].take = .init(positive: 0.9, neutral: 0.5, negative: 0.2, ghost: 0.05)
        s.shocks = [Shock(period: Period(year: 2024, quarter: 3), churn: 1.5)]
        return s
    }

    /// The repository's `Scenarios/` folder.
    static var bundledDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scenarios")
    }
}

/// `count` is within `sds` standard deviations of its Binomial(n, p) mean.
func expectBinomial(
    _ count: Int, n: Int, p: Double, sds: Double = 4, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    let mean = Double(n) * p
    let sd = (Double(n) * p * (1 - p)).squareRoot()
    #expect(
        abs(Double(count) - mean) <= sds * sd + 1e-9,
        "\(what): \(count) of \(n), expected \(mean) ± \(sds * sd)", sourceLocation: sourceLocation)
}

/// Bitwise equality of two panels (NaN-safe for features).
func samePanel(_ a: HistoryPanel, _ b: HistoryPanel) -> Bool {
    guard a.customerIDs == b.customerIDs, a.customer == b.customer, a.period == b.period, a.segment == b.segment,
        a.fit == b.fit, a.csm == b.csm, a.arr == b.arr, a.churned == b.churned, a.expansionARR == b.expansionARR,
        a.contractionARR == b.contractionARR, a.milestone == b.milestone, a.milestoneReached == b.milestoneReached,
        a.features.count == b.features.count
    else { return false }
    for (x, y) in zip(a.features, b.features) {
        guard x.name == y.name, x.values.map(\.bitPattern) == y.values.map(\.bitPattern) else { return false }
    }
    return true
}
