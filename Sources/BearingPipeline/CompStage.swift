import BearingComp
import BearingContracts
import BearingForecast
import BearingMetrics
import BearingPanel
import BearingScenarioFit
import BearingSimulation
import BearingVector
import Foundation

/// `comp`: compensation plans replayed side by side on a history, and stress-tested on
/// simulated histories.
public enum CompStage {
    /// A plan file and the plan it holds.
    public struct PlanFile: Sendable {
        /// The file as given on the command line.
        public var path: String
        public var plan: CompensationPlan

        public init(path: String, plan: CompensationPlan) {
            self.path = path
            self.plan = plan
        }

        /// Whether the plan pays on the vector forecast (and so needs a milestone catalogue).
        public var usesVectorForecast: Bool { plan.components.contains { $0.metric == .vectorForecastAttainment } }
    }

    public struct ReplayOutput: Sendable {
        public var document: CompComparisonDocument
        /// `comparison.json`, `payouts.csv` and `components.csv`.
        public var files: [OutputFile]
        public var text: String
    }

    public struct StressOutput: Sendable {
        public var document: StressDocument
        public var table: StressTrialsTable
        /// `stress.json` and `stress-trials.csv`.
        public var files: [OutputFile]
        public var text: String
    }

    /// Pays every plan on `history` over `from...to`. `forecast` (categories and catalogue) is
    /// needed when a plan pays on vector-forecast attainment.
    public static func replay(
        plans: [PlanFile], history: HistoryInput, forecast: ForecastInputs?, kappa: Double, from: Period?, to: Period?,
        progress: ProgressSink = .silent
    ) throws -> ReplayOutput {
        let panel = history.panel
        guard panel.hasCSMColumn, !panel.csmIDs.isEmpty else {
            throw ContractError(path: history.path, message: "the history has no csm_id values: comp pays CSMs on their books")
        }
        var table: VectorForecastTable?
        if plans.contains(where: \.usesVectorForecast) {
            guard let forecast else {
                throw ContractError(
                    path: "", message: "a plan pays on vector_forecast_attainment: give --milestones for the vector forecast")
            }
            progress.note("walk-forward vector forecast")
            table = try VectorForecastTable.walkForward(
                panel: panel, categories: forecast.categories, catalogue: forecast.catalogue, strength: kappa)
        }
        progress.note("paying \(plans.count) plans")
        let runs = try PayoutEngine.payAll(plans.map(\.plan), panel: panel, from: from, to: to, vectorForecast: table)
        let summaries = runs.map { PlanComparison.summary($0) }
        // Plans with different OTEs only compare at one budget: the first plan's as-is cost.
        let equalCost = runs.count > 1 ? try EqualCostComparison(runs, summaries: summaries) : nil
        let document = CompComparisonDocument(
            bearingVersion: BearingVersion.current, history: history.path,
            plans: zip(plans, zip(runs, summaries)).map { file, paid in
                let (run, summary) = paid
                return CompComparisonDocument.Plan(
                    file: file.path, name: run.planName, paymentPeriod: run.paymentPeriod, windows: run.windows.map(\.label),
                    summary: summary, csms: PlanComparison.performances(run))
            },
            changes: try runs.dropFirst().map { run in
                CompComparisonDocument.Changes(
                    from: runs[0].planName, to: run.planName, changes: try PlanComparison.changes(from: runs[0], to: run))
            },
            equalCost: equalCost, edgeCases: CompEdgeCases(runs))
        return ReplayOutput(
            document: document,
            files: [
                OutputFile(name: PayoutsTable.fileName, bytes: PayoutsTable.render(runs)),
                OutputFile(name: ComponentsTable.fileName, bytes: ComponentsTable.render(runs)),
                try OutputFile.json(CompComparisonDocument.fileName, document),
            ],
            text: render(document))
    }

