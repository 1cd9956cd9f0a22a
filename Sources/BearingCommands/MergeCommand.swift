import ArgumentParser
import BearingPanel
import BearingSimulation
import Foundation
import _BearingText

/// `bearing merge`: combines `simulate --shard i/n` outputs into what one unsharded run writes.
public struct MergeCommand: ParsableCommand {
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

    @Option(help: "Output directory (created if missing).")
    public var out: String

    @Flag(help: "No summary line on stdout.")
    public var quiet = false

    public init() {}

    public func validate() throws {
        guard !shardDirectories.isEmpty else { throw ValidationError("give at least one shard directory") }
    }

    public func run() throws {
        let shards = try shardDirectories.map { directory in
            (directory: directory, manifest: try Self.manifest(in: directory))
        }
        let ordered = try Self.checkComplete(shards)
        let first = ordered[0].manifest
        let table = TrialsTable(segmentNames: first.segments)

        var csv = table.header + "\n"
        var trials: [TrialAggregates] = []
        trials.reserveCapacity(first.trials)
        for (directory, manifest) in ordered {
            let path = Self.file(directory, "trials.csv").path
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw MergeError("\(path): cannot read (\(error.localizedDescription))")
            }
            let rows: [TrialAggregates]
            do {
                rows = try table.parse(text, file: path)
            } catch {
                throw MergeError(error.description)
            }
            let found = rows.map(\.trial)
            guard found == Array(manifest.firstTrial..<manifest.endTrial) else {
                throw MergeError(
                    "\(path): expected trials \(manifest.firstTrial)..<\(manifest.endTrial) of shard \(manifest.shardIndex)/\(manifest.shardCount)"
                        + " in order, found \(found.count) row(s)" + (found.first.map { " (\($0)...\(found[found.count - 1]))" } ?? ""))
            }
            // Rows are copied verbatim: they are exactly what the unsharded run writes.
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
            if lines.last?.isEmpty == true { lines.removeLast() }
            for line in lines { csv += line + "\n" }
            trials += rows
        }

        guard let holder = ordered.first(where: { $0.manifest.hasHistory }) else {
            throw MergeError("no shard holds trial 0 (its shard.json has has_history: true); history.csv cannot be merged")
        }
        let historySource = Self.file(holder.directory, "history.csv")

        let summary = SimulationSummary(
            scenarioName: first.scenario, periods: first.periods, segmentNames: first.segments,
            stretchCountsAsGood: first.stretchCountsAsGood, seed: first.seed, trials: trials)
        let json = try SimulateCommand.encode(summary)

        let directory = URL(fileURLWithPath: out, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw MergeError("cannot create output directory \(out): \(error.localizedDescription)")
        }
        let folderLock = try OutputFolderLock(directory: directory)
        defer { folderLock.release() }
        let history = try AtomicOutput(destination: directory.appendingPathComponent("history.csv"))
        let trialsFile = try AtomicOutput(destination: directory.appendingPathComponent("trials.csv"))
        let summaryFile = try AtomicOutput(destination: directory.appendingPathComponent("summary.json"))
        try Self.copy(historySource, to: history)
        try trialsFile.write(csv)
        try summaryFile.write(json)
        var outputs = [history, trialsFile, summaryFile]
        if holder.manifest.hasLatent {
            let latent = try AtomicOutput(destination: directory.appendingPathComponent("latent.csv"))
            try Self.copy(Self.file(holder.directory, "latent.csv"), to: latent)
            outputs.append(latent)
        }
        try AtomicOutput.commitAll(outputs)
        if !quiet {
            print(
                "merged \(ordered.count) shard(s), \(trials.count) trial(s) of \(first.scenario) (seed \(first.seed)) into \(out)/history.csv, "
                    + (holder.manifest.hasLatent ? "latent.csv, " : "") + "trials.csv, summary.json")
        }
    }

    static func file(_ directory: String, _ name: String) -> URL {
        URL(fileURLWithPath: directory, isDirectory: true).appendingPathComponent(name)
    }

    static func manifest(in directory: String) throws -> ShardManifest {
        let url = file(directory, ShardManifest.fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw MergeError("\(url.path): not found; \(directory) is not the output of `bearing simulate --shard i/n`")
        }
        let manifest: ShardManifest
        do {
            manifest = try JSONDecoder().decode(ShardManifest.self, from: data)
        } catch {
            throw MergeError("\(url.path): not a shard manifest (\(error))")
        }
        guard manifest.format == ShardManifest.currentFormat else {
            throw MergeError("\(url.path): format '\(manifest.format)', expected '\(ShardManifest.currentFormat)'")
        }
        let expected = SimulateCommand.Shard(index: manifest.shardIndex, count: manifest.shardCount)?.trials(of: manifest.trials)
        guard let expected, expected == manifest.firstTrial..<manifest.endTrial else {
            throw MergeError(
                "\(url.path): shard \(manifest.shardIndex)/\(manifest.shardCount) of \(manifest.trials) trials"
                    + " does not match its trial range \(manifest.firstTrial)..<\(manifest.endTrial)")
        }
        return manifest
    }

    /// Checks that the shards are all n shards of one run, each once; returns them by index.
    static func checkComplete(_ shards: [(directory: String, manifest: ShardManifest)]) throws -> [(directory: String, manifest: ShardManifest)] {
        let first = shards[0]
        for shard in shards.dropFirst() {
            for ((name, a), (_, b)) in zip(first.manifest.runIdentity, shard.manifest.runIdentity) where a != b {
                throw MergeError(
                    "shards are from different runs: \(first.directory) has \(name) \(a), \(shard.directory) has \(name) \(b)")
            }
        }
        var byIndex: [Int: String] = [:]
        for shard in shards {
            if let other = byIndex[shard.manifest.shardIndex] {
                throw MergeError(
                    "duplicate shard \(shard.manifest.shardIndex)/\(shard.manifest.shardCount): \(other) and \(shard.directory)")
            }
            byIndex[shard.manifest.shardIndex] = shard.directory
        }
        let n = first.manifest.shardCount
        let missing = (1...n).filter { byIndex[$0] == nil }
        guard missing.isEmpty else {
            throw MergeError(
                "missing shard(s) " + missing.map { "\($0)/\(n)" }.joined(separator: ", ")
                    + " of seed \(first.manifest.seed), \(first.manifest.trials) trials; got \(shards.count) of \(n)")
        }
        return shards.sorted { $0.manifest.shardIndex < $1.manifest.shardIndex }
    }

    /// Streams `source` into `output` (history.csv can be many GiB).
    static func copy(_ source: URL, to output: AtomicOutput) throws {
        guard let handle = FileHandle(forReadingAtPath: source.path) else {
            throw MergeError("\(source.path): not found, but its shard.json says this shard wrote it (it holds trial 0)")
        }
        defer { try? handle.close() }
        while true {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: 1 << 22)
            } catch {
                throw MergeError("\(source.path): cannot read (\(error.localizedDescription))")
            }
            guard let chunk, !chunk.isEmpty else { break }
            try output.write([UInt8](chunk))
        }
    }
}

/// Shards that cannot be merged: the message names the directory or file and what is wrong.
public struct MergeError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { DisplayEscaping.escaped(message, limit: 2000) }
}

extension SimulateCommand.Shard {
    /// Shard `index` of `count`, or nil unless 1 <= index <= count.
    public init?(index: Int, count: Int) {
        guard count >= 1, (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }
}
