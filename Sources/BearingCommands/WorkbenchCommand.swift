import ArgumentParser
import BearingCalibration
import BearingFiles
import BearingPanel
import BearingSimulation
import Foundation

/// `bearing workbench SCENARIO --out DIR`: the whole loop on one scenario, in process.
public struct WorkbenchCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "workbench",
        abstract: "Run the whole loop on one scenario: simulate, calibrate, backtest, score, forecast, compare forecasts, stress-test plans, report.",
        discussion: """
            Runs every stage in this process and writes, under DIR:
              simulate/           history.csv, trials.csv, summary.json
              calibrate/          weights.json  (Success Vector, fitted up to --holdout periods before the end)
              backtest/           backtest.json (vector vs logistic vs health, walk-forward)
              score/              scores.csv, scores.summary.json (calibrated weights, every period)
              forecast/           forecast.json, milestone-cohorts.csv (the period after the history)
              compare-forecasts/  comparison.json, comparison.csv (quota vs vector vs actual)
              comp/               payouts.csv, components.csv, comparison.json, stress.json, stress-trials.csv
              report.html         the report of all of the above
              workbench.json      the stages run, their arguments and timings

            Plans: --plan files, else every *.yaml in the `plans` folder next to the scenario. \
            Milestones: --milestones, else milestones-<scenario file name>.yaml next to the \
            scenario, else the scenario's own milestones at list upsell value.

            Example:
              bearing workbench Scenarios/saas-agency.yaml --out out --seed 42 --trials 200
            """)

    @Argument(help: "Scenario file (YAML or JSON).")
    var scenario: String

    @Option(help: "Output folder (created if missing).")
    var out: String

    @Option(help: "Seed of the simulation, forecasts and stress test.")
    var seed: UInt64 = 42

    @Option(help: "Monte Carlo trials of the simulation (trial 0 is the history every later stage uses).")
    var trials: Int = 200

    @Option(help: "Simulated histories the compensation plans are stress-tested on.")
    var stressTrials: Int = 100

    @Option(help: "Monte Carlo trials of the expansion forecasts.")
    var forecastTrials: Int = 1000

    @Option(help: "Expansion quota rate per period, as a fraction of book ARR.")
    var quota: Double = 0.05

    @Option(help: "Periods at the end kept out of calibration (scored out of time in the report).")
    var holdout: Int = 2

    @Option(name: .customLong("plan"), help: "A compensation plan file (repeat for several; default: the plans folder next to the scenario).")
    var plans: [String] = []

    @Option(help: "Milestone catalogue for the forecasts (default: see above).")
    var milestones: String?

    @Flag(help: "No progress lines on stderr.")
    var quiet = false

    public init() {}

    public func validate() throws {
        guard (1...1_000_000).contains(trials) else { throw ValidationError("--trials must be between 1 and 1000000, got \(trials)") }
        guard (1...1_000_000).contains(stressTrials) else {
            throw ValidationError("--stress-trials must be between 1 and 1000000, got \(stressTrials)")
        }
        guard (1...1_000_000).contains(forecastTrials) else {
            throw ValidationError("--forecast-trials must be between 1 and 1000000, got \(forecastTrials)")
        }
        guard quota.isFinite, quota >= 0, quota <= 10 else { throw ValidationError("--quota must be between 0 and 10, got \(quota)") }
        guard holdout >= 0 else { throw ValidationError("--holdout must be 0 or more, got \(holdout)") }
    }

    /// One stage's record in workbench.json.
    struct Stage: Codable {
        var name: String
        var seconds: Double
        var arguments: [String]
    }

    struct Record: Codable {
        var bearingVersion: String
        var scenario: String
        var seed: UInt64
        var stages: [Stage]
        var totalSeconds: Double
        var report: String
    }

    public func run() throws {
        let root = URL(fileURLWithPath: out, isDirectory: true)
        func path(_ p: String) -> String { root.appendingPathComponent(p).path }
        let planFiles = try resolvePlans()
        try checkMemory(planFiles: planFiles)
        let started = Date()
        var stages: [Stage] = []
        let total = 8
        func stage(_ number: Int, _ name: String, _ arguments: [String], _ body: () throws -> Void) throws {
            if !quiet { FileHandle.standardError.write(Data("[\(number)/\(total)] \(name)…\n".utf8)) }
            let t0 = Date()
            do {
                try body()
            } catch {
                throw WorkbenchError(stage: name, underlying: error)
            }
            let seconds = Date().timeIntervalSince(t0)
            stages.append(Stage(name: name, seconds: (seconds * 1000).rounded() / 1000, arguments: arguments))
            if !quiet { FileHandle.standardError.write(Data("[\(number)/\(total)] \(name) done in \(String(format: "%.1f", seconds)) s\n".utf8)) }
        }
        do {
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        } catch {
            throw CommandInputError(path: out, message: "cannot create the output folder: \(error.localizedDescription)")
        }
        // The whole run's outputs are one group: a second workbench into `out` waits.
        let folderLock = try OutputFolderLock(directory: root)
        defer { folderLock.release() }

        let history = path("simulate/history.csv")
        let simulateArgs = [scenario, "--seed", String(seed), "--trials", String(trials), "--out", path("simulate"), "--quiet"]
        try stage(1, "simulate", simulateArgs) {
            let command = try SimulateCommand.parse(simulateArgs)
            try command.validate()
            try command.run()
        }

        let periods = try simulatedPeriods(path("simulate/summary.json"))
        let until = periods[max(0, periods.count - 1 - holdout)]
        let weights = path("calibrate/weights.json")
        try stage(2, "calibrate", ["--model", "vector", "--until", until]) {
            try FileManager.default.createDirectory(atPath: path("calibrate"), withIntermediateDirectories: true)
            _ = try CalibrateCommand.calibrate(history: history, model: .vector, until: until, out: weights, c: nil, quiet: true)
        }
        try stage(3, "backtest", ["--models", "vector,logistic,health", "--window", "expanding"]) {
            _ = try BacktestCommand.backtest(
                history: history, models: [.vector, .logistic, .health], window: .expanding, minTrainingPeriods: 2, c: nil,
                out: path("backtest"), quiet: true)
        }
        try stage(4, "score", ["--weights", weights]) {
            try FileManager.default.createDirectory(atPath: path("score"), withIntermediateDirectories: true)
            _ = try ScoreCommand.score(
                history: history, weightsPath: weights, period: nil, explain: false, grossMargin: 0.8,
                threads: ProcessInfo.processInfo.activeProcessorCount, out: path("score/scores.csv"), progress: false)
        }
        let catalogue = try resolveMilestones(root: root)
        let forecastArgs = [
            history, "--weights", weights, "--milestones", catalogue, "--quota", String(quota), "--trials", String(forecastTrials),
            "--seed", String(seed), "--out", path("forecast"), "--quiet",
        ]
        try stage(5, "forecast", forecastArgs) {
            let command = try ForecastCommand.parse(forecastArgs)
            _ = try command.execute()
        }
        let compareArgs = [
            history, "--weights", weights, "--milestones", catalogue, "--quota", String(quota), "--trials", String(forecastTrials),
            "--seed", String(seed), "--out", path("compare-forecasts"), "--quiet",
        ]
        try stage(6, "compare-forecasts", compareArgs) {
            let command = try CompareForecastsCommand.parse(compareArgs)
            _ = try command.execute()
        }
        let compArgs = planFiles + [
            "--history", history, "--milestones", catalogue, "--weights", weights, "--stress", scenario, "--trials",
            String(stressTrials), "--seed", String(seed), "--out", path("comp"), "--quiet",
        ]
        try stage(7, "comp (\(planFiles.count) plans, stress \(stressTrials) trials)", compArgs) {
            let command = try CompCommand.parse(compArgs)
            _ = try command.execute()
        }
        let reportPath = path("report.html")
        try stage(8, "report", [out, "--out", reportPath]) {
            let inputs = try ReportLoader.load(directory: out)
            try ReportCommand.write(inputs, to: reportPath)
        }

        let seconds = Date().timeIntervalSince(started)
        let record = Record(
            bearingVersion: BearingVersion.current, scenario: scenario, seed: seed, stages: stages,
            totalSeconds: (seconds * 1000).rounded() / 1000, report: reportPath)
        try AtomicOutput.write(try OutputDirectory.json(record), to: root.appendingPathComponent("workbench.json"))
        print("Workbench on \(scenario) (seed \(seed)) finished in \(String(format: "%.1f", seconds)) s:")
        let width = stages.map(\.name.count).max() ?? 0
        for s in stages {
            print("  " + s.name + String(repeating: " ", count: width - s.name.count) + String(format: " %6.1f s", s.seconds))
        }
        print("Report: \(reportPath)")
        print("Outputs: \(out)/{simulate,calibrate,backtest,score,forecast,compare-forecasts,comp}, timings in \(out)/workbench.json")
    }

    /// --plan files, else *.yaml in the `plans` folder beside the scenario (sorted).
    func resolvePlans() throws -> [String] {
        if !plans.isEmpty { return plans }
        let folder = URL(fileURLWithPath: scenario).deletingLastPathComponent().appendingPathComponent("plans")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        guard !files.isEmpty else {
            throw ValidationError("no compensation plans: give --plan FILE, or put plan YAML files in \(folder.path)")
        }
        return files.map { folder.appendingPathComponent($0).path }
    }

    /// --milestones, else milestones-<name>.yaml beside the scenario, else the scenario's
    /// milestones written to DIR/milestones.json.
    func resolveMilestones(root: URL) throws -> String {
        if let milestones { return milestones }
        let url = URL(fileURLWithPath: scenario)
        let name = url.deletingPathExtension().lastPathComponent
        let sibling = url.deletingLastPathComponent().appendingPathComponent("milestones-\(name).yaml")
        if FileManager.default.fileExists(atPath: sibling.path) { return sibling.path }
        let scenarioValue = try CompInputs.readScenario(path: scenario)
        let catalogue = CompInputs.catalogue(of: scenarioValue)
        let file = root.appendingPathComponent("milestones.json")
        try AtomicOutput.write(try OutputDirectory.json(catalogue), to: file)
        return file.path
    }

    /// Period labels of the simulation, from its summary.json.
    func simulatedPeriods(_ summary: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: summary),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let periods = object["periods"] as? [String], !periods.isEmpty
        else { throw CommandInputError(path: summary, message: "no periods in the simulation summary") }
        return periods
    }
}

/// A workbench stage failed: says which, with the stage's own error.
struct WorkbenchError: Error, CustomStringConvertible {
    var stage: String
    var underlying: any Error
    var description: String { "workbench stage '\(stage)' failed: \(underlying)" }
}
