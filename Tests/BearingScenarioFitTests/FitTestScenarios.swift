import BearingPanel
import BearingSimulation
import Foundation

/// Scenarios built in code for the fit's tests, and the bundled ones.
enum FitTestScenarios {
    /// A small base with latent-driven hazards, two segments, three fits, CSM skill, dark spells
    /// and two milestones: every block the fitter estimates, at test size.
    static func small(customers: [Int] = [1800, 1200], periods: Int = 8) -> Scenario {
        let segments = customers.enumerated().map { i, n in
            SegmentSpec(
                name: i == 0 ? "SMB" : "Enterprise", customers: n, arr: .init(median: i == 0 ? 6000 : 40000, sigma: 0.5),
                fit: .init(good: 0.55, stretch: 0.2, bad: 0.25), csms: 6, csmSkillSD: 0.5,
                directionEffect: i == 0 ? -0.03 : 0.03, upsellMultiplier: i == 0 ? 0.5 : 2)
        }
        return Scenario(
            name: "small",
            periods: ScenarioPeriods(start: Period(year: 2024, quarter: 1), count: periods),
            segments: segments,
            latent: LatentDynamics(
                direction: LatentProcess(persistence: 0.8, noise: 0.45, fit: FitEffect(good: 0.06, bad: -0.12), csmSkill: 0.06),
                experience: LatentProcess(persistence: 0.7, noise: 0.5, fit: FitEffect(good: 0.03, bad: -0.06), csmSkill: 0.1)),
            categories: LatentCategoryThresholds(positive: .init(direction: 0.4, experience: -0.2), negative: .init(direction: -0.4)),
            dark: DarkDynamics(
                initial: 0.08, goingDark: LogisticEffect(intercept: -3.2, experience: -0.8),
                recovery: LogisticEffect(intercept: -0.6)),
            hazards: Hazards(
                churn: LogisticEffect(intercept: -4, direction: -0.8, experience: -0.5, dark: 1.3, fit: FitEffect(stretch: 0.3, bad: 1.8)),
                contraction: LogisticEffect(intercept: -3.5, direction: -0.5, dark: 0.5),
                contractionShare: .init(min: 0.1, max: 0.3)),
            milestones: [
                MilestoneSpec(
                    name: "onboarded", upsellARR: 2000, reach: LogisticEffect(intercept: -0.8, direction: 1, dark: -1.5),
                    take: .init(positive: 0.85, neutral: 0.55, negative: 0.2, ghost: 0.05)),
                MilestoneSpec(
                    name: "expanded-use", upsellARR: 5000, reach: LogisticEffect(intercept: -1.6, direction: 1.1, dark: -1.5),
                    take: .init(positive: 0.8, neutral: 0.45, negative: 0.15, ghost: 0.05)),
            ],
            features: [
                FeatureSpec(
                    name: "outcome.milestone_progress", center: 50, scale: 18, loadings: .init(direction: 0.85), noise: 0.5, min: 0, max: 100),
                FeatureSpec(name: "outcome.usage_trend", center: 0, scale: 0.1, loadings: .init(direction: 0.7), noise: 0.7, missing: 0.05),
                FeatureSpec(name: "outcome.adoption", center: 0.5, scale: 0.15, loadings: .init(direction: 0.6), noise: 0.8),
                FeatureSpec(name: "experience.nps", center: 20, scale: 30, loadings: .init(experience: 0.8), noise: 0.6, missing: 0.3),
                FeatureSpec(name: "experience.csat", center: 4, scale: 0.5, loadings: .init(experience: 0.7), noise: 0.7, missing: 0.2),
                FeatureSpec(name: "experience.ces", center: 3, scale: 0.8, loadings: .init(experience: -0.6), noise: 0.8),
                FeatureSpec(name: "engagement.days_since_contact", center: 18, scale: 8, loadings: .init(dark: 4), noise: 0.6, min: 0),
                FeatureSpec(name: "engagement.logins_per_week", center: 25, scale: 10, loadings: .init(dark: -1.8), noise: 0.7, min: 0),
            ])
    }

    /// The repository's `Scenarios/` folder.
    static var bundledDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scenarios")
    }
}
