import BearingContracts
import BearingPanel
import BearingSimulation
import Foundation

/// `simulate`: Monte Carlo trials of a scenario — trial 0's history panel, per-trial aggregates
/// and their distributions, written into an output folder as one group.
public enum SimulationStage {
    public struct Options: Sendable {
        public var seed: UInt64
        public var trials: Int
        public var threads: Int
        /// Run only this shard of the trials (and write `shard.json`).
        public var shard: Shard?
        /// Also write `latent.csv`, trial 0's hidden state row for row.
        public var latent: Bool
        /// Keep trial 0's panel in memory for later stages (the workbench).
        public var keepHistory: Bool

        public init(
            seed: UInt64, trials: Int, threads: Int = MonteCarloEngine.defaultThreads, shard: Shard? = nil, latent: Bool = false,
            keepHistory: Bool = false
        ) {
            self.seed = seed
            self.trials = trials
            self.threads = threads
            self.shard = shard
            self.latent = latent
            self.keepHistory = keepHistory
        }
    }

    public struct Output: Sendable {
        public var summary: SimulationSummary
        /// Trial 0's panel and the bytes' hash, with `keepHistory` (and when this shard holds trial 0).
        public var history: HistoryInput?
        /// Rows of `history.csv`, when this run wrote it.
        public var historyRows: Int?
        /// The files written, by name, in the order listed to the user.
        public var written: [String]
        public var text: String
    }

    /// Runs the simulation and commits every file into `out` together (nothing on error).
    public static func run(
        scenario: Scenario, scenarioPath: String, options: Options, out: String, progress: ProgressSink = .silent
    ) throws -> Output {
        let engine = try MonteCarloEngine(scenario: scenario, seed: options.seed)
        let range = options.shard?.trials(of: options.trials) ?? 0..<options.trials
        // Before anything is created: a run that cannot fit would die in an allocation midway.
        try engine.memoryEstimate(trials: range.count, threads: options.threads, history: range.contains(0)).check(
            advice: "Use fewer --trials (or split them over machines with --shard i/n), fewer --threads, or a smaller scenario.")
        try OutputFolder.create(out)
        let directory = URL(fileURLWithPath: out, isDirectory: true)
        // Held until every output is committed: a second run into `out` waits (see the type).
        let folderLock = try OutputFolderLock(directory: directory)
        defer { folderLock.release() }

        // Every file goes to a temporary first; all are committed together at the end.
        var historyWriter: HistoryCSVWriter?
        var latentWriter: LatentCSVWriter?
        var history: HistoryInput?
        if range.contains(0) {
            let writer = try HistoryCSVWriter(
                creating: directory.appendingPathComponent("history.csv"), featureNames: scenario.features.map(\.name),
                hasCSMColumn: true, hasMilestoneColumns: !scenario.milestones.isEmpty, hasContractColumns: engine.hasContracts)
            historyWriter = writer
            if options.latent {
                latentWriter = try LatentCSVWriter(
                    creating: directory.appendingPathComponent(LatentCSVWriter.fileName),
                    withContracts: engine.hasContracts || engine.hasNewLogos, periodLabels: scenario.periods.all.map(\.label))
            }
            if options.keepHistory {
                // One chunk of every customer: the same rows, in the same order, as the streamed
                // chunks. Later stages get the panel read back from the file's bytes, so they see
                // exactly what a command reading history.csv sees (ids interned in file order).
                let generated = engine.historyPanel(trial: 0).panel
                try writer.append(generated)
                let bytes = HistoryCSVWriter.encode(generated)
                let path = directory.appendingPathComponent("history.csv").path
                history = HistoryInput(
                    panel: try HistoryCSVReader.read(bytes: bytes, fileName: path), path: path, sha256: FileDigest.sha256(bytes))
            } else {
                try engine.history(trial: 0, threads: options.threads) { chunk in
                    try writer.append(chunk.panel)
                    try latentWriter?.append(chunk)
                    progress.fraction("history.csv", chunk.customers.upperBound, engine.customerCount(trial: 0))
                }
            }
        }
        let results = engine.run(trials: range, threads: options.threads) { done, total in
            progress.fraction("trials", done, total)
        }
        let table = TrialsTable(segmentNames: scenario.segments.map(\.name))
        let summary = SimulationSummary(scenario: scenario, seed: options.seed, trials: results)
        var files = [
            OutputFile(name: TrialsTable.fileName, bytes: table.render(results)),
            try OutputFile.json(SimulationSummary.fileName, summary),
        ]
        // New-logo cohorts of trial 0 (the history's), in the form `bearing retention` reads.
        if engine.hasNewLogos, let trial0 = results.first(where: { $0.trial == 0 }) {
            files.append(
                OutputFile(
                    name: CohortsTable.fileName,
                    bytes: CohortsTable.render(trial0.acquisitions, periodLabels: scenario.periods.all.map(\.label))))
        }
        if let shard = options.shard {
            let manifest = try ShardManifest(
                scenario: scenario, seed: options.seed, trials: options.trials, shard: shard, latent: options.latent)
            files.append(try OutputFile.json(ShardManifest.fileName, manifest))
        }
        var outputs: [AtomicOutput] = []
        for file in files {
            let output = try AtomicOutput(destination: directory.appendingPathComponent(file.name))
            outputs.append(output)
            try output.write(file.bytes)
        }
        if let latentWriter { outputs.append(try latentWriter.finishWriting()) }
        // Every file of the run is committed as one group (an interrupt finds all or none moved).
        if let historyWriter {
            try historyWriter.finish(committingWith: outputs)
        } else {
            try AtomicOutput.commitAll(outputs)
        }
        if options.shard == nil {
            // A shard.json left by an earlier sharded run into this folder no longer describes it.
            unlink(directory.appendingPathComponent(ShardManifest.fileName).path)
        }
        let written =
            (historyWriter != nil ? ["history.csv"] : []) + (latentWriter != nil ? [LatentCSVWriter.fileName] : [])
            + files.map(\.name)
        return Output(
            summary: summary, history: history, historyRows: historyWriter?.rowsWritten, written: written,
            text: render(summary: summary, scenario: scenario, customers: engine.customerCount, rows: historyWriter?.rowsWritten))
    }

    /// Median [P5, P95] over trials per cohort and the roll-up.
    public static func render(summary: SimulationSummary, scenario: Scenario, customers: Int, rows: Int?) -> String {
        var lines = [
            "\(scenario.name): \(summary.trials) trial(s), \(customers) customers x \(scenario.periods.count) periods"
                + " (\(summary.periods.first ?? "")...\(summary.periods.last ?? ""))" + (rows.map { "; history.csv \($0) rows" } ?? ""),
            "window: all periods; cohorts: fit x true latent category at the start; median [P5, P95] over trials",
            "",
        ]
        func cell(_ d: SimulationSummary.Distribution?) -> String {
            guard let d, let p50 = d.p50, let p5 = d.p5, let p95 = d.p95 else { return "-" }
            return String(format: "%5.1f%% [%5.1f, %5.1f]", p50 * 100, p5 * 100, p95 * 100)
        }
        var rowsOut: [[String]] = []
        for group in summary.groups where group.segment == nil || group.cohort == nil {
            let n = group.metrics["start_customers"]?.p50.map { String(Int($0)) } ?? "-"
            rowsOut.append([group.group, n, cell(group.metrics["nrr"]), cell(group.metrics["grr"]), cell(group.metrics["logo_retention"])])
        }
        lines.append(TextTable.render(["group", "customers", "NRR", "GRR", "logo retention"], rowsOut))
        return lines.joined(separator: "\n")
    }
}
