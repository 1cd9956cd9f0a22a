import BearingCalibration
import BearingComp
import BearingContracts
import BearingForecast
import BearingPanel
import BearingReport
import BearingSimulation
import BearingVector
import Foundation

/// `workbench`: the whole loop, in memory — on a simulated history (`run(scenarioPath:…)`) or on
/// the user's own (`run(historyPath:…)`). The history is generated or read once and every stage
/// gets it (and the calibrated weights) as a value; files are outputs only, the same bytes the
/// commands write when run one by one on those files.
public enum Workbench {
    public struct Options: Sendable {
        public var seed: UInt64 = 42
        /// Monte Carlo trials of the simulation (scenario runs).
        public var trials: Int = 200
        public var stressTrials: Int = 100
        public var forecastTrials: Int = 1000
        /// The quota the vector forecast is compared with; default: the trailing observed
        /// expansion rate per segment (no built-in rate decides the verdict).
        public var quota: QuotaPlan = .trailing()
        /// `--quota` as given (a rate or a quota file), recorded in `workbench.json`.
        public var quotaArgument: String?
        /// Periods at the end kept out of calibration.
        public var holdout: Int = 2
        /// Plan files; empty: every `*.yaml` in the `plans` folder next to the scenario (scenario
        /// runs), or no comp stages (history runs).
        public var plans: [String] = []
        /// Milestone catalogue; nil: `milestones-<scenario>.yaml` next to the scenario, else the
        /// scenario's own milestones (scenario runs), or no forecast stages (history runs).
        public var milestones: String?
        /// Simulated histories of the fitted scenario set against the history (history runs).
        public var fitComparisonTrials: Int = 20
        /// Shocks layered on the fitted scenario for the stress test (history runs).
        public var shocks: [String] = []
        public var threads: Int = ProcessInfo.processInfo.activeProcessorCount

        public init() {}
    }

    /// The whole loop on a simulated history of the scenario.
    public static func run(
        scenarioPath: String, options: Options, out: String, progress: ProgressSink = .silent
    ) throws -> (record: WorkbenchRecord, text: String) {
        let scenario = try ConfigFiles.scenario(scenarioPath)
        let planFiles = try resolvePlans(scenarioPath: scenarioPath, given: options.plans)
        let plans = try planFiles.map { CompStage.PlanFile(path: $0, plan: try ConfigFiles.plan($0)) }
        try checkMemory(scenario: scenario, options: options, plans: plans.map(\.plan))
        try OutputFolder.create(out)
        // The whole run's outputs are one group: a second workbench into `out` waits.
        let folderLock = try OutputFolderLock(directory: URL(fileURLWithPath: out, isDirectory: true))
        defer { folderLock.release() }
        let stages = WorkbenchStages(out: out, total: 8, progress: progress)
        let simulation = try stages.run("simulate", [scenarioPath, "--seed", String(options.seed), "--trials", String(options.trials)]) {
            try SimulationStage.run(
                scenario: scenario, scenarioPath: scenarioPath,
                options: .init(seed: options.seed, trials: options.trials, threads: options.threads, keepHistory: true),
                out: stages.path("simulate"))
        }
        guard let history = simulation.history else {
            throw ContractError(path: scenarioPath, message: "the simulation produced no history")
        }
        let (catalogue, cataloguePath) = try resolveMilestones(
            scenarioPath: scenarioPath, scenario: scenario, given: options.milestones, out: out)
        var report = ReportInputs(source: out)
        report.simulation = simulation.summary
        try analyse(
            history, catalogue: (catalogue, cataloguePath), plans: plans,
            stress: (scenario, scenarioPath), options: options, stages: stages, report: &report)
        return try stages.finish(scenario: scenarioPath, history: nil, seed: options.seed, report: try writeReport(report, stages))
    }

