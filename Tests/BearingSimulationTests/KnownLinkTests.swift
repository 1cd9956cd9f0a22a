import BearingPanel
import BearingSimulation
import Foundation
import Testing

/// The known true link: churn probability = logistic(intercept + Σ β·(x - center)/scale).
struct KnownLinkTests {
    static let coefficients: [String: Double] = [
        "outcome.usage": -0.8, "outcome.progress": -0.4, "experience.nps": -0.5, "engagement.days": 0.5,
    ]

    static func scenario(customers: Int = 24_000, periods: Int = 10) -> Scenario {
        var s = TestScenarios.constant(customers: [customers / 2, customers / 2], periods: periods)
        // Unit-variance stationary latent axes, no fit or skill effects.
        s.latent = LatentDynamics(
            direction: LatentProcess(persistence: 0.8, noise: 0.6),
            experience: LatentProcess(persistence: 0.7, noise: (1 - 0.49).squareRoot()))
        s.features = [
            FeatureSpec(name: "outcome.usage", center: 0, scale: 0.1, loadings: .init(direction: 0.8), noise: 0.6, missing: 0.05),
            FeatureSpec(name: "outcome.progress", center: 50, scale: 15, loadings: .init(direction: 0.6), noise: 0.8),
            FeatureSpec(name: "experience.nps", center: 20, scale: 30, loadings: .init(experience: 0.6), noise: 0.8, missing: 0.1),
            FeatureSpec(name: "experience.csat", center: 4, scale: 0.5, loadings: .init(experience: 0.7), noise: 0.7),
            FeatureSpec(name: "engagement.days", center: 20, scale: 8, loadings: .init(experience: -0.3), noise: (1 - 0.09).squareRoot()),
            FeatureSpec(name: "engagement.opens", center: 0.35, scale: 0.12, loadings: .init(dark: -1.5), noise: 1, min: 0, max: 1),
        ]
        s.trueLink = TrueLink(intercept: -3, coefficients: coefficients)
        return s
    }

    @Test func churnByDecileOfTheLinearPredictorFollowsTheLink() throws {
        let scenario = Self.scenario()
        let h = try MonteCarloEngine(scenario: scenario, seed: 2025).historyPanel(trial: 0)
        let panel = h.panel
        #expect(panel.rowCount > 150_000)
        // The linear predictor from the observed (written) values, on rows where none is missing.
        let link = try #require(scenario.trueLink)
        let columns = try link.coefficients.keys.sorted().map { name in
            let spec = try #require(scenario.features.first { $0.name == name })
            return (beta: link.coefficients[name]!, spec: spec, values: try #require(panel.feature(named: name)).values)
        }
        var eta: [Float] = []
        var churned: [Bool] = []
        var maxGap: Float = 0
        for row in 0..<panel.rowCount {
            var sum = link.intercept
            var complete = true
            for c in columns {
                let x = c.values[row]
                if x.isNaN { complete = false; break }
                sum += c.beta * (Double(x) - c.spec.center) / c.spec.scale
            }
            guard complete else { continue }
            eta.append(Float(sum))
            churned.append(panel.churned[row])
            // Same as the probability the engine drew with (Float32 rounding of x only).
            let p = Double(h.latent.churnProbability[row])
            maxGap = max(maxGap, Float(abs(log(p / (1 - p)) - sum)))
        }
        #expect(maxGap < 2e-3, "largest |logit(p) - eta| = \(maxGap)")
        #expect(eta.count > 100_000)
        expectDecilesMatch(probabilities: eta.map { 1 / (1 + exp(-$0)) }, churned: churned)
    }

    @Test func linkFeaturesHaveTheStatedMomentsAtTheStart() throws {
        // At period 0 nobody has been selected by churn yet: z ~ N(0, 1) exactly.
        let scenario = Self.scenario(customers: 40_000, periods: 1)
        let h = try MonteCarloEngine(scenario: scenario, seed: 9).historyPanel(trial: 0)
        for spec in scenario.features where scenario.trueLink!.coefficients[spec.name] != nil {
            let z = try #require(h.panel.feature(named: spec.name)).values.filter { !$0.isNaN }
                .map { (Double($0) - spec.center) / spec.scale }
            let mean = sampleMean(z)
            let sd = (z.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(z.count - 1)).squareRoot()
            let n = Double(z.count)
            #expect(abs(mean) < 4 / n.squareRoot(), "\(spec.name) mean \(mean)")
            #expect(abs(sd - 1) < 4 / (2 * n).squareRoot(), "\(spec.name) sd \(sd)")
        }
    }

    @Test func aggregateOnlyRunsDrawTheSameChurnAsThePanel() throws {
        // With a link, run() must draw features to decide churn; its counts equal the panel's.
        let engine = try MonteCarloEngine(scenario: Self.scenario(customers: 6_000, periods: 6), seed: 4)
        let t = engine.run(trials: 1)[0]
        let panel = engine.historyPanel(trial: 0).panel
        #expect(panel.churned.filter { $0 }.count == t.counts.churned.reduce(0, +))
        #expect(panel.rowCount == t.counts.customerPeriods)
    }
}
