import ArgumentParser
import BearingComp
import BearingForecast
import BearingMetrics
import BearingPanel
import BearingSimulation
import BearingVector
import Foundation

/// `bearing comp`: replays CSM compensation plans side by side over past quarters and over
/// Monte Carlo stress scenarios.
public struct CompCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "comp",
        abstract: "Replay CSM compensation plans side by side on history and stress-test them on simulated histories.",
        discussion: """
            Each plan pays every CSM per payment period from their book (the customers they own at \
            the period's start): base, each component's attainment and payout, revenue-share \
            commission and clawbacks. Plans are compared on total cost, cost as a share of the \
            retained revenue of the same periods, spread of variable pay (P10/P50/P90, Gini), \
            Spearman rank correlation of variable pay with the realised NRR of the book, the share \
            of variable pay going to the top quartile by NRR, and who gains or loses against the \
            first plan. On --stress each plan is also scored on the Spearman correlation of \
            variable pay with the latent CSM skill the simulator drew (CSMs with no book in the \
            range are left out). Plans paying on vector_forecast_attainment use the walk-forward vector \
            forecast: with --history they need --milestones; with --stress the scenario's \
            milestones (at list upsell value) are the catalogue.

            With --history writes DIR/payouts.csv, DIR/components.csv and DIR/comparison.json; \
            with --stress also DIR/stress.json (P5/P50/P95 per plan) and DIR/stress-trials.csv.

            Example:
              bearing comp Scenarios/plans/nrr-weighted-80-20.yaml \\
                Scenarios/plans/expansion-quota-70-30.yaml --history history.csv \\
                --from 2024-Q3 --to 2026-Q2 --stress Scenarios/saas-agency.yaml --trials 1000 --out comp
            """)

    @Argument(help: "Plan files, compared side by side; the first is the baseline for gains and losses.")
    var plans: [String]

    @Option(help: "History panel CSV to replay the plans on.")
    var history: String?

    @Option(help: "First period to pay, e.g. 2024-Q1 (default: the first in the data).")
    var from: String?

    @Option(help: "Last period to pay, e.g. 2025-Q4 (default: the last in the data).")
    var to: String?

    @Option(help: "Scenario file: price the plans on this many simulated histories (see --trials).")
    var stress: String?

    @Option(help: "Monte Carlo trials for --stress.")
    var trials: Int = 1000

    @Option(help: "Random seed for --stress.")
    var seed: UInt64 = 1

    @Option(help: "Worker threads for --stress (default: all cores).")
    var threads: Int?

    @Option(help: "Milestone catalogue (JSON) for the vector forecast on --history (--stress uses the scenario's milestones).")
    var milestones: String?

    @Option(help: "Calibrated weights JSON for vector categories (default: the documented default weights).")
    var weights: String?

    @Option(help: "Prior strength of the vector forecast's Beta-Binomial shrinkage, in customers.")
    var kappa: Double = ForecastRates.defaultStrength

    @Option(help: "Output directory.")
    var out: String

    @Flag(help: "No progress messages.")
    var quiet = false

    public init() {}

    public func validate() throws {
        guard !plans.isEmpty else { throw ValidationError("give at least one plan file") }
        guard history != nil || stress != nil else {
            throw ValidationError("give --history HISTORY to replay the plans, --stress SCENARIO to stress-test them, or both")
        }
        guard (1...1_000_000).contains(trials) else { throw ValidationError("--trials must be between 1 and 1000000, got \(trials)") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
        guard kappa.isFinite, kappa >= 0 else { throw ValidationError("--kappa must be a number >= 0, got \(kappa)") }
        for (flag, value) in [("--from", from), ("--to", to)] {
            if let value, Period(label: value) == nil {
                throw ValidationError("\(flag) must look like 2025-Q3 or 2025-07, got '\(value)'")
            }
        }
        if let a = from.flatMap({ Period(label: $0) }), let b = to.flatMap({ Period(label: $0) }) {
            guard a.granularity == b.granularity, a <= b else {
                throw ValidationError("--from \(a) must not come after --to \(b), in the same granularity")
            }
        }
    }

    public func run() throws {
        print(try execute(), terminator: "")
    }

    /// Does the work and writes the files; returns the text `run` prints (the workbench
    /// calls this in process).
    func execute() throws -> String {
        let progress = Progress(quiet: quiet)
        let planList = try plans.map { try CompInputs.readPlan(path: $0) }
        let fromPeriod = from.flatMap { Period(label: $0) }
        let toPeriod = to.flatMap { Period(label: $0) }
        let usesVector = planList.contains { $0.components.contains { $0.metric == .vectorForecastAttainment } }
        var files: [(name: String, bytes: [UInt8])] = []
        var text = ""

        if let history {
            let panel: HistoryPanel
            var forecast: VectorForecastTable?
            if usesVector {
                guard let milestones else {
                    throw ValidationError("a plan pays on vector_forecast_attainment: give --milestones for the vector forecast")
                }
                let inputs = try ForecastInputs.load(
                    history: history, weightsPath: weights, milestones: milestones, progress: progress)
                panel = inputs.panel
                progress.note("walk-forward vector forecast")
                forecast = try VectorForecastTable.walkForward(
                    panel: panel, categories: inputs.categories, catalogue: inputs.catalogue, strength: kappa)
            } else {
                progress.note("reading \(history)")
                panel = try HistoryCSVReader.read(contentsOf: URL(fileURLWithPath: history), fileName: history)
            }
            guard panel.hasCSMColumn, !panel.csmIDs.isEmpty else {
                throw CommandInputError(path: history, message: "the history has no csm_id values: comp pays CSMs on their books")
            }
            progress.note("paying \(planList.count) plans")
            let runs = try PayoutEngine.payAll(planList, panel: panel, from: fromPeriod, to: toPeriod, vectorForecast: forecast)
            let report = CompReport(
                history: history, plans: zip(plans, runs).map { file, run in
                    CompReport.Plan(
                        file: file, name: run.planName, paymentPeriod: run.paymentPeriod, windows: run.windows.map(\.label),
                        summary: PlanComparison.summary(run), csms: PlanComparison.performances(run))
                },
                changes: try runs.dropFirst().map { run in
                    CompReport.Changes(
                        from: runs[0].planName, to: run.planName, changes: try PlanComparison.changes(from: runs[0], to: run))
                })
            files.append(("payouts.csv", Self.payoutsCSV(runs)))
            files.append(("components.csv", Self.componentsCSV(runs)))
            files.append(("comparison.json", try OutputDirectory.json(report)))
            text += Self.render(report)
        }

        if let stress {
            let scenario = try CompInputs.readScenario(path: stress)
            let engine = try MonteCarloEngine(scenario: scenario, seed: seed)
            try CompStress.memoryEstimate(
                plans: planList, trials: trials, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount,
                panelBytes: engine.panelMemory, csmCount: scenario.csmCount
            ).check(advice: "Use fewer --trials or --threads, or a scenario with fewer customers or periods.")
            var vector: (@Sendable (HistoryPanel) throws -> VectorForecastTable)?
            if usesVector {
                let catalogue = CompInputs.catalogue(of: scenario)
                let weightsFile = try weights.map { try Weights(contentsOf: URL(fileURLWithPath: $0)) }
                let kappa = self.kappa
                vector = { panel in
                    let w = weightsFile ?? DefaultWeights.make(for: panel, bearingVersion: BearingVersion.current)
                    let scores = try PanelScores(panel: panel, weights: w, threads: 1)
                    var categories = [VectorCategory](repeating: .neutral, count: panel.rowCount)
                    for (k, row) in scores.rows.enumerated() { categories[Int(row)] = scores.scores.vectorCategory(k) }
                    return try VectorForecastTable.walkForward(
                        panel: panel, categories: categories, catalogue: catalogue, strength: kappa)
                }
            }
            let workers = threads ?? ProcessInfo.processInfo.activeProcessorCount
            progress.note("stress: \(trials) trials of \(engine.customerCount) customers on \(workers) threads")
            let started = Date()
            let history: @Sendable (Int) -> HistoryPanel = { engine.historyPanel(trial: $0).panel }
            // The latent skill the simulator gave each CSM in the trial, by the ids it writes.
            let csmIDs = engine.csmIDs
            let skills: @Sendable (Int) -> [String: Double] = { trial in
                Dictionary(
                    zip(csmIDs, engine.csmSkills(trial: trial).map(Double.init)), uniquingKeysWith: { first, _ in first })
            }
            var onTrial: (@Sendable (Int, Int) -> Void)?
            if progress.enabled {
                let note = progress
                onTrial = { done, total in
                    if done % max(1, total / 20) == 0 { note.note("stress: \(done)/\(total) trials") }
                }
            }
            let results = try CompStress.run(
                plans: planList, trials: trials, threads: workers, from: fromPeriod, to: toPeriod,
                history: history, vectorForecast: vector, skills: skills, progress: onTrial)
            progress.note(String(format: "stress: done in %.1f s", Date().timeIntervalSince(started)))
            let report = StressReport(
                scenario: stress, seed: seed, trials: trials, from: from, to: to,
                plans: zip(plans, results).map { StressReport.Plan(file: $0, stress: $1.summary) })
            files.append(("stress.json", try OutputDirectory.json(report)))
            files.append(("stress-trials.csv", Self.stressTrialsCSV(results)))
            text += (text.isEmpty ? "" : "\n") + Self.render(report)
        }

        try OutputDirectory.write(files, into: out)
        return text
    }

    // MARK: Outputs

    static func payoutsCSV(_ runs: [PlanPayouts]) -> [UInt8] {
        var s = "plan,csm_id,period,has_book,start_customers,start_arr,expansion_arr,contraction_arr,churned_arr,nrr,base,component_pay,commission,clawback,variable,total,sales_commission\n"
        for run in runs {
            for line in run.lines {
                let t = line.book
                s += [
                    csvCell(run.planName), csvCell(line.csmID), line.window, line.hasBook ? "1" : "0", String(t.startCustomers),
                    csvNumber(t.startARR), csvNumber(t.expansionARR), csvNumber(t.contractionARR), csvNumber(t.churnedARR),
                    csvNumber(t.nrr), csvNumber(line.base), csvNumber(line.components.reduce(0) { $0 + $1.payout }),
                    csvNumber(line.commission), csvNumber(line.clawback), csvNumber(line.variable), csvNumber(line.total),
                    csvNumber(line.salesCommission),
                ].joined(separator: ",") + "\n"
            }
        }
        return Array(s.utf8)
    }

    static func componentsCSV(_ runs: [PlanPayouts]) -> [UInt8] {
        var s = "plan,csm_id,period,component,metric,actual,attainment,target_payout,payout\n"
        for run in runs {
            for line in run.lines {
                for (k, c) in line.components.enumerated() {
                    s += [
                        csvCell(run.planName), csvCell(line.csmID), line.window, String(k), c.metric.rawValue,
                        csvNumber(c.actual), csvNumber(c.attainment), csvNumber(c.targetPayout), csvNumber(c.payout),
                    ].joined(separator: ",") + "\n"
                }
            }
        }
        return Array(s.utf8)
    }

    static func stressTrialsCSV(_ results: [PlanStress]) -> [UInt8] {
        var s = "trial,plan,total_cost,cost_share_of_retained_revenue,pay_performance_correlation,top_quartile_variable_share,skill_correlation\n"
        let trials = results.first?.trials ?? 0
        for t in 0..<trials {
            for r in results {
                s += [
                    String(t), csvCell(r.planName), csvNumber(r.totalCost[t]), csvNumber(r.costShareOfRetainedRevenue[t]),
                    csvNumber(r.payPerformanceCorrelation[t]), csvNumber(r.topQuartileVariableShare[t]),
                    r.skillCorrelation.indices.contains(t) ? csvNumber(r.skillCorrelation[t]) : "",
                ].joined(separator: ",") + "\n"
            }
        }
        return Array(s.utf8)
    }

    static func render(_ report: CompReport) -> String {
        var s = "Compensation plans on \(report.history)\n\n"
        s += TextTable.render(
            ["plan", "CSMs", "total cost", "% retained rev", "variable", "var P10", "P50", "P90", "Gini", "rank corr", "top-25% share"],
            report.plans.map { p in
                let m = p.summary
                return [
                    p.name, String(m.csmCount), TextTable.money(m.totalCost), Self.percent(m.costShareOfRetainedRevenue),
                    TextTable.money(m.variableCost), TextTable.money(m.spread.p10), TextTable.money(m.spread.p50),
                    TextTable.money(m.spread.p90), Self.number(m.spread.gini), Self.number(m.payPerformanceCorrelation),
                    Self.percent(m.topQuartileVariableShare),
                ]
            })
        for c in report.changes {
            let gainers = c.changes.filter { $0.change > 0.005 }
            let losers = c.changes.filter { $0.change < -0.005 }
            s += "\n\(c.from) -> \(c.to): \(gainers.count) gain, \(losers.count) lose\n"
            let shown = Array(gainers.prefix(5)) + Array(losers.suffix(5))
            if !shown.isEmpty {
                s += TextTable.render(
                    ["CSM", "NRR", c.from, c.to, "change"],
                    shown.map { [$0.csmID, Self.percent($0.nrr), TextTable.money($0.totalA), TextTable.money($0.totalB), TextTable.money($0.change)] })
            }
        }
        return s
    }

    static func render(_ report: StressReport) -> String {
        var s = "Stress test on \(report.scenario): \(report.trials) trials, seed \(report.seed)\n\n"
        s += TextTable.render(
            ["plan", "cost P5", "P50", "P95", "% retained rev P50", "var/CSM P5", "P50", "P95", "rank corr P50", "skill corr P5", "P50", "P95"],
            report.plans.map { p in
                let m = p.stress
                return [
                    m.planName, TextTable.money(m.totalCost.p5), TextTable.money(m.totalCost.p50), TextTable.money(m.totalCost.p95),
                    Self.percent(m.costShareOfRetainedRevenue.p50), TextTable.money(m.variablePayPerCSM.p5),
                    TextTable.money(m.variablePayPerCSM.p50), TextTable.money(m.variablePayPerCSM.p95),
                    Self.number(m.payPerformanceCorrelation.p50), Self.number(m.skillCorrelation?.p5 ?? .nan),
                    Self.number(m.skillCorrelation?.p50 ?? .nan), Self.number(m.skillCorrelation?.p95 ?? .nan),
                ]
            })
        return s
    }

    static func percent(_ x: Double) -> String { x.isFinite ? TextTable.percent(x) : "n/a" }
    static func number(_ x: Double) -> String { x.isFinite ? String(format: "%.2f", x) : "n/a" }
}

/// `comparison.json`.
struct CompReport: Encodable {
    struct Plan: Encodable {
        var file: String
        var name: String
        var paymentPeriod: PaymentPeriod
        var windows: [String]
        var summary: PlanSummary
        var csms: [CSMPerformance]
    }

    struct Changes: Encodable {
        var from: String
        var to: String
        var changes: [PayChange]
    }

    var history: String
    var plans: [Plan]
    var changes: [Changes]
}

/// `stress.json`.
struct StressReport: Encodable {
    struct Plan: Encodable {
        var file: String
        var stress: PlanStressSummary
    }

    var scenario: String
    var seed: UInt64
    var trials: Int
    var from: String?
    var to: String?
    var plans: [Plan]
}
