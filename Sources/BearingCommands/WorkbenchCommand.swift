import ArgumentParser
import BearingPipeline

/// `bearing workbench SCENARIO --out DIR`: the whole loop on one scenario, in process.
public struct WorkbenchCommand: TextCommand {
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

    @OptionGroup var output: OutputFolderOption

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

    @OptionGroup var threads: ThreadsOption

    @OptionGroup var quiet: QuietFlag

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

    func execute() throws -> String {
        var options = Workbench.Options()
        options.seed = seed
        options.trials = trials
        options.stressTrials = stressTrials
        options.forecastTrials = forecastTrials
        options.quota = quota
        options.holdout = holdout
        options.plans = plans
        options.milestones = milestones
        options.threads = threads.count
        let progress = quiet.reporter
        let result = try Workbench.run(scenarioPath: scenario, options: options, out: output.out, progress: progress.sink)
        return result.text
    }
}