    /// Prices every plan on `trials` simulated histories of `scenario` (with `shocks` layered on
    /// it). With the user's `history`, the scenario's book is checked against it first: the
    /// warnings go into the output (and the text) when the stress test would describe another book.
    public static func stress(
        plans: [PlanFile], scenario baseScenario: Scenario, scenarioPath: String, seed: UInt64, trials: Int, threads: Int,
        weights: Weights?, kappa: Double, from: Period?, to: Period?, shocks: [String] = [], history: HistoryInput? = nil,
        progress: ProgressSink = .silent
    ) throws -> StressOutput {
        let scenario = try FitScenarioStage.shocked(baseScenario, with: shocks)
        var bookCheck: BookCheck?
        if let history {
            progress.note("checking the scenario's book against \(history.path)")
            bookCheck = try BookCheck.compare(scenario: scenario, panel: history.panel, historyFile: history.path, threads: threads)
        }
        let engine = try MonteCarloEngine(scenario: scenario, seed: seed)
        try CompStress.memoryEstimate(
            plans: plans.map(\.plan), trials: trials, threads: threads, panelBytes: engine.panelMemory, csmCount: scenario.csmCount
        ).check(advice: "Use fewer --trials or --threads, or a scenario with fewer customers or periods.")
        var vector: (@Sendable (HistoryPanel) throws -> VectorForecastTable)?
        if plans.contains(where: \.usesVectorForecast) {
            let catalogue = ConfigFiles.catalogue(of: scenario)
            vector = { panel in
                let w = weights ?? DefaultWeights.make(for: panel, bearingVersion: BearingVersion.current)
                let scores = try PanelScores(panel: panel, weights: w, threads: 1)
                var categories = [VectorCategory](repeating: .neutral, count: panel.rowCount)
                for (k, row) in scores.rows.enumerated() { categories[Int(row)] = scores.scores.vectorCategory(k) }
                return try VectorForecastTable.walkForward(panel: panel, categories: categories, catalogue: catalogue, strength: kappa)
            }
        }
        progress.note("stress: \(trials) trials of \(engine.customerCount) customers on \(threads) threads")
        let started = Date()
        let history: @Sendable (Int) -> HistoryPanel = { engine.historyPanel(trial: $0).panel }
        // The latent skill the simulator gave each CSM in the trial, by the ids it writes.
        let csmIDs = engine.csmIDs
        let skills: @Sendable (Int) -> [String: Double] = { trial in
            Dictionary(zip(csmIDs, engine.csmSkills(trial: trial).map(Double.init)), uniquingKeysWith: { first, _ in first })
        }
        let results = try CompStress.run(
            plans: plans.map(\.plan), trials: trials, threads: threads, from: from, to: to, history: history,
            vectorForecast: vector, skills: skills, progress: { done, total in progress.fraction("stress trials", done, total) })
        progress.note(String(format: "stress: done in %.1f s", Date().timeIntervalSince(started)))
        let document = StressDocument(
            bearingVersion: BearingVersion.current, scenario: scenarioPath, seed: seed, trials: trials, from: from?.label,
            to: to?.label, shocks: shocks, bookCheck: bookCheck,
            plans: zip(plans, results).map { StressDocument.Plan(file: $0.path, stress: $1.summary) })
        return StressOutput(
            document: document, table: StressTrialsTable(results),
            files: [
                try OutputFile.json(StressDocument.fileName, document),
                OutputFile(name: StressTrialsTable.fileName, bytes: StressTrialsTable.render(results)),
            ],
            text: render(document))
    }

    public static func render(_ report: CompComparisonDocument) -> String {
        var s = "Compensation plans on \(report.history)\n\n"
        s += TextTable.render(
            ["plan", "CSMs", "total cost", "% retained rev", "variable", "var P10", "P50", "P90", "Gini", "rank corr", "top-25% share"],
            report.plans.map { p in
                let m = p.summary
                return [
                    p.name, String(m.csmCount), TextTable.money(m.totalCost), TextTable.percent(m.costShareOfRetainedRevenue),
                    TextTable.money(m.variableCost), TextTable.money(m.spread.p10), TextTable.money(m.spread.p50),
                    TextTable.money(m.spread.p90), TextTable.number(m.spread.gini), TextTable.number(m.payPerformanceCorrelation),
                    TextTable.percent(m.topQuartileVariableShare),
                ]
            })
        s += "\nPay for performance: slope = variable pay per standard deviation of book NRR (OLS over CSMs)\n"
        s += TextTable.render(
            ["plan", "slope $/SD", "interval", "rank corr", "top-25% share", "Gini"],
            report.plans.map { p in
                let m = p.summary
                return [
                    p.name, TextTable.money(m.payPerformanceSlope.value), interval(m.payPerformanceSlope),
                    TextTable.number(m.payPerformanceCorrelation), TextTable.percent(m.topQuartileVariableShare),
                    TextTable.number(m.spread.gini),
                ]
            })
        if let e = report.equalCost, !e.plans.isEmpty {
            s += "\nAt equal cost: every plan's pay scaled to \(e.referencePlan)'s as-is cost \(TextTable.money(e.budget))\n"
            s += TextTable.render(
                ["plan", "as-is cost", "factor", "slope $/SD at equal cost", "rank", "gain / lose vs \(e.referencePlan)"],
                e.plans.map { p in
                    [
                        p.planName, TextTable.money(p.asIsCost), p.scaleFactor.isFinite ? String(format: "x%.3f", p.scaleFactor) : "-",
                        TextTable.money(p.payPerformanceSlope.value), p.rank.map(String.init) ?? "-",
                        p.changeCounts.map { "\($0.gainers) / \($0.losers)" } ?? "-",
                    ]
                })
        }
        if let edge = report.edgeCases {
            s += "\n" + render(edge)
        }
        for c in report.changes {
            let gainers = c.changes.filter { $0.change > 0.005 }
            let losers = c.changes.filter { $0.change < -0.005 }
            let asWritten = report.equalCost == nil ? "" : " as written (at equal cost: above)"
            s += "\n\(c.from) -> \(c.to)\(asWritten): \(gainers.count) gain, \(losers.count) lose\n"
            let shown = Array(gainers.prefix(5)) + Array(losers.suffix(5))
            if !shown.isEmpty {
                s += TextTable.render(
                    ["CSM", "NRR", c.from, c.to, "change"],
                    shown.map {
                        [$0.csmID, TextTable.percent($0.nrr), TextTable.money($0.totalA), TextTable.money($0.totalB), TextTable.money($0.change)]
                    })
            }
        }
        return s
    }

