// Monte Carlo engine throughput: customer-periods per second for a 16-feature scenario shaped
// like Scenarios/saas-agency.yaml, on 1 thread and on all threads.
//
//   cd Benchmarks && BEARING_NATIVE=1 swift run -c release bench-monte-carlo
//
// Six workloads:
//   aggregates        run(trials:) with the latent churn hazard: features are not drawn (nothing reads them)
//   aggregates+link   run(trials:) with a true link on 5 features: features drawn up to the last one the
//                     link reads (13 of 16) every customer-period
//   link-reads-all-16 the same with a sixth link feature, the 16th: all 16 features drawn
//   contracts+logos   aggregates with contracts and new logos as in Scenarios/saas-agency.yaml: Large Agency
//                     85% annual (10% early termination) and 15% monthly, new logos 1.8% / 1.5% / 1.5% of each
//                     segment a period; rates count the new logos' customer-periods too
//   contracts-heavy   aggregates with a contract mix in every segment (monthly, annual with uplift and early
//                     termination, two-year: half the customers on terms) and new logos (2% of each segment a
//                     period, with a ramp)
//   panel             history(trial:): every row with all 16 features and missingness, into HistoryPanel chunks
// Timings are the best of `repeats` runs (the machine is shared; best-of filters interference).
//
// Measured 2026-11-25 on the 2-core build VM, load average ~7.5 from other builds (so a second
// core was never free and "2 threads" could not beat 1 in wall time; per CPU-second rates are
// the per-core figures, an idle 2-core machine should reach about twice them in wall time):
//   aggregates        1 thread 10.8 M/s wall, 15.4 M per CPU-second
//   aggregates+link   1 thread  5.6 M/s wall,  8.0 M per CPU-second
//   panel             1 thread  2.0 M rows/s wall, 3.1 M rows per CPU-second
// 2026-12-06, after streams are keyed eight customers at a time in SIMD lanes (`CustomerLanes`),
// interleaved with the build of main 9019bc7, load average ~12, per CPU-second on 1 thread:
//   aggregates        17.3–17.7 M before, 22.5–22.8 M after
//   aggregates+link    9.1–9.7 M before, 10.6–11.0 M after
//   contracts+logos   17.9 M before, 21.8 M after;  contracts-heavy 16.3 M before, 19.5 M after
// 2026-12-06, after the link's feature normals are drawn only up to the last feature it reads (13 of
// 16 here), summed over compact `LinkTerm`s, the lanes read the ziggurat table once per block and the
// wedge test mostly skips `exp` (`WedgeBand`); interleaved with the binary of 01088a2, per CPU-second:
//   aggregates+link   11.0–11.2 M before, 12.9–13.1 M after; quiet machine (load ~1.2), 2 threads wall:
//                     22.0–22.5 M/s before, 25.3–26.0 M/s after
//   aggregates        15.8–15.9 M before, 23.6–23.9 M after;  contracts+logos 15.0–15.1 M before, 22.6–23.1 M after
//   portable build (no BEARING_NATIVE): aggregates+link 9.7–10.0 M before, 11.1–11.2 M after; aggregates 19.2 M, 19.3 M
// 2026-12-06, after a lane's draw that leaves the ziggurat's fast path is finished at once (inlined) from its
// stream position and the lane goes on in vector code (no scalar redraw of the lane), fast path in 32-bit lanes;
// interleaved with the binary of 1d469bb, per CPU-second, load average 2–5:
//   link-reads-all-16 11.5–12.0 M before, 13.0–13.7 M after; aggregates+link 12.5–13.7 M before, 14.2–15.1 M after
//   2 threads wall, best of the quieter runs: link-reads-all-16 23.4–24.5 M/s before, 26.4–27.8 M/s after
//   portable build: the lanes' normals are not drawn there; the scalar generator compiles to the same code
import BearingPanel
import BearingSimulation
import Foundation
#if canImport(Glibc)
import Glibc
#endif

func feature(_ name: String, _ d: Double, _ e: Double, _ k: Double, missing: Double = 0) -> FeatureSpec {
    let noise = max(0.3, (1 - d * d - e * e).squareRoot())
    return FeatureSpec(name: name, center: 10, scale: 2, loadings: .init(direction: d, experience: e, dark: k), noise: noise, missing: missing, min: 0)
}

