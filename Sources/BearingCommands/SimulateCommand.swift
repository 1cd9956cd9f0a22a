import ArgumentParser
import BearingContracts
import BearingPipeline

/// `bearing simulate`: Monte Carlo trials of a scenario.
public struct SimulateCommand: TextCommand {
    public static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate a customer base from a scenario file: history panel, per-trial retention, distributions.",
        discussion: """
            Writes, only when everything succeeded (nothing partial on error):
              DIR/history.csv   trial 0's panel, one row per customer per period
                                (written by the shard that holds trial 0)
              DIR/trials.csv    one row per trial: NRR, GRR, logo retention,
                                churned / expansion / contraction ARR per
                                cohort, per segment and rolled up
              DIR/summary.json  P5 / P50 / P95 and mean of each metric
              DIR/latent.csv    with --latent: trial 0's hidden state, row for row
                                with history.csv (same customers, periods, order):
                                customer_id, period, latent_direction,
                                latent_experience, dark (0/1), true_category,
                                churn_probability (the probability the row's churn
                                was drawn with, after shocks). Ground truth for
                                checks such as the oracle AUC; written only by the
                                shard that holds trial 0, like history.csv

            Output is byte-identical for a scenario and seed whatever --threads
            is; a shard writes exactly the trials.csv rows of its trials, plus
            DIR/shard.json (scenario hash, seed, shard i/n, trial range) so that
            `bearing merge` can combine shards into the unsharded output.

            Example:
              bearing simulate Scenarios/saas-agency.yaml --seed 42 --trials 200 --out out
              bearing simulate Scenarios/known-link.yaml --seed 7 --trials 1 --latent \\
                --out kl
            """)

    @Argument(help: "Scenario file (YAML, or JSON with a .json extension).")
    public var scenario: String

    @Option(help: "Seed of every random stream.")
    public var seed: UInt64

    @Option(help: "Number of Monte Carlo trials (trial 0 is the one written to history.csv).")
    public var trials: Int

    @OptionGroup var output: OutputFolderOption

    @OptionGroup var threads: ThreadsOption

    @Option(help: "Run only shard i of n (1-based, e.g. 2/4): a contiguous block of the trials.")
    public var shard: Shard?

    @Flag(help: "Also write DIR/latent.csv: trial 0's latent state and true churn probability per history.csv row.")
    public var latent = false

    @OptionGroup var quiet: QuietFlag

    public init() {}

    public func validate() throws {
        guard trials >= 1, trials <= Int(UInt32.max) else {
            throw ValidationError("--trials must be between 1 and \(UInt32.max), found \(trials)")
        }
    }

    func execute() throws -> String {
        let progress = quiet.reporter
        let scenarioValue = try ConfigFiles.scenario(scenario)
        let result = try SimulationStage.run(
            scenario: scenarioValue, scenarioPath: scenario,
            options: .init(seed: seed, trials: trials, threads: threads.count, shard: shard, latent: latent),
            out: output.out, progress: progress.sink)
        progress.clearLine()
        guard !quiet.quiet else { return "" }
        return result.text + "\n" + "wrote \(output.out)/" + result.written.joined(separator: ", ") + "\n"
    }
}