    /// The edge cases a comparison must say out loud: rows without a CSM, CSMs without a book,
    /// partial windows and how each plan credits expansion.
    static func render(_ edge: CompEdgeCases) -> String {
        var s = "Edge cases\n"
        let u = edge.unassigned
        s += "  rows without a CSM: \(u.rows) (\(u.customers) customers) holding \(TextTable.money(u.arr)) ARR"
        s += u.rows > 0 ? " (\(TextTable.percent(u.arrShare)) of the book): no plan pays anyone for them\n" : "\n"
        if edge.unknownOutcomeRows > 0 { s += "  rows whose outcome is not known yet: \(edge.unknownOutcomeRows), neither paid nor tallied\n" }
        if !edge.csmsWithoutAnyBook.isEmpty {
            s +=
                "  CSMs without a book in any period (base only, left out of pay for performance): "
                + edge.csmsWithoutAnyBook.joined(separator: ", ") + "\n"
        }
        for p in edge.plans {
            s += "  \(p.planName): \(p.creditingRule)\n"
            for c in p.csmsWithoutBook {
                s += "    \(c.csmID) had no book in \(c.windows.joined(separator: ", ")): base \(TextTable.money(c.base)) only\n"
            }
        }
        return s
    }

    static func interval(_ v: MetricValue) -> String {
        guard let lo = v.ciLow, let hi = v.ciHigh, lo.isFinite, hi.isFinite else { return "-" }
        return TextTable.money(lo) + " to " + TextTable.money(hi)
    }

    public static func render(_ report: StressDocument) -> String {
        var s = "Stress test on \(report.scenario): \(report.trials) trials, seed \(report.seed)\n"
        for shock in report.shocks { s += "  shock: \(shock)\n" }
        if let check = report.bookCheck {
            for warning in check.warnings { s += "  warning: \(warning)\n" }
            if let suggestion = check.suggestion { s += "  \(suggestion)\n" }
            if check.ok { s += "  the scenario's book matches the history's (segments, CSMs, ARR per customer, churn)\n" }
        }
        s += "\n"
        s += TextTable.render(
            ["plan", "cost P5", "P50", "P95", "% retained rev P50", "var/CSM P5", "P50", "P95", "rank corr P50", "skill corr P5", "P50", "P95"],
            report.plans.map { p in
                let m = p.stress
                return [
                    m.planName, TextTable.money(m.totalCost.p5), TextTable.money(m.totalCost.p50), TextTable.money(m.totalCost.p95),
                    TextTable.percent(m.costShareOfRetainedRevenue.p50), TextTable.money(m.variablePayPerCSM.p5),
                    TextTable.money(m.variablePayPerCSM.p50), TextTable.money(m.variablePayPerCSM.p95),
                    TextTable.number(m.payPerformanceCorrelation.p50), TextTable.number(m.skillCorrelation?.p5),
                    TextTable.number(m.skillCorrelation?.p50), TextTable.number(m.skillCorrelation?.p95),
                ]
            })
        return s
    }
}
