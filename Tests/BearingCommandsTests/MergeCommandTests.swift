import ArgumentParser
import BearingContracts
import Foundation
import Testing
import _TestSupport

@testable import BearingCommands

struct MergeCommandTests {
    /// saas-agency with 100 customers, so a few dozen simulate runs stay quick in debug builds.
    static func tinyScenario(in dir: URL) throws -> String {
        var text = try String(contentsOf: SimulateCommandTests.scenarios.appendingPathComponent("saas-agency.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "customers: 6000", with: "customers: 60")
            .replacingOccurrences(of: "customers: 3000", with: "customers: 30")
            .replacingOccurrences(of: "customers: 1000", with: "customers: 10")
        let url = dir.appendingPathComponent("tiny.yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func run(_ arguments: [String]) throws {
        let command = try Bearing.parseAsRoot(arguments + ["--quiet"])
        if let simulate = command as? SimulateCommand {
            try simulate.run()
        } else {
            let merge = try #require(command as? MergeCommand)
            try merge.run()
        }
    }

    func files(_ dir: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            result[name] = try Data(contentsOf: dir.appendingPathComponent(name))
        }
        return result
    }

    /// Runs shards 1...n of (seed, trials) into dir/prefix-i, returns their paths.
    func shards(_ scenario: String, seed: Int, trials: Int, n: Int, threads: Int, in dir: URL, prefix: String) throws -> [String] {
        try (1...n).map { i in
            let out = dir.appendingPathComponent("\(prefix)-\(i)").path
            try run([
                "simulate", scenario, "--seed", "\(seed)", "--trials", "\(trials)", "--threads", "\(threads)", "--shard", "\(i)/\(n)", "--out", out,
            ])
            return out
        }
    }

    @Test(arguments: [1, 2, 3, 7], [1, 2])
    func mergedShardsEqualTheUnshardedRun(n: Int, threads: Int) throws {
        let dir = try TestSupport.temporaryDirectory("merge")
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try Self.tinyScenario(in: dir)
        // 5 trials: with n = 7 some shards are empty and shard 1 does not hold trial 0.
        try run(["simulate", scenario, "--seed", "11", "--trials", "5", "--threads", "1", "--out", dir.appendingPathComponent("single").path])
        let parts = try shards(scenario, seed: 11, trials: 5, n: n, threads: threads, in: dir, prefix: "part")
        let merged = dir.appendingPathComponent("merged")
        try run(["merge"] + parts.reversed() + ["--out", merged.path])
        let single = try files(dir.appendingPathComponent("single"))
        #expect(Set(single.keys) == ["history.csv", "trials.csv", "summary.json", "cohorts.csv"])
        let result = try files(merged)
        #expect(Set(result.keys) == Set(single.keys))
        for name in single.keys { #expect(result[name] == single[name], "\(name) differs for n = \(n), threads = \(threads)") }
    }

    @Test func latentCSVIsMergedFromTheShardThatHoldsTrialZero() throws {
        let dir = try TestSupport.temporaryDirectory("merge-latent")
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try Self.tinyScenario(in: dir)
        try run(["simulate", scenario, "--seed", "4", "--trials", "3", "--latent", "--out", dir.appendingPathComponent("single").path])
        let parts = try (1...2).map { i in
            let out = dir.appendingPathComponent("part-\(i)").path
            try run(["simulate", scenario, "--seed", "4", "--trials", "3", "--latent", "--shard", "\(i)/2", "--out", out])
            return out
        }
        try run(["merge"] + parts + ["--out", dir.appendingPathComponent("merged").path])
        let single = try files(dir.appendingPathComponent("single"))
        #expect(Set(single.keys) == ["history.csv", "latent.csv", "trials.csv", "summary.json", "cohorts.csv"])
        #expect(try files(dir.appendingPathComponent("merged")) == single)
    }

    /// A shard folder holding a killed run's temporary files (and its lock file) merges as if
    /// they were not there, and none of them reaches the merged folder.
    @Test func temporaryFilesInShardFoldersAreIgnored() throws {
        let dir = try TestSupport.temporaryDirectory("merge-temporaries")
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try Self.tinyScenario(in: dir)
        try run(["simulate", scenario, "--seed", "8", "--trials", "4", "--out", dir.appendingPathComponent("single").path])
        let parts = try shards(scenario, seed: 8, trials: 4, n: 2, threads: 1, in: dir, prefix: "part")
        for part in parts {
            let folder = URL(fileURLWithPath: part)
            try Data("trial,customer_periods\n999,1\n".utf8).write(to: folder.appendingPathComponent(".trials.csv.bearing-tmp.2147483646.0"))
            try Data("partial".utf8).write(to: folder.appendingPathComponent(".history.csv.bearing-tmp.2147483646.1"))
            try Data("2147483646\n".utf8).write(to: folder.appendingPathComponent(".bearing.lock"))
        }
        let merged = dir.appendingPathComponent("merged")
        try run(["merge"] + parts + ["--out", merged.path])
        #expect(try files(merged) == files(dir.appendingPathComponent("single")))
    }

    @Test func shardsRecordTheirRun() throws {
        let dir = try TestSupport.temporaryDirectory("merge-manifest")
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try Self.tinyScenario(in: dir)
        let parts = try shards(scenario, seed: 3, trials: 10, n: 3, threads: 1, in: dir, prefix: "p")
        let manifest = try ContractJSON.decode(ShardManifest.self, fromFile: URL(fileURLWithPath: parts[1]).appendingPathComponent("shard.json").path)
        #expect(manifest.shardIndex == 2 && manifest.shardCount == 3)
        #expect(manifest.firstTrial == 3 && manifest.endTrial == 6)
        #expect(manifest.seed == 3 && manifest.trials == 10 && !manifest.hasHistory)
        #expect(manifest.scenarioHash.hasPrefix("fnv1a64:") && manifest.scenarioHash.count == 24)
    }

    /// The merge fails with `expected` in its message and leaves `out` empty.
    func expectFailure(_ arguments: [String], out: URL, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            try run(["merge"] + arguments + ["--out", out.path])
            Issue.record("merge succeeded; expected an error containing '\(expected)'", sourceLocation: sourceLocation)
        } catch {
            #expect("\(error)".contains(expected), "message: \(error)", sourceLocation: sourceLocation)
        }
        let left = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
        #expect(left.isEmpty, "left behind: \(left)", sourceLocation: sourceLocation)
    }

    @Test func refusesIncompleteOrMixedShards() throws {
        let dir = try TestSupport.temporaryDirectory("merge-bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try Self.tinyScenario(in: dir)
        let a = try shards(scenario, seed: 1, trials: 4, n: 3, threads: 1, in: dir, prefix: "a")
        let b = try shards(scenario, seed: 2, trials: 4, n: 3, threads: 1, in: dir, prefix: "b")
        let out = dir.appendingPathComponent("out")
        expectFailure([a[0], a[2]], out: out, "missing shard(s) 2/3")
        expectFailure([a[0], b[1], a[2]], out: out, "shards are from different runs: \(a[0]) has seed 1, \(b[1]) has seed 2")
        expectFailure([a[0], a[1], a[1], a[2]], out: out, "duplicate shard 2/3")
        expectFailure([a[0], dir.path], out: out, "\(dir.path)/shard.json: not found")

        // A different scenario (one more customer) with the same seed is a different run.
        let other = dir.appendingPathComponent("other.yaml")
        try String(contentsOfFile: scenario, encoding: .utf8).replacingOccurrences(of: "customers: 60", with: "customers: 61")
            .write(to: other, atomically: true, encoding: .utf8)
        let c = try shards(other.path, seed: 1, trials: 4, n: 3, threads: 1, in: dir, prefix: "c")
        expectFailure([a[0], c[1], a[2]], out: out, "has scenario_hash fnv1a64:")

        // A damaged trials.csv (a row removed) is caught, not merged.
        let trials = URL(fileURLWithPath: a[1]).appendingPathComponent("trials.csv")
        let lines = try String(contentsOf: trials, encoding: .utf8).split(separator: "\n")
        try (lines.dropLast().joined(separator: "\n") + "\n").write(to: trials, atomically: true, encoding: .utf8)
        expectFailure(a, out: out, "\(trials.path): expected trials 1..<2 of shard 2/3 in order, found 0 row(s)")
        // Missing history.csv in the shard that holds trial 0.
        let history = URL(fileURLWithPath: c[0]).appendingPathComponent("history.csv")
        try FileManager.default.removeItem(at: history)
        expectFailure(c, out: out, "\(history.path): not found, but its shard.json says this shard wrote it")
    }

    @Test func rejectsAnEmptyList() {
        #expect(throws: (any Error).self) { try Bearing.parseAsRoot(["merge", "--out", "o"]) }
        #expect(Bearing.helpMessage(for: MergeCommand.self).contains("bearing merge part1 part2 part3 --out merged"))
    }
}
