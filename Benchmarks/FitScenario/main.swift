// Fitting a scenario to a history vs calibrating the vector model on it: wall time of
// ScenarioFitter.fit and of Calibrator.calibrate(model: .vector) on the same ~800k-row panel,
// in one run, and their ratio (the target: fit <= 2x calibrate).
//
//   cd Benchmarks && swift run -c release bench-fit-scenario [customers=100000] [repeats=1] [contracts|plain]
//
// The panel is trial 0 of a scenario shaped like Scenarios/saas-agency.yaml (three segments,
// 16 features, 3 milestones, dark spells, CSM skill; with `contracts`, the default, also Large
// Agency's annual contracts and every segment's new logos, 170 a quarter per 10,000 customers)
// scaled to `customers` over 10 quarters (100,000 customers give about 800,000 rows, plus about
// 60,000 rows of new logos). Both run with default options on all cores:
// calibrate cross-validates C over 6 candidates on the last 4 periods; fit includes scoring the
// panel with the default weights and the simulated-moment matching. Each repeat times both,
// calibrate first; the ratio is per repeat.
import BearingCalibration
import BearingPanel
import BearingScenarioFit
import BearingSimulation
import BearingVector
import Foundation

func scenario(customers: Int, contracts: Bool) -> Scenario {
    func f(_ name: String, _ center: Double, _ scale: Double, d: Double = 0, e: Double = 0, k: Double = 0, noise: Double,
           missing: Double = 0, min: Double? = nil, max: Double? = nil) -> BearingSimulation.FeatureSpec {
        BearingSimulation.FeatureSpec(name: name, center: center, scale: scale, loadings: .init(direction: d, experience: e, dark: k), noise: noise,
                    missing: missing, min: min, max: max)
    }
    let shares = [0.6, 0.3, 0.1]
    let specs: [(String, Double, Double, SegmentSpec.FitMix, Int, Double, Double, Double)] = [
        ("Small Agency", 4800, 0.55, .init(good: 0.5, stretch: 0.2, bad: 0.3), 80, 0.5, -0.03, 0.4),
        ("Mid-sized Agency", 18000, 0.5, .init(good: 0.6, stretch: 0.2, bad: 0.2), 100, 0.4, 0, 1),
        ("Large Agency", 72000, 0.45, .init(good: 0.7, stretch: 0.2, bad: 0.1), 80, 0.3, 0.03, 3),
    ]
    let newLogos = [110.0, 45, 15].map { $0 * Double(customers) / 10_000 }
    let segments = specs.enumerated().map { i, s in
        SegmentSpec(
            name: s.0, customers: Int(Double(customers) * shares[i]), arr: .init(median: s.1, sigma: s.2), fit: s.3, csms: s.4,
            csmSkillSD: s.5, directionEffect: s.6, upsellMultiplier: s.7,
            contracts: contracts && i == 2
                ? [ContractTermSpec(termMonths: 12, share: 0.85, earlyTermination: 0.1), ContractTermSpec(termMonths: 1, share: 0.15)] : [],
            newLogos: contracts ? NewLogoSpec(mean: newLogos[i]) : nil)
    }
    return Scenario(
        name: "bench-fit", periods: ScenarioPeriods(start: Period(year: 2024, quarter: 1), count: 10), segments: segments,
        latent: LatentDynamics(
            direction: LatentProcess(persistence: 0.8, noise: 0.45, fit: FitEffect(good: 0.06, bad: -0.12), csmSkill: 0.06),
            experience: LatentProcess(persistence: 0.7, noise: 0.5, fit: FitEffect(good: 0.03, bad: -0.06), csmSkill: 0.1)),
        categories: LatentCategoryThresholds(positive: .init(direction: 0.4, experience: -0.2), negative: .init(direction: -0.4, experience: -1)),
        dark: DarkDynamics(
            initial: 0.06, goingDark: LogisticEffect(intercept: -3.6, direction: -0.3, experience: -0.8, fit: FitEffect(bad: 0.6)),
            recovery: LogisticEffect(intercept: -0.6, direction: 0.4, experience: 0.3)),
        hazards: Hazards(
            churn: LogisticEffect(intercept: -4.2, direction: -0.8, experience: -0.5, dark: 1.3, fit: FitEffect(stretch: 0.3, bad: 1.8)),
            contraction: LogisticEffect(intercept: -3.7, direction: -0.5, experience: -0.4, dark: 0.5),
            contractionShare: .init(min: 0.1, max: 0.35)),
        milestones: [("first-campaign-live", 2000.0, -0.8), ("client-reporting-adopted", 4000, -1.4), ("multi-brand-rollout", 9000, -2)].map {
            MilestoneSpec(
                name: $0.0, upsellARR: $0.1, reach: LogisticEffect(intercept: $0.2, direction: 1.1, experience: 0.4, dark: -1.5, fit: FitEffect(bad: -1.2)),
                take: .init(positive: 0.8, neutral: 0.45, negative: 0.15, ghost: 0.05))
        },
        features: [
            f("outcome.milestone_progress", 50, 18, d: 0.85, noise: 0.5, min: 0, max: 100),
            f("outcome.usage_trend", 0, 0.1, d: 0.7, e: 0.2, noise: 0.65, missing: 0.02),
            f("outcome.adoption_breadth", 0.55, 0.15, d: 0.6, noise: 0.75, min: 0, max: 1),
            f("outcome.seat_utilisation", 0.7, 0.15, d: 0.5, e: 0.2, noise: 0.8, min: 0, max: 1),
            f("outcome.goals_on_track", 3, 1, d: 0.75, noise: 0.6, missing: 0.05, min: 0, max: 5),
            f("outcome.time_to_value_days", 45, 15, d: -0.5, noise: 0.85, missing: 0.1, min: 0),
            f("experience.nps", 20, 30, e: 0.8, noise: 0.55, missing: 0.35, min: -100, max: 100),
            f("experience.csat", 4.1, 0.5, e: 0.75, noise: 0.6, missing: 0.2, min: 1, max: 5),
            f("experience.ces", 3.2, 0.8, e: -0.6, noise: 0.75, missing: 0.25, min: 1, max: 7),
            f("experience.support_tickets", 4, 2.5, d: -0.1, e: -0.5, noise: 0.85, min: 0),
            f("experience.escalations", 0.4, 0.6, e: -0.45, noise: 0.9, min: 0),
            f("experience.sponsor_sentiment", 0, 1, d: 0.2, e: 0.6, noise: 0.75, missing: 0.1),
            f("engagement.days_since_contact", 18, 8, e: -0.2, k: 4, noise: 0.6, min: 0),
            f("engagement.logins_per_week", 25, 10, d: 0.3, k: -1.8, noise: 0.7, min: 0),
            f("engagement.email_open_rate", 0.35, 0.12, k: -1.5, noise: 0.8, min: 0, max: 1),
            f("engagement.meetings_attended", 2.5, 1.2, e: 0.2, k: -1.6, noise: 0.8, min: 0),
        ])
}

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let customers = arguments.first ?? 100_000
let repeats = arguments.count > 1 ? max(1, arguments[1]) : 1
let withContracts = !CommandLine.arguments.contains("plain")
let engine = try MonteCarloEngine(scenario: scenario(customers: customers, contracts: withContracts), seed: 42)
var panel = HistoryPanel(granularity: .quarter)
var first = true
engine.history(trial: 0) { chunk in
    if first {
        panel = chunk.panel
        first = false
        return
    }
    // Chunks index customers locally: shift the customer index when appending.
    let offset = Int32(panel.customerIDs.count)
    panel.customerIDs += chunk.panel.customerIDs
    panel.customer += chunk.panel.customer.map { $0 + offset }
    panel.period += chunk.panel.period
    panel.segment += chunk.panel.segment
    panel.fit += chunk.panel.fit
    panel.csm += chunk.panel.csm
    panel.arr += chunk.panel.arr
    panel.churned += chunk.panel.churned
    panel.expansionARR += chunk.panel.expansionARR
    panel.contractionARR += chunk.panel.contractionARR
    panel.milestone += chunk.panel.milestone
    panel.milestoneReached += chunk.panel.milestoneReached
    for j in panel.features.indices { panel.features[j].values += chunk.panel.features[j].values }
    if let more = chunk.panel.contracts {
        panel.contracts?.termMonths += more.termMonths
        panel.contracts?.renewalDay += more.renewalDay
    }
}
let rows = (0..<Int32(panel.rowCount)).map { $0 }
print("panel: \(panel.rowCount) rows, \(panel.customerIDs.count) customers, \(panel.features.count) features"
    + (panel.contracts == nil ? ", no contract columns" : ", contract columns") + "; "
    + "\(ProcessInfo.processInfo.activeProcessorCount) cores")

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

for r in 1...repeats {
    let clock = ContinuousClock()
    var calibrated: CalibrationResult?
    let calibrate = try clock.measure {
        calibrated = try Calibrator.calibrate(panel, model: .vector, rows: rows, options: CalibrationOptions(bearingVersion: "bench"))
    }
    var fitted: FittedScenario?
    let fit = try clock.measure {
        fitted = try ScenarioFitter.fit(panel: panel, options: ScenarioFitOptions(historyFile: "bench"))
    }
    precondition(calibrated != nil && fitted != nil)
    print(String(
        format: "repeat %d: calibrate(.vector) %.2f s, fit-scenario %.2f s, ratio fit / calibrate = %.2f",
        r, seconds(calibrate), seconds(fit), seconds(fit) / seconds(calibrate)))
}