    /// The whole loop on the user's own history: the stages that need milestones or plans run
    /// when they are given (else the report says how to add them), and the plans' stress test
    /// runs on a scenario fitted to the history.
    public static func run(
        historyPath: String, options: Options, out: String, progress: ProgressSink = .silent
    ) throws -> (record: WorkbenchRecord, text: String) {
        let plans = try options.plans.map { CompStage.PlanFile(path: $0, plan: try ConfigFiles.plan($0)) }
        let catalogue = try options.milestones.map { (try ConfigFiles.milestones($0), $0) }
        try OutputFolder.create(out)
        let folderLock = try OutputFolderLock(directory: URL(fileURLWithPath: out, isDirectory: true))
        defer { folderLock.release() }
        let stages = WorkbenchStages(out: out, total: 9, progress: progress)
        progress.note("reading \(historyPath)")
        let history = try HistoryInput.read(historyPath)
        let quality = try stages.run("quality", [historyPath]) {
            let quality = PanelQuality(panel: history.panel, index: history.index)
            try OutputFolder.write([try OutputFile.json(DataQuality.fileName, quality)], into: stages.path("quality"))
            return quality
        }
        for line in quality.lines { progress.note("data: \(line)") }
        var report = ReportInputs(source: out)
        var extra = quality.lines.isEmpty ? "" : "Data quality:\n" + quality.lines.map { "  \($0)\n" }.joined()
        let fitted = try stages.run("fit-scenario", [historyPath, "--compare-trials", String(options.fitComparisonTrials)]) {
            let output = try FitScenarioStage.run(
                history: history, weights: nil, catalogue: catalogue?.0,
                options: .init(comparisonTrials: options.fitComparisonTrials, seed: options.seed, threads: options.threads))
            try OutputFolder.write(Array(output.yaml.utf8), to: stages.path("fit/scenario.yaml"))
            return output
        }
        extra += fitted.comparison.map { $0.table + "\n" } ?? ""
        let stress = plans.isEmpty ? nil : (fitted.fitted.scenario, stages.path("fit/scenario.yaml"))
        try analyse(
            history, catalogue: catalogue, plans: plans, stress: stress, options: options, stages: stages, report: &report)
        return try stages.finish(
            scenario: nil, history: historyPath, seed: options.seed, report: try writeReport(report, stages), extra: extra)
    }

    /// Calibrate, backtest, score, then (with a catalogue) forecast and compare forecasts, then
    /// (with plans) replay and stress-test the plans, filling `report` as it goes.
    static func analyse(
        _ history: HistoryInput, catalogue: (MilestoneCatalogue, String)?, plans: [CompStage.PlanFile],
        stress: (Scenario, String)?, options: Options, stages: WorkbenchStages, report: inout ReportInputs
    ) throws {
        let periods = history.periods
        guard let until = periods.dropLast(options.holdout).last ?? periods.first else {
            throw ContractError(path: history.path, message: "the history has no periods")
        }
        let weightsPath = stages.path("calibrate/weights.json")
        let calibration = try stages.run("calibrate", ["--model", "vector", "--until", until.label]) {
            let output = try CalibrationStage.run(history: history, model: .vector, until: until.label, c: nil)
            try OutputFolder.write(output.file.bytes, to: weightsPath)
            return output
        }
        let weights = calibration.result.weights
        report.weights = weights
        report.backtest = try stages.run("backtest", ["--models", "vector,logistic,health", "--window", "expanding"]) {
            let output = try BacktestStage.run(
                history: history, models: [.vector, .logistic, .health], window: .expanding, minimumTrainingPeriods: 2, c: nil)
            try OutputFolder.write(output.files, into: stages.path("backtest"))
            return output.document
        }
        let score = try stages.run("score", ["--weights", weightsPath]) {
            let output = try ScoreStage.run(
                history: history, weights: weights, weightsPath: weightsPath, scoresFile: stages.path("score/scores.csv"),
                options: .init(threads: options.threads))
            try OutputFolder.write(output.files, into: stages.path("score"))
            return output
        }
        report.scores = score.summary
        report.addScores(ScoresTable(panel: history.panel, scored: score.scores), churned: ReportInputs.outcomes(of: history.panel))

        var inputs: ForecastInputs?
        let kappa = ForecastRates.defaultStrength
        if let (catalogue, cataloguePath) = catalogue {
            let settings = ForecastSettings(
                quota: options.quota, trials: options.forecastTrials, seed: options.seed, kappa: kappa,
                halfLife: ForecastRates.recommendedHalfLife, milestonesPath: cataloguePath)
            let forecastInputs = try ForecastInputs(
                history: history, weights: weights, weightsPath: weightsPath, catalogue: catalogue, threads: options.threads)
            inputs = forecastInputs
            let arguments =
                ["--milestones", cataloguePath] + (options.quotaArgument.map { ["--quota", $0] } ?? [])
                + ["--trials", String(options.forecastTrials)]
            report.forecast = try stages.run("forecast", arguments) {
                let output = try ForecastStage.run(inputs: forecastInputs, settings: settings, period: nil)
                try OutputFolder.write(output.files, into: stages.path("forecast"))
                return output.document
            }
            report.forecastComparison = try stages.run("compare-forecasts", arguments) {
                let output = try CompareForecastsStage.run(inputs: forecastInputs, settings: settings, minimumTrainingPeriods: 1)
                try OutputFolder.write(output.files, into: stages.path("compare-forecasts"))
                return output.document
            }
        } else {
            let reason = "no milestone catalogue: add --milestones M.yaml to forecast expansion from milestone cohorts and compare it with the quota"
            stages.skip("forecast and compare-forecasts — " + reason)
            report.problems["forecast"] = reason
            report.problems["compare"] = reason
        }

        if plans.isEmpty {
            let reason = "no compensation plans: add --plans PLAN.yaml... (see Scenarios/plans) to replay and stress-test them"
            stages.skip("comp — " + reason)
            report.problems["comp"] = reason
            report.problems["stress"] = reason
            return
        }
        let planPaths = plans.map(\.path)
        let name = "comp (\(plans.count) plans, stress \(options.stressTrials) trials)"
        let comp = try stages.run(name, planPaths + ["--stress", stress?.1 ?? "-", "--trials", String(options.stressTrials)]) {
            let replay = try CompStage.replay(plans: plans, history: history, forecast: inputs, kappa: kappa, from: nil, to: nil)
            var files = replay.files
            var stressOutput: CompStage.StressOutput?
            if let (scenario, scenarioPath) = stress {
                let output = try CompStage.stress(
                    plans: plans, scenario: scenario, scenarioPath: scenarioPath, seed: options.seed, trials: options.stressTrials,
                    threads: options.threads, weights: weights, kappa: kappa, from: nil, to: nil, shocks: options.shocks,
                    history: history)
                files += output.files
                stressOutput = output
            }
            try OutputFolder.write(files, into: stages.path("comp"))
            return (replay, stressOutput)
        }
        report.comp = comp.0.document
        if let stress = comp.1 {
            report.stress = stress.document
            report.stressTrials = stress.table
        }
    }

