import BearingPanel
import _BearingText

/// A synthetic customer base for the Monte Carlo engine: the "Scenario" data contract.
///
/// The generative model and every key are documented in `docs/scenario-model.md`. Decoding
/// checks ranges and cross-references (feature names, link coefficients, shock periods and
/// segments) and throws `DecodingError.dataCorrupted` naming the key; unknown keys are
/// rejected by the file decoder (`BearingFiles`), not here.
public struct Scenario: Sendable, Hashable, Codable {
    public var name: String
    public var description: String?
    public var periods: ScenarioPeriods
    public var segments: [SegmentSpec]
    public var latent: LatentDynamics
    public var categories: LatentCategoryThresholds
    public var dark: DarkDynamics
    public var hazards: Hazards
    public var milestones: [MilestoneSpec]
    public var features: [FeatureSpec]
    public var shocks: [Shock]
    public var trueLink: TrueLink?
    /// Whether stretch-fit customers count as good fit in cohorts (default true).
    public var stretchCountsAsGood: Bool

    public init(
        name: String, description: String? = nil, periods: ScenarioPeriods, segments: [SegmentSpec],
        latent: LatentDynamics, categories: LatentCategoryThresholds, dark: DarkDynamics, hazards: Hazards,
        milestones: [MilestoneSpec] = [], features: [FeatureSpec] = [], shocks: [Shock] = [],
        trueLink: TrueLink? = nil, stretchCountsAsGood: Bool = true
    ) {
        self.name = name
        self.description = description
        self.periods = periods
        self.segments = segments
        self.latent = latent
        self.categories = categories
        self.dark = dark
        self.hazards = hazards
        self.milestones = milestones
        self.features = features
        self.shocks = shocks
        self.trueLink = trueLink
        self.stretchCountsAsGood = stretchCountsAsGood
    }

    /// Customers across all segments.
    public var customerCount: Int { segments.reduce(0) { $0 + $1.customers } }

    /// CSMs across all segments.
    public var csmCount: Int { segments.reduce(0) { $0 + $1.csms } }

    /// Checks what no single key can: unique names, link features that exist, shocks inside the
    /// horizon on known segments. Run by `init(from:)`; call it after building a scenario in code.
    public func validate() throws(ScenarioError) {
        for (key, count) in [("segments", segments.count), ("features", features.count), ("milestones", milestones.count), ("shocks", shocks.count)]
        where count > Self.maximumListLength {
            throw ScenarioError(path: key, message: "at most \(Self.maximumListLength) entries, found \(count)")
        }
        var seen = Set<String>()
        for (i, s) in segments.enumerated() where !seen.insert(s.name).inserted {
            throw ScenarioError(path: "segments[\(i)].name", message: "segment name '\(s.name)' is used twice")
        }
        if segments.isEmpty { throw ScenarioError(path: "segments", message: "at least one segment is required") }
        seen = []
        for (i, f) in features.enumerated() where !seen.insert(f.name).inserted {
            throw ScenarioError(path: "features[\(i)].name", message: "feature name '\(f.name)' is used twice")
        }
        seen = []
        for (i, m) in milestones.enumerated() where !seen.insert(m.name).inserted {
            throw ScenarioError(path: "milestones[\(i)].name", message: "milestone name '\(m.name)' is used twice")
        }
        if let link = trueLink {
            for name in link.coefficients.keys.sorted() where !features.contains(where: { $0.name == name }) {
                throw ScenarioError(
                    path: "true_link.coefficients", message: "'\(name)' is not one of the scenario's features")
            }
        }
        let segmentNames = Set(segments.map(\.name))
        for (i, shock) in shocks.enumerated() {
            if periods.offset(of: shock.period) == nil {
                throw ScenarioError(
                    path: "shocks[\(i)].period",
                    message:
                        "\(shock.period.label) is outside the simulated periods \(periods.start.label)...\(periods.start.advanced(by: periods.count - 1).label)"
                )
            }
            for name in shock.segments ?? [] where !segmentNames.contains(name) {
                throw ScenarioError(path: "shocks[\(i)].segments", message: "'\(name)' is not one of the scenario's segments")
            }
        }
        let customers = segments.reduce(0) { $0 + $1.customers }
        if customers > Int(Int32.max) {
            throw ScenarioError(path: "segments", message: "at most \(Int32.max) customers in all, found \(customers)")
        }
        // New logos extend the customer indices that key the random streams: keep a generous
        // bound on a trial's total (mean + 20 sd per period) inside them.
        let newLogoBound = segments.reduce(0.0) { total, segment in
            guard let n = segment.newLogos else { return total }
            return total + (n.mean + 20 * (n.sd ?? n.mean.squareRoot()) + 20) * Double(max(0, periods.count - 1))
        }
        if Double(customers) + newLogoBound > Double(Int32.max) {
            throw ScenarioError(
                path: "segments",
                message: "starting customers plus new logos could exceed \(Int32.max) customers in a trial; lower new_logos.mean")
        }
    }

    /// The most segments, features, milestones or shocks a scenario may list (far above any
    /// real book; a longer list is a generated file gone wrong).
    public static let maximumListLength = 1000

    enum CodingKeys: String, CodingKey {
        case name, description, periods, segments, latent, categories, dark, hazards, milestones, features, shocks
        case trueLink = "true_link"
        case stretchCountsAsGood = "stretch_counts_as_good"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        periods = try c.decode(ScenarioPeriods.self, forKey: .periods)
        segments = try c.decode([SegmentSpec].self, forKey: .segments)
        latent = try c.decode(LatentDynamics.self, forKey: .latent)
        categories = try c.decode(LatentCategoryThresholds.self, forKey: .categories)
        dark = try c.decode(DarkDynamics.self, forKey: .dark)
        hazards = try c.decode(Hazards.self, forKey: .hazards)
        milestones = try c.decodeIfPresent([MilestoneSpec].self, forKey: .milestones) ?? []
        features = try c.decodeIfPresent([FeatureSpec].self, forKey: .features) ?? []
        shocks = try c.decodeIfPresent([Shock].self, forKey: .shocks) ?? []
        trueLink = try c.decodeIfPresent(TrueLink.self, forKey: .trueLink)
        stretchCountsAsGood = try c.decodeIfPresent(Bool.self, forKey: .stretchCountsAsGood) ?? true
        do {
            try validate()
        } catch {
            // The coding path names the offending key, so a file decoder can point at its line.
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath + ScenarioPathKey.keys(error.path), debugDescription: error.message))
        }
    }
}

/// A scenario that is inconsistent as a whole; `path` names the key (e.g. `shocks[0].period`).
public struct ScenarioError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

/// The components of a `ScenarioError.path` such as `shocks[0].period`, as coding keys.
enum ScenarioPathKey {
    /// `shocks[0].period` -> [shocks, 0, period].
    static func keys(_ path: String) -> [any CodingKey] {
        var keys: [any CodingKey] = []
        for part in path.split(separator: ".") {
            var name = Substring(part)
            var indices: [Int] = []
            while name.hasSuffix("]"), let open = name.lastIndex(of: "["),
                let i = Int(name[name.index(after: open)..<name.index(before: name.endIndex)])
            {
                indices.insert(i, at: 0)
                name = name[..<open]
            }
            if !name.isEmpty { keys.append(AnyCodingKey(stringValue: String(name))) }
            keys += indices.map { AnyCodingKey(intValue: $0) }
        }
        return keys
    }
}
