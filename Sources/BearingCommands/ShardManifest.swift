import BearingSimulation
import Foundation

/// `shard.json`: what `simulate --shard i/n` ran, so `merge` can check that shards belong
/// together and rebuild `summary.json` without the scenario file.
///
/// The scenario is identified by `scenarioHash`, FNV-1a 64 over the decoded scenario
/// re-encoded as sorted-key JSON: the same scenario in YAML or JSON, with other comments or
/// key order, hashes the same; any changed value hashes differently (with overwhelming
/// probability; this guards against mistakes, not adversaries).
struct ShardManifest: Codable, Hashable, Sendable {
    static let fileName = "shard.json"
    static let currentFormat = "bearing-shard/1"

    var format: String
    var bearingVersion: String
    var scenario: String
    var scenarioHash: String
    var seed: UInt64
    /// Trials of the whole (unsharded) run.
    var trials: Int
    var shardIndex: Int
    var shardCount: Int
    /// This shard's trials, `firstTrial..<endTrial`.
    var firstTrial: Int
    var endTrial: Int
    var hasHistory: Bool
    /// `--latent`: the shard holding trial 0 also wrote latent.csv.
    var hasLatent: Bool
    var segments: [String]
    var periods: [String]
    var stretchCountsAsGood: Bool

    enum CodingKeys: String, CodingKey {
        case format
        case bearingVersion = "bearing_version"
        case scenario
        case scenarioHash = "scenario_hash"
        case seed, trials
        case shardIndex = "shard_index"
        case shardCount = "shard_count"
        case firstTrial = "first_trial"
        case endTrial = "end_trial"
        case hasHistory = "has_history"
        case hasLatent = "has_latent"
        case segments, periods
        case stretchCountsAsGood = "stretch_counts_as_good"
    }

    init(scenario: Scenario, seed: UInt64, trials: Int, shard: SimulateCommand.Shard, latent: Bool) throws {
        let range = shard.trials(of: trials)
        format = Self.currentFormat
        bearingVersion = BearingVersion.current
        self.scenario = scenario.name
        scenarioHash = try Self.hash(scenario)
        self.seed = seed
        self.trials = trials
        shardIndex = shard.index
        shardCount = shard.count
        firstTrial = range.lowerBound
        endTrial = range.upperBound
        hasHistory = range.contains(0)
        hasLatent = latent && range.contains(0)
        segments = scenario.segments.map(\.name)
        periods = scenario.periods.all.map(\.label)
        stretchCountsAsGood = scenario.stretchCountsAsGood
    }

    static func hash(_ scenario: Scenario) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in try encoder.encode(scenario) {
            h ^= UInt64(byte)
            h = h &* 0x100_0000_01b3
        }
        let hex = String(h, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return Array(try encoder.encode(self)) + [UInt8(ascii: "\n")]
    }

    /// The fields that must agree between shards of one run, for error messages.
    var runIdentity: [(String, String)] {
        [
            ("format", format), ("bearing_version", bearingVersion), ("scenario_hash", scenarioHash),
            ("seed", String(seed)), ("trials", String(trials)), ("shard count", String(shardCount)),
            ("segments", segments.joined(separator: ", ")), ("periods", periods.joined(separator: ", ")),
            ("stretch_counts_as_good", String(stretchCountsAsGood)), ("scenario", scenario),
        ]
    }
}
