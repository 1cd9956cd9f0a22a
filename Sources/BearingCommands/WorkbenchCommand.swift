import ArgumentParser
import BearingPipeline

/// `bearing workbench SCENARIO --out DIR` or `bearing workbench --history HISTORY --out DIR`:
/// the whole loop, in process.
public struct WorkbenchCommand: TextCommand {
    public static let configuration = CommandConfiguration(
        commandName: "workbench",
        abstract: "Run the whole loop on a scenario or on your own history, and write the report.",
        discussion: """
            On a scenario: simulate, calibrate, backtest, score, forecast, compare forecasts, \
            replay and stress-test the plans, report. Plans: --plan/--plans files, else every \
            *.yaml in the `plans` folder next to the scenario. Milestones: --milestones, else \
            milestones-<scenario name>.yaml next to it, else the scenario's own milestones.

            On your history (--history): data-quality checks, a scenario fitted to the \
            history (fit/scenario.yaml, with the fitted-vs-history table), calibrate, \
            backtest, score; forecast and compare forecasts with --milestones; replay the \
            plans with --plans and stress-test them on the fitted scenario (with --shock). \
            Stages whose inputs are missing are skipped and the report says how to add them.

            Writes under DIR: simulate/ or quality/ and fit/, calibrate/weights.json, \
            backtest/backtest.json, score/ (scores.csv, scores.summary.json), forecast/, \
            compare-forecasts/, comp/ (payouts, components, comparison, stress), report.html \
            and workbench.json (the stages run, their arguments and timings). The files are \
            the same bytes the commands write when run one by one.

            Examples:
              bearing workbench Scenarios/saas-agency.yaml --out out --seed 42
              bearing workbench --history history.csv --plans Scenarios/plans/*.yaml \\
                --milestones Scenarios/milestones-saas-agency.yaml --out own
            """)

    @Argument(help: "Scenario file (YAML or JSON); or give --history instead.")
    var scenario: String?

    @Option(help: "Your own history panel CSV: the loop on it, with a scenario fitted to it for the stress test.")
    var history: String?

    @OptionGroup var output: OutputFolderOption

    @Option(help: "Seed of the simulation, forecasts and stress test.")
    var seed: UInt64 = 42

    @Option(help: "Monte Carlo trials of the simulation (trial 0 is the history every later stage uses).")
    var trials: Int = 200

    @Option(help: "Simulated histories the compensation plans are stress-tested on.")
    var stressTrials: Int = 100

    @Option(help: "Monte Carlo trials of the expansion forecasts.")
    var forecastTrials: Int = 1000

    @OptionGroup var quota: QuotaOption

    @Option(help: "Periods at the end kept out of calibration (scored out of time in the report).")
    var holdout: Int = 2

    @Option(name: .customLong("plan"), help: "A compensation plan file (repeat for several; default: the plans folder next to the scenario).")
    var plan: [String] = []

    @Option(parsing: .upToNextOption, help: "Compensation plan files (several after one --plans).")
    var plans: [String] = []

    @Option(
        help: ArgumentHelp(
            "A shock on the fitted scenario's stress test, e.g. \"churn x1.5 in 2026-Q3\" (with --history; repeatable).", valueName: "text"))
    var shock: [String] = []

    @Option(help: "Milestone catalogue for the forecasts (default: see above).")
    var milestones: String?

    @OptionGroup var threads: ThreadsOption

    @OptionGroup var quiet: QuietFlag

    public init() {}

    public func validate() throws {
        guard (scenario == nil) != (history == nil) else {
            throw ValidationError("give a scenario file (the loop on a simulated history) or --history HISTORY (on your own), not both")
        }
        if scenario != nil, !shock.isEmpty { throw ValidationError("--shock goes with --history (a scenario file has its own shocks)") }
        guard (1...1_000_000).contains(trials) else { throw ValidationError("--trials must be between 1 and 1000000, got \(trials)") }
        guard (1...1_000_000).contains(stressTrials) else {
            throw ValidationError("--stress-trials must be between 1 and 1000000, got \(stressTrials)")
        }
        guard (1...1_000_000).contains(forecastTrials) else {
            throw ValidationError("--forecast-trials must be between 1 and 1000000, got \(forecastTrials)")
        }
        guard holdout >= 0 else { throw ValidationError("--holdout must be 0 or more, got \(holdout)") }
    }

    func execute() throws -> String {
        var options = Workbench.Options()
        options.seed = seed
        options.trials = trials
        options.stressTrials = stressTrials
        options.forecastTrials = forecastTrials
        options.quota = try quota.plan()
        options.quotaArgument = quota.quota?.text
        options.holdout = holdout
        options.plans = plan + plans
        options.shocks = shock
        options.milestones = milestones
        options.threads = threads.count
        let progress = quiet.reporter
        let result =
            if let history {
                try Workbench.run(historyPath: history, options: options, out: output.out, progress: progress.sink)
            } else {
                try Workbench.run(scenarioPath: scenario ?? "", options: options, out: output.out, progress: progress.sink)
            }
        return result.text
    }
}