enum Book { case startingOnly, likeSaasAgency, heavy }

func scenario(customers: Int, periods: Int, link: Bool, book: Book = .startingOnly, linkReadsLast: Bool = false) -> Scenario {
    let names = [
        "outcome.milestone_progress", "outcome.usage_trend", "outcome.adoption_breadth", "outcome.seat_utilisation",
        "outcome.goals_on_track", "outcome.time_to_value_days", "experience.nps", "experience.csat", "experience.ces",
        "experience.support_tickets", "experience.escalations", "experience.sponsor_sentiment",
        "engagement.days_since_contact", "engagement.logins_per_week", "engagement.email_open_rate",
        "engagement.meetings_attended",
    ]
    let features = names.enumerated().map { i, name in
        name.hasPrefix("outcome") ? feature(name, 0.8, 0.1, 0, missing: 0.02)
            : name.hasPrefix("experience") ? feature(name, 0.1, 0.7, 0, missing: i % 2 == 0 ? 0.3 : 0)
            : feature(name, 0, 0.2, 3)
    }
    let shares = [0.6, 0.3, 0.1]
    let annual = ContractTermSpec(termMonths: 12, share: 0.5, uplift: .init(mean: 0.05, sd: 0.02), earlyTermination: 0.1)
    let mixes: [[ContractTermSpec]] = [
        [ContractTermSpec(termMonths: 1, share: 0.7), ContractTermSpec(termMonths: 12, share: 0.3, earlyTermination: 0.1)],
        [ContractTermSpec(termMonths: 1, share: 0.3), annual, ContractTermSpec(termMonths: 24, share: 0.2)],
        [ContractTermSpec(termMonths: 12, share: 0.8, uplift: .init(mean: 0.05, sd: 0.02), earlyTermination: 0.1), ContractTermSpec(termMonths: 24, share: 0.2)],
    ]
    let saasAgency: [[ContractTermSpec]] = [
        [], [], [ContractTermSpec(termMonths: 12, share: 0.85, earlyTermination: 0.1), ContractTermSpec(termMonths: 1, share: 0.15)],
    ]
    let segments = ["Small Agency", "Mid-sized Agency", "Large Agency"].enumerated().map { i, name in
        let n = Int(Double(customers) * shares[i])
        let newLogos: NewLogoSpec?
        switch book {
        case .startingOnly: newLogos = nil
        case .likeSaasAgency: newLogos = NewLogoSpec(mean: (i == 0 ? 0.018 : 0.015) * Double(n))
        case .heavy: newLogos = NewLogoSpec(mean: 0.02 * Double(n), ramp: .init(start: 0.6, periods: 2))
        }
        return SegmentSpec(
            name: name, customers: n, arr: .init(median: 5000 * pow(4, Double(i)), sigma: 0.5),
            fit: .init(good: 0.5 + 0.1 * Double(i), stretch: 0.2, bad: 0.3 - 0.1 * Double(i)), csms: 10, csmSkillSD: 0.5,
            contracts: book == .heavy ? mixes[i] : book == .likeSaasAgency ? saasAgency[i] : [], newLogos: newLogos)
    }
    let take = MilestoneSpec.TakeRates(positive: 0.85, neutral: 0.55, negative: 0.2, ghost: 0.05)
    return Scenario(
        name: "bench", periods: ScenarioPeriods(start: Period(year: 2024, quarter: 1), count: periods),
        segments: segments,
        latent: LatentDynamics(
            direction: LatentProcess(persistence: 0.8, noise: 0.45, fit: FitEffect(good: 0.06, bad: -0.12), csmSkill: 0.06),
            experience: LatentProcess(persistence: 0.7, noise: 0.5, fit: FitEffect(good: 0.03, bad: -0.06), csmSkill: 0.1)),
        categories: LatentCategoryThresholds(positive: .init(direction: 0.4, experience: -0.2), negative: .init(direction: -0.4, experience: -1)),
        dark: DarkDynamics(
            initial: 0.06, goingDark: LogisticEffect(intercept: -3.6, direction: -0.3, experience: -0.8),
            recovery: LogisticEffect(intercept: -0.6, direction: 0.4)),
        hazards: Hazards(
            churn: LogisticEffect(intercept: -3.6, direction: -0.9, experience: -0.5, dark: 1.3, fit: FitEffect(stretch: 0.3, bad: 1.4)),
            contraction: LogisticEffect(intercept: -3.2, direction: -0.5, experience: -0.4, dark: 0.5),
            contractionShare: .init(min: 0.1, max: 0.35)),
        milestones: (1...3).map {
            MilestoneSpec(name: "m\($0)", upsellARR: 1200 * Double($0), reach: LogisticEffect(intercept: -0.5 - 0.6 * Double($0), direction: 1, dark: -1.5), take: take)
        },
        features: features,
        shocks: [Shock(period: Period(year: 2025, quarter: 2), churn: 1.5)],
        trueLink: link
            ? TrueLink(
                intercept: -3,
                coefficients: [names[0]: -0.6, names[1]: -0.4, names[6]: -0.4, names[8]: 0.3, names[12]: 0.5]
                    .merging(linkReadsLast ? [names[15]: 0.2] : [:]) { a, _ in a })
            : nil)
}

