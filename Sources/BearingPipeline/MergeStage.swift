import BearingContracts
import BearingPanel
import BearingSimulation
import Foundation

/// `merge`: combines the outputs of `simulate --shard i/n` into exactly what one unsharded run
/// writes.
public enum MergeStage {
    /// Checks the shards, then writes `history.csv` (and `latent.csv`), `trials.csv` and
    /// `summary.json` into `out` as one group; returns the line to print.
    public static func run(shardDirectories: [String], out: String) throws -> String {
        let shards = try shardDirectories.map { directory in
            (directory: directory, manifest: try manifest(in: directory))
        }
        let ordered = try checkComplete(shards)
        let first = ordered[0].manifest
        let table = TrialsTable(segmentNames: first.segments)
        var trials: [TrialAggregates] = []
        trials.reserveCapacity(first.trials)
        var rows: [UInt8] = []
        for (directory, manifest) in ordered {
            let path = file(directory, TrialsTable.fileName).path
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw ContractError(path: path, message: "cannot read (\(error.localizedDescription))")
            }
            let parsed: [TrialAggregates]
            do {
                parsed = try table.parse(text, file: path)
            } catch {
                throw ContractError(path: "", message: error.description)
            }
            let found = parsed.map(\.trial)
            guard found == Array(manifest.firstTrial..<manifest.endTrial) else {
                throw ContractError(
                    path: path,
                    message: "expected trials \(manifest.firstTrial)..<\(manifest.endTrial) of shard \(manifest.shardIndex)/\(manifest.shardCount)"
                        + " in order, found \(found.count) row(s)" + (found.first.map { " (\($0)...\(found[found.count - 1]))" } ?? ""))
            }
            // Rows are copied verbatim: they are exactly what the unsharded run writes.
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
            if lines.last?.isEmpty == true { lines.removeLast() }
            for line in lines { rows += Array(line.utf8) + [10] }
            trials += parsed
        }
        guard let holder = ordered.first(where: { $0.manifest.hasHistory }) else {
            throw ContractError(
                path: "", message: "no shard holds trial 0 (its shard.json has has_history: true); history.csv cannot be merged")
        }
        let summary = SimulationSummary(
            scenarioName: first.scenario, periods: first.periods, segmentNames: first.segments,
            stretchCountsAsGood: first.stretchCountsAsGood, seed: first.seed, trials: trials)

        try OutputFolder.create(out)
        let directory = URL(fileURLWithPath: out, isDirectory: true)
        let folderLock = try OutputFolderLock(directory: directory)
        defer { folderLock.release() }
        var copies = ["history.csv"]
        if holder.manifest.hasLatent { copies.append(LatentCSVWriter.fileName) }
        // Trial 0's acquisition cohorts, when the scenario has new logos.
        if FileManager.default.fileExists(atPath: file(holder.directory, CohortsTable.fileName).path) {
            copies.append(CohortsTable.fileName)
        }
        var outputs: [AtomicOutput] = []
        for name in copies {
            let output = try AtomicOutput(destination: directory.appendingPathComponent(name))
            outputs.append(output)
            try copy(file(holder.directory, name), to: output)
        }
        for item in [
            OutputFile(name: TrialsTable.fileName, bytes: Array((table.header + "\n").utf8) + rows),
            try OutputFile.json(SimulationSummary.fileName, summary),
        ] {
            let output = try AtomicOutput(destination: directory.appendingPathComponent(item.name))
            outputs.append(output)
            try output.write(item.bytes)
        }
        try AtomicOutput.commitAll(outputs)
        return "merged \(ordered.count) shard(s), \(trials.count) trial(s) of \(first.scenario) (seed \(first.seed)) into \(out)/"
            + (copies + [TrialsTable.fileName, SimulationSummary.fileName]).joined(separator: ", ")
    }

    static func file(_ directory: String, _ name: String) -> URL {
        URL(fileURLWithPath: directory, isDirectory: true).appendingPathComponent(name)
    }

    static func manifest(in directory: String) throws -> ShardManifest {
        let url = file(directory, ShardManifest.fileName)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ContractError(path: url.path, message: "not found; \(directory) is not the output of `bearing simulate --shard i/n`")
        }
        let manifest = try ContractJSON.decode(ShardManifest.self, fromFile: url.path)
        guard manifest.format == ShardManifest.currentFormat else {
            throw ContractError(path: url.path, message: "format '\(manifest.format)', expected '\(ShardManifest.currentFormat)'")
        }
        let expected = Shard(index: manifest.shardIndex, count: manifest.shardCount)?.trials(of: manifest.trials)
        guard let expected, expected == manifest.firstTrial..<manifest.endTrial else {
            throw ContractError(
                path: url.path,
                message: "shard \(manifest.shardIndex)/\(manifest.shardCount) of \(manifest.trials) trials"
                    + " does not match its trial range \(manifest.firstTrial)..<\(manifest.endTrial)")
        }
        return manifest
    }

    /// Checks that the shards are all n shards of one run, each once; returns them by index.
    static func checkComplete(
        _ shards: [(directory: String, manifest: ShardManifest)]
    ) throws(ContractError) -> [(directory: String, manifest: ShardManifest)] {
        guard let first = shards.first else { throw ContractError(path: "", message: "give at least one shard directory") }
        for shard in shards.dropFirst() {
            for ((name, a), (_, b)) in zip(first.manifest.runIdentity, shard.manifest.runIdentity) where a != b {
                throw ContractError(
                    path: "", message: "shards are from different runs: \(first.directory) has \(name) \(a), \(shard.directory) has \(name) \(b)")
            }
        }
        var byIndex: [Int: String] = [:]
        for shard in shards {
            if let other = byIndex[shard.manifest.shardIndex] {
                throw ContractError(
                    path: "", message: "duplicate shard \(shard.manifest.shardIndex)/\(shard.manifest.shardCount): \(other) and \(shard.directory)")
            }
            byIndex[shard.manifest.shardIndex] = shard.directory
        }
        let n = first.manifest.shardCount
        let missing = (1...n).filter { byIndex[$0] == nil }
        guard missing.isEmpty else {
            throw ContractError(
                path: "",
                message: "missing shard(s) " + missing.map { "\($0)/\(n)" }.joined(separator: ", ")
                    + " of seed \(first.manifest.seed), \(first.manifest.trials) trials; got \(shards.count) of \(n)")
        }
        return shards.sorted { $0.manifest.shardIndex < $1.manifest.shardIndex }
    }

    /// Streams `source` into `output` (history.csv can be many GiB).
    static func copy(_ source: URL, to output: AtomicOutput) throws {
        guard let handle = FileHandle(forReadingAtPath: source.path) else {
            throw ContractError(path: source.path, message: "not found, but its shard.json says this shard wrote it (it holds trial 0)")
        }
        defer { try? handle.close() }
        while true {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: 1 << 22)
            } catch {
                throw ContractError(path: source.path, message: "cannot read (\(error.localizedDescription))")
            }
            guard let chunk, !chunk.isEmpty else { break }
            try output.write([UInt8](chunk))
        }
    }
}
