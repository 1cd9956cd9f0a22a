import BearingPanel

/// Where a `Weights` value came from, so a score can be traced to its data and code.
public struct Provenance: Sendable, Hashable, Codable {
    /// `calibrate` for fitted weights, `default` for the documented default.
    public var source: String
    /// File the weights were estimated from (name as given), if any.
    public var dataFile: String?
    /// Digest of that file's bytes, written as `algorithm:hex` (e.g. `sha256:…`).
    public var dataHash: String?
    /// Periods whose rows were used, ascending.
    public var periods: [Period]
    /// Seed of any randomness in the fit (nil when deterministic).
    public var seed: UInt64?
    public var bearingVersion: String
    /// Free text: what the standardisation was estimated on, regularisation, etc.
    public var note: String?

    public init(
        source: String, dataFile: String? = nil, dataHash: String? = nil, periods: [Period] = [],
        seed: UInt64? = nil, bearingVersion: String, note: String? = nil
    ) {
        self.source = source
        self.dataFile = dataFile
        self.dataHash = dataHash
        self.periods = periods
        self.seed = seed
        self.bearingVersion = bearingVersion
        self.note = note
    }
}