/// Process CPU time (user + system, all threads), seconds.
func cpuSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Best wall time and best CPU time over `repeats` runs. On a shared machine the wall time is
/// inflated by other processes; CPU time is not, so work / CPU second is the per-core rate.
func best(_ repeats: Int, _ body: () -> Int) -> (seconds: Double, cpu: Double, work: Int) {
    var bestTime = Double.infinity
    var bestCPU = Double.infinity
    var work = 0
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        let cpu0 = cpuSeconds()
        work = body()
        bestCPU = min(bestCPU, cpuSeconds() - cpu0)
        bestTime = min(bestTime, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return (bestTime, bestCPU, work)
}

func pad(_ s: String) -> String { s.padding(toLength: 18, withPad: " ", startingAt: 0) }

let all = ProcessInfo.processInfo.activeProcessorCount
let customers = 100_000
let periods = 10
let trials = 8
let repeats = 3
print("Monte Carlo engine: \(customers) customers x \(periods) quarters, 16 features, \(trials) trials per run; best of \(repeats)")
print("threads available: \(all)")
// Optional argument: a workload name to run alone (e.g. under `perf stat`).
let only = CommandLine.arguments.dropFirst().first
let workloads: [(String, Bool, Book, Bool)] = [
    ("aggregates", false, .startingOnly, false), ("aggregates+link", true, .startingOnly, false),
    ("link-reads-all-16", true, .startingOnly, true),
    ("contracts+logos", false, .likeSaasAgency, false), ("contracts-heavy", false, .heavy, false),
]
for (label, link, book, last) in workloads where only == nil || only == label {
    let engine = try MonteCarloEngine(
        scenario: scenario(customers: customers, periods: periods, link: link, book: book, linkReadsLast: last), seed: 42)
    var rates: [Int: Double] = [:]
    for threads in Array(Set([1, all])).sorted() {
        let r = best(repeats) { engine.run(trials: trials, threads: threads).reduce(0) { $0 + $1.counts.customerPeriods } }
        rates[threads] = Double(r.work) / r.seconds
        print(pad(label) + String(format: " threads %d: %6.2f M customer-periods/s wall, %6.2f M per CPU-second  (%d in %.3f s)", threads, Double(r.work) / r.seconds / 1e6, Double(r.work) / r.cpu / 1e6, r.work, r.seconds))
    }
    if all > 1, let one = rates[1], let many = rates[all] { print(pad(label) + String(format: " wall speed-up %d threads / 1: %.2fx", all, many / one)) }
}
let engine = try MonteCarloEngine(scenario: scenario(customers: customers, periods: periods, link: false), seed: 42)
for threads in Array(Set([1, all])).sorted() where only == nil || only == "panel" {
    let r = best(repeats) {
        var rows = 0
        engine.history(trial: 0, threads: threads) { rows += $0.panel.rowCount }
        return rows
    }
    print(pad("panel") + String(format: " threads %d: %6.2f M rows/s wall,             %6.2f M per CPU-second  (%d in %.3f s)", threads, Double(r.work) / r.seconds / 1e6, Double(r.work) / r.cpu / 1e6, r.work, r.seconds))
}
