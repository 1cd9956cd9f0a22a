import ArgumentParser
import BearingContracts
import BearingForecast
import BearingPanel
import BearingPipeline
import Foundation

/// `bearing comp`: replays CSM compensation plans side by side over past quarters and over
/// Monte Carlo stress scenarios.
public struct CompCommand: TextCommand {
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
                --from 2024-Q3 --to 2026-Q2 --stress Scenarios/saas-agency.yaml \\
                --trials 1000 --out comp
            """)

    @Argument(help: "Plan files (YAML), compared side by side; the first is the baseline for gains and losses.")
    var plans: [String]

    @Option(help: "History panel CSV to replay the plans on.")
    var history: String?

    @Option(help: "First period to pay, e.g. 2024-Q1 (default: the first in the data).")
    var from: String?

    @Option(help: "Last period to pay, e.g. 2025-Q4 (default: the last in the data).")
    var to: String?

    @Option(help: "Scenario file: price the plans on this many simulated histories (see --trials).")
    var stress: String?

    @Option(help: ArgumentHelp("A shock layered on the --stress scenario, e.g. \"churn x1.5 in 2025-Q2\" (repeatable).", valueName: "text"))
    var shock: [String] = []

    @Option(help: "A file of shocks for --stress, one per line (# comments).")
    var shocks: String?

    @Option(help: "Monte Carlo trials for --stress.")
    var trials: Int = 1000

    @Option(help: "Random seed for --stress.")
    var seed: UInt64 = 1

    @OptionGroup var threads: ThreadsOption

    @Option(help: "Milestone catalogue (YAML or JSON) for the vector forecast on --history (--stress uses the scenario's milestones).")
    var milestones: String?

    @Option(help: "Calibrated weights JSON for vector categories (default: the documented default weights).")
    var weights: String?

    @Option(help: "Prior strength of the vector forecast's Beta-Binomial shrinkage, in customers.")
    var kappa: Double = ForecastRates.defaultStrength

    @OptionGroup var output: OutputFolderOption

    @OptionGroup var quiet: QuietFlag

    public init() {}

    public func validate() throws {
        guard !plans.isEmpty else { throw ValidationError("give at least one plan file") }
        guard history != nil || stress != nil else {
            throw ValidationError("give --history HISTORY to replay the plans, --stress SCENARIO to stress-test them, or both")
        }
        guard (1...1_000_000).contains(trials) else { throw ValidationError("--trials must be between 1 and 1000000, got \(trials)") }
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

    func execute() throws -> String {
        let progress = quiet.reporter
        let planFiles = try plans.map { CompStage.PlanFile(path: $0, plan: try ConfigFiles.plan($0)) }
        let weightsValue = try weights.map(ConfigFiles.weights)
        let fromPeriod = from.flatMap { Period(label: $0) }
        let toPeriod = to.flatMap { Period(label: $0) }
        var files: [OutputFile] = []
        var text = ""
        var replayed: HistoryInput?
        if let history {
            var forecast: ForecastInputs?
            if planFiles.contains(where: \.usesVectorForecast) {
                guard let milestones else {
                    throw ValidationError("a plan pays on vector_forecast_attainment: give --milestones for the vector forecast")
                }
                let catalogue = try ConfigFiles.milestones(milestones)
                progress.note("reading \(history)")
                forecast = try ForecastInputs(
                    history: try HistoryInput.read(history), weights: weightsValue, weightsPath: weights, catalogue: catalogue,
                    threads: threads.count, progress: progress.sink)
            }
            let input = try forecast?.history ?? HistoryInput.read(history)
            replayed = input
            let replay = try CompStage.replay(
                plans: planFiles, history: input, forecast: forecast, kappa: kappa, from: fromPeriod, to: toPeriod,
                progress: progress.sink)
            files += replay.files
            text += replay.text
        }
        if let stress {
            let scenario = try ConfigFiles.scenario(stress)
            let shockTexts = try shock + (shocks.map(FitScenarioStage.shockTexts(file:)) ?? [])
            let result = try CompStage.stress(
                plans: planFiles, scenario: scenario, scenarioPath: stress, seed: seed, trials: trials, threads: threads.count,
                weights: weightsValue, kappa: kappa, from: fromPeriod, to: toPeriod, shocks: shockTexts, history: replayed,
                progress: progress.sink)
            if !quiet.quiet {
                for warning in result.document.bookCheck?.warnings ?? [] {
                    FileHandle.standardError.write(Data("bearing: warning: \(warning)\n".utf8))
                }
            }
            progress.clearLine()
            files += result.files
            text += (text.isEmpty ? "" : "\n") + result.text
        }
        try OutputFolder.write(files, into: output.out)
        return text
    }
}