    /// Writes the report built from the stages' values; `found` lists what `bearing report DIR`
    /// would read, in its order, so both pages are the same bytes.
    static func writeReport(_ inputs: ReportInputs, _ stages: WorkbenchStages) throws -> String {
        var report = inputs
        let written: [(Bool, String)] = [
            (report.simulation != nil, "simulate/summary.json"), (report.scores != nil, "score/scores.summary.json"),
            (report.weights != nil, "calibrate/weights.json"), (report.backtest != nil, "backtest/backtest.json"),
            (report.forecast != nil, "forecast/forecast.json"), (report.forecastComparison != nil, "compare-forecasts/comparison.json"),
            (report.comp != nil, "comp/comparison.json"), (report.stress != nil, "comp/stress.json"),
            (report.stress != nil, "comp/stress-trials.csv"), (report.scores != nil, "score/scores.csv"),
        ]
        report.found = written.filter(\.0).map(\.1)
        // The history the scores name, as the loader finds it.
        if let history = report.scores?.history {
            report.found.append(ReportInputs.relative(URL(fileURLWithPath: history), to: stages.root))
        }
        let path = stages.path("report.html")
        try stages.run("report", [stages.out, "--out", path]) { try OutputFolder.write(ReportStage.render(report), to: path) }
        return path
    }

    /// The plan files given, else every `*.yaml` in the `plans` folder beside the scenario (sorted).
    public static func resolvePlans(scenarioPath: String, given: [String]) throws(ContractError) -> [String] {
        if !given.isEmpty { return given }
        let folder = sibling(of: scenarioPath, "plans")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        guard !files.isEmpty else {
            throw ContractError(path: "", message: "no compensation plans: give --plan FILE, or put plan YAML files in \(folder)")
        }
        return files.map { folder + "/" + $0 }
    }

    /// The catalogue given, else `milestones-<name>.yaml` beside the scenario, else the
    /// scenario's milestones written to `DIR/milestones.json`; with the path the outputs record.
    static func resolveMilestones(
        scenarioPath: String, scenario: Scenario, given: String?, out: String
    ) throws -> (MilestoneCatalogue, String) {
        if let given { return (try ConfigFiles.milestones(given), given) }
        let name = URL(fileURLWithPath: scenarioPath).deletingPathExtension().lastPathComponent
        let catalogue = sibling(of: scenarioPath, "milestones-\(name).yaml")
        if FileManager.default.fileExists(atPath: catalogue) { return (try ConfigFiles.milestones(catalogue), catalogue) }
        let own = ConfigFiles.catalogue(of: scenario)
        let file = URL(fileURLWithPath: out, isDirectory: true).appendingPathComponent("milestones.json").path
        try OutputFolder.write(try ContractJSON.encode(own, versioned: false), to: file)
        return (own, file)
    }

    /// `name` in the folder of `path`, spelt relative when `path` is (outputs record paths as given).
    static func sibling(of path: String, _ name: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return name }
        return String(path[..<slash]) + "/" + name
    }
}
