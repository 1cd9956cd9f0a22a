import BearingSimulation

/// `shard.json`: what `simulate --shard i/n` ran, so `merge` can check that shards belong
/// together and rebuild `summary.json` without the scenario file.
///
/// The scenario is identified by `scenario_hash`, FNV-1a 64 over the decoded scenario
/// re-encoded as the contract's sorted-key JSON: the same scenario in YAML or JSON, with other comments or
/// key order, hashes the same; any changed value hashes differently (with overwhelming
/// probability; this guards against mistakes, not adversaries).
public struct ShardManifest: Codable, Hashable, Sendable {
    public static let fileName = "shard.json"
    public static let currentFormat = "bearing-shard/2"

    public var format: String
    public var bearingVersion: String
    public var scenario: String
    public var scenarioHash: String
    public var seed: UInt64
    /// Trials of the whole (unsharded) run.
    public var trials: Int
    public var shardIndex: Int
    public var shardCount: Int
    /// This shard's trials, `firstTrial..<endTrial`.
    public var firstTrial: Int
    public var endTrial: Int
    public var hasHistory: Bool
    /// `--latent`: the shard holding trial 0 also wrote latent.csv.
    public var hasLatent: Bool
    public var segments: [String]
    public var periods: [String]
    public var stretchCountsAsGood: Bool

    public init(scenario: Scenario, seed: UInt64, trials: Int, shard: Shard, latent: Bool) throws(ContractError) {
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

    /// FNV-1a 64 of the scenario in the contract's JSON form (sorted keys).
    public static func hash(_ scenario: Scenario) throws(ContractError) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in try ContractJSON.encode(scenario) {
            h ^= UInt64(byte)
            h = h &* 0x100_0000_01b3
        }
        let hex = String(h, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The fields that must agree between shards of one run, for error messages.
    public var runIdentity: [(String, String)] {
        [
            ("format", format), ("bearing_version", bearingVersion), ("scenario_hash", scenarioHash),
            ("seed", String(seed)), ("trials", String(trials)), ("shard count", String(shardCount)),
            ("segments", segments.joined(separator: ", ")), ("periods", periods.joined(separator: ", ")),
            ("stretch_counts_as_good", String(stretchCountsAsGood)), ("scenario", scenario),
        ]
    }
}
