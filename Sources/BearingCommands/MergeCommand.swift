import ArgumentParser
import BearingPipeline

/// `bearing merge`: combines `simulate --shard i/n` outputs into what one unsharded run writes.
public struct MergeCommand: TextCommand {
    public static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the outputs of `simulate --shard i/n` into the unsharded run's output, byte for byte.",
        discussion: """
            Each SHARD_DIR holds one shard's trials.csv, summary.json and shard.json
            (and history.csv for the shard that holds trial 0). All n shards of one
            run (same scenario, seed, --trials and n) must be given, each once, in
            any order. Writes, only when every check passed (nothing partial on error):
              DIR/history.csv   copied from the shard that holds trial 0
              DIR/latent.csv    likewise, when that shard ran with --latent
              DIR/trials.csv    every shard's rows, in trial order
              DIR/summary.json  recomputed from all trials

            Example:
              bearing simulate s.yaml --seed 7 --trials 300 --shard 1/3 --out part1
              bearing simulate s.yaml --seed 7 --trials 300 --shard 2/3 --out part2
              bearing simulate s.yaml --seed 7 --trials 300 --shard 3/3 --out part3
              bearing merge part1 part2 part3 --out merged
            """)

    @Argument(help: "Shard output directories (one per shard, any order).")
    public var shardDirectories: [String] = []

    @OptionGroup var output: OutputFolderOption

    @Flag(help: "No summary line on stdout.")
    public var quiet = false

    public init() {}

    public func validate() throws {
        guard !shardDirectories.isEmpty else { throw ValidationError("give at least one shard directory") }
    }

    func execute() throws -> String {
        let line = try MergeStage.run(shardDirectories: shardDirectories, out: output.out)
        return quiet ? "" : line + "\n"
    }
}
