import BearingCalibration
import BearingComp
import BearingContracts
import BearingForecast
import BearingPanel
import BearingReport
import BearingSimulation
import BearingVector
import Foundation

/// `workbench`: the whole loop on one scenario, in memory. The history is generated once and
/// every stage gets it (and the calibrated weights) as values; files are outputs only, and are
/// the same bytes the commands write when run one by one on those files.
public enum Workbench {
    public struct Options: Sendable {
        public var seed: UInt64 = 42
        public var trials: Int = 200
        public var stressTrials: Int = 100
        public var forecastTrials: Int = 1000
        /// Expansion quota rate per period, as a fraction of book ARR.
        public var quota: Double = 0.05
        /// Periods at the end kept out of calibration.
        public var holdout: Int = 2
        /// Plan files; empty: every `*.yaml` in the `plans` folder next to the scenario.
        public var plans: [String] = []
        /// Milestone catalogue; nil: `milestones-<scenario>.yaml` next to the scenario, else the
        /// scenario's own milestones at list value (written to `DIR/milestones.json`).
        public var milestones: String?
        public var threads: Int = ProcessInfo.processInfo.activeProcessorCount

        public init() {}
    }

    /// Runs every stage; writes each stage's files under `out` and `workbench.json`; returns the
    /// record and the text to print. `stage(number, total, name)` announces each stage.
    public static func run(
        scenarioPath: String, options: Options, out: String, progress: ProgressSink = .silent
    ) throws -> (record: WorkbenchRecord, text: String) {
        let root = URL(fileURLWithPath: out, isDirectory: true)
        func path(_ p: String) -> String { root.appendingPathComponent(p).path }
        let scenario = try ConfigFiles.scenario(scenarioPath)
        let planFiles = try resolvePlans(scenarioPath: scenarioPath, given: options.plans)
        let plans = try planFiles.map { CompStage.PlanFile(path: $0, plan: try ConfigFiles.plan($0)) }
        try checkMemory(scenario: scenario, options: options, plans: plans.map(\.plan))
        try OutputFolder.create(out)
        // The whole run's outputs are one group: a second workbench into `out` waits.
        let folderLock = try OutputFolderLock(directory: URL(fileURLWithPath: out, isDirectory: true))
        defer { folderLock.release() }
        let started = Date()
        var stages: [WorkbenchRecord.Stage] = []
        let total = 8
        func stage<T>(_ name: String, _ arguments: [String], _ body: () throws -> T) throws -> T {
            progress.note("[\(stages.count + 1)/\(total)] \(name)…")
            let t0 = Date()
            let value: T
            do {
                value = try body()
            } catch {
                throw ContractError(path: "", message: "workbench stage '\(name)' failed: \(error)")
            }
            let seconds = Date().timeIntervalSince(t0)
            stages.append(.init(name: name, seconds: (seconds * 1000).rounded() / 1000, arguments: arguments))
            progress.note("[\(stages.count)/\(total)] \(name) done in \(String(format: "%.1f", seconds)) s")
            return value
        }

        let simulation = try stage("simulate", [scenarioPath, "--seed", String(options.seed), "--trials", String(options.trials)]) {
            try SimulationStage.run(
                scenario: scenario, scenarioPath: scenarioPath,
                options: .init(seed: options.seed, trials: options.trials, threads: options.threads, keepHistory: true),
                out: path("simulate"))
        }
        guard let history = simulation.history else {
            throw ContractError(path: scenarioPath, message: "the simulation produced no history")
        }
        let periods = history.periods
        guard let until = periods.dropLast(options.holdout).last ?? periods.first else {
            throw ContractError(path: scenarioPath, message: "the scenario has no periods")
        }
        let weightsPath = path("calibrate/weights.json")
        let calibration = try stage("calibrate", ["--model", "vector", "--until", until.label]) {
            let output = try CalibrationStage.run(history: history, model: .vector, until: until.label, c: nil)
            try OutputFolder.write(output.file.bytes, to: weightsPath)
            return output
        }
        let weights = calibration.result.weights
        let backtest = try stage("backtest", ["--models", "vector,logistic,health", "--window", "expanding"]) {
            let output = try BacktestStage.run(
                history: history, models: [.vector, .logistic, .health], window: .expanding, minimumTrainingPeriods: 2, c: nil)
            try OutputFolder.write(output.files, into: path("backtest"))
            return output
        }
        let scoresPath = path("score/scores.csv")
        let score = try stage("score", ["--weights", weightsPath]) {
            let output = try ScoreStage.run(
                history: history, weights: weights, weightsPath: weightsPath, scoresFile: scoresPath,
                options: .init(threads: options.threads))
            try OutputFolder.write(output.files, into: path("score"))
            return output
        }
        let (catalogue, cataloguePath) = try resolveMilestones(
            scenarioPath: scenarioPath, scenario: scenario, given: options.milestones, out: out)
        let settings = ForecastSettings(
            quota: options.quota, trials: options.forecastTrials, seed: options.seed, kappa: ForecastRates.defaultStrength,
            halfLife: ForecastRates.recommendedHalfLife, milestonesPath: cataloguePath)
        let inputs = try ForecastInputs(
            history: history, weights: weights, weightsPath: weightsPath, catalogue: catalogue, threads: options.threads)
        let forecastArguments = ["--milestones", cataloguePath, "--quota", String(options.quota), "--trials", String(options.forecastTrials)]
        let forecast = try stage("forecast", forecastArguments) {
            let output = try ForecastStage.run(inputs: inputs, settings: settings, period: nil)
            try OutputFolder.write(output.files, into: path("forecast"))
            return output
        }
        let comparison = try stage("compare-forecasts", forecastArguments) {
            let output = try CompareForecastsStage.run(inputs: inputs, settings: settings, minimumTrainingPeriods: 1)
            try OutputFolder.write(output.files, into: path("compare-forecasts"))
            return output
        }
        let compName = "comp (\(plans.count) plans, stress \(options.stressTrials) trials)"
        let comp = try stage(compName, planFiles + ["--stress", scenarioPath, "--trials", String(options.stressTrials)]) {
            let replay = try CompStage.replay(
                plans: plans, history: history, forecast: inputs, kappa: settings.kappa, from: nil, to: nil)
            let stress = try CompStage.stress(
                plans: plans, scenario: scenario, scenarioPath: scenarioPath, seed: options.seed, trials: options.stressTrials,
                threads: options.threads, weights: weights, kappa: settings.kappa, from: nil, to: nil)
            try OutputFolder.write(replay.files + stress.files, into: path("comp"))
            return (replay, stress)
        }
        let reportPath = path("report.html")
        try stage("report", [out, "--out", reportPath]) {
            var report = ReportInputs(source: out)
            report.simulation = simulation.summary
            report.scores = score.summary
            report.weights = weights
            report.backtest = backtest.document
            report.forecast = forecast.document
            report.forecastComparison = comparison.document
            report.comp = comp.0.document
            report.stress = comp.1.document
            report.stressTrials = comp.1.table
            report.addScores(
                ScoresTable(panel: history.panel, scored: score.scores), churned: ReportInputs.outcomes(of: history.panel))
            // What `bearing report DIR` would list as read, in its order.
            report.found = [
                "simulate/summary.json", "score/scores.summary.json", "calibrate/weights.json", "backtest/backtest.json",
                "forecast/forecast.json", "compare-forecasts/comparison.json", "comp/comparison.json", "comp/stress.json",
                "comp/stress-trials.csv", "score/scores.csv", "simulate/history.csv",
            ]
            try OutputFolder.write(ReportStage.render(report), to: reportPath)
        }

        let seconds = Date().timeIntervalSince(started)
        let record = WorkbenchRecord(
            bearingVersion: BearingVersion.current, scenario: scenarioPath, history: nil, seed: options.seed, stages: stages,
            skipped: [], totalSeconds: (seconds * 1000).rounded() / 1000, report: reportPath)
        try OutputFolder.write(try ContractJSON.encode(record), to: path(WorkbenchRecord.fileName))
        var text = "Workbench on \(scenarioPath) (seed \(options.seed)) finished in \(String(format: "%.1f", seconds)) s:\n"
        let width = stages.map(\.name.count).max() ?? 0
        for s in stages { text += "  " + TextTable.pad(s.name, width) + String(format: " %6.1f s", s.seconds) + "\n" }
        text += "Report: \(reportPath)\n"
        text += "Outputs: \(out)/{simulate,calibrate,backtest,score,forecast,compare-forecasts,comp}, timings in \(out)/\(WorkbenchRecord.fileName)\n"
        return (record, text)
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
