import ArgumentParser
import BearingFiles
import BearingPanel
import BearingSimulation
import Foundation

/// `bearing simulate`: Monte Carlo trials of a scenario.
public struct SimulateCommand: ParsableCommand {
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

    @Option(help: "Output directory (created if missing).")
    public var out: String

    @Option(help: "Worker threads (default: all processors). Does not change the output.")
    public var threads: Int?

    @Option(help: "Run only shard i of n (1-based, e.g. 2/4): a contiguous block of the trials.")
    public var shard: Shard?

    @Flag(help: "Also write DIR/latent.csv: trial 0's latent state and true churn probability per history.csv row.")
    public var latent = false

    @Flag(help: "No progress on stderr.")
    public var quiet = false

    public init() {}

    /// `i/n`, 1 <= i <= n.
    public struct Shard: ExpressibleByArgument, Sendable, Hashable {
        public var index: Int
        public var count: Int

        public init?(argument: String) {
            let parts = argument.split(separator: "/")
            guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else { return nil }
            index = i
            count = n
        }

        /// Shard i of n runs trials [(i-1)·T/n, i·T/n).
        public func trials(of total: Int) -> Range<Int> {
            ((index - 1) * total / count)..<(index * total / count)
        }
    }

    public func validate() throws {
        guard trials >= 1, trials <= Int(UInt32.max) else {
            throw ValidationError("--trials must be between 1 and \(UInt32.max), found \(trials)")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, found \(threads)") }
    }

    public func run() throws {
        let scenario = try ConfigDecoder().decode(Scenario.self, fromFile: self.scenario)
        let engine: MonteCarloEngine
        do {
            engine = try MonteCarloEngine(scenario: scenario, seed: seed)
        } catch {
            throw ValidationError("\(self.scenario): \(error)")
        }
        let threads = self.threads ?? MonteCarloEngine.defaultThreads
        let range = shard?.trials(of: trials) ?? 0..<trials
        // Before anything is created: a run that cannot fit would die in an allocation midway.
        try engine.memoryEstimate(trials: range.count, threads: threads, history: range.contains(0)).check(
            advice: "Use fewer --trials (or split them over machines with --shard i/n), fewer --threads, or a smaller scenario.")
        let directory = URL(fileURLWithPath: out, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ValidationError("cannot create output directory \(out): \(error.localizedDescription)")
        }
        // Held until every output is committed: a second run into `out` waits (see the type).
        let folderLock = try OutputFolderLock(directory: directory)
        defer { folderLock.release() }
        let progress = ProgressLine(enabled: !quiet && isatty(STDERR_FILENO) != 0)

        // Every file goes to a temporary first; all are committed together at the end.
        var history: HistoryCSVWriter?
        var latentFile: LatentCSVWriter?
        if range.contains(0) {
            history = try HistoryCSVWriter(
                creating: directory.appendingPathComponent("history.csv"),
                featureNames: scenario.features.map(\.name), hasCSMColumn: true,
                hasMilestoneColumns: !scenario.milestones.isEmpty)
            if latent {
                latentFile = try LatentCSVWriter(creating: directory.appendingPathComponent("latent.csv"))
            }
            try engine.history(trial: 0, threads: threads) { chunk in
                try history?.append(chunk.panel)
                try latentFile?.append(chunk)
                progress.show("history.csv", done: chunk.customers.upperBound, of: engine.customerCount)
            }
        }
        let results = engine.run(trials: range, threads: threads) { done, total in
            progress.show("trials", done: done, of: total)
        }
        progress.finish()

        let table = TrialsTable(segmentNames: scenario.segments.map(\.name))
        var csv = table.header + "\n"
        for t in results { csv += table.row(t) + "\n" }
        let summary = SimulationSummary(scenario: scenario, seed: seed, trials: results)
        let json = try Self.encode(summary)
        let manifest = try shard.map { try ShardManifest(scenario: scenario, seed: seed, trials: trials, shard: $0, latent: latent).encoded() }

        let trialsFile = try AtomicOutput(destination: directory.appendingPathComponent("trials.csv"))
        let summaryFile = try AtomicOutput(destination: directory.appendingPathComponent("summary.json"))
        let manifestFile = try manifest.map { _ in try AtomicOutput(destination: directory.appendingPathComponent(ShardManifest.fileName)) }
        try trialsFile.write(csv)
        try summaryFile.write(json)
        if let manifest { try manifestFile?.write(manifest) }
        // Every file of the run is committed as one group (an interrupt finds all or none moved).
        var outputs = [trialsFile, summaryFile] + (manifestFile.map { [$0] } ?? [])
        if let latentFile { outputs.append(try latentFile.finishWriting()) }
        if let history {
            try history.finish(committingWith: outputs)
        } else {
            try AtomicOutput.commitAll(outputs)
        }
        if shard == nil {
            // A shard.json left by an earlier sharded run into this directory no longer describes it.
            unlink(directory.appendingPathComponent(ShardManifest.fileName).path)
        }

        if !quiet {
            print(Self.report(summary: summary, scenario: scenario, customers: engine.customerCount, rows: history?.rowsWritten))
            print(
                "wrote \(out)/" + (history != nil ? "history.csv, " : "") + (latentFile != nil ? "latent.csv, " : "")
                    + "trials.csv, summary.json")
        }
    }

    /// `summary.json`'s bytes: sorted keys, pretty-printed, a final line break.
    static func encode(_ summary: SimulationSummary) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return Array(try encoder.encode(summary)) + [UInt8(ascii: "\n")]
    }

    /// The human-readable table: median [P5, P95] over trials per cohort and the roll-up.
    static func report(summary: SimulationSummary, scenario: Scenario, customers: Int, rows: Int?) -> String {
        var lines = [
            "\(scenario.name): \(summary.trials) trial(s), \(customers) customers x \(scenario.periods.count) periods"
                + " (\(summary.periods.first ?? "")...\(summary.periods.last ?? ""))"
                + (rows.map { "; history.csv \($0) rows" } ?? ""),
            "window: all periods; cohorts: fit x true latent category at the start; median [P5, P95] over trials",
            "",
            "group".padding(toLength: 28, withPad: " ", startingAt: 0)
                + "customers    NRR                  GRR                  logo retention",
        ]
        func cell(_ d: SimulationSummary.Distribution?) -> String {
            guard let d, let p50 = d.p50, let p5 = d.p5, let p95 = d.p95 else { return "-".padding(toLength: 21, withPad: " ", startingAt: 0) }
            return String(format: "%5.1f%% [%5.1f, %5.1f]", p50 * 100, p5 * 100, p95 * 100).padding(toLength: 21, withPad: " ", startingAt: 0)
        }
        for group in summary.groups where group.segment == nil || group.cohort == nil {
            let n = group.metrics["start_customers"]?.p50.map { String(Int($0)) } ?? "-"
            lines.append(
                group.group.padding(toLength: 28, withPad: " ", startingAt: 0) + n.padding(toLength: 13, withPad: " ", startingAt: 0)
                    + cell(group.metrics["nrr"]) + cell(group.metrics["grr"]) + cell(group.metrics["logo_retention"]))
        }
        return lines.joined(separator: "\n")
    }
}

/// One self-overwriting progress line on stderr, when it is a terminal.
final class ProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var lastShown = ""

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ stage: String, done: Int, of total: Int) {
        guard enabled, total > 0 else { return }
        let text = "\(stage): \(done * 100 / total)%"
        lock.lock()
        defer { lock.unlock() }
        guard text != lastShown else { return }
        lastShown = text
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    func finish() {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        if !lastShown.isEmpty { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
