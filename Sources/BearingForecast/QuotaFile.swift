import BearingPanel

/// A quota file: annual expansion targets in ARR per segment, optionally per CSM, and how they
/// spread over the year.
///
/// File form (YAML or JSON):
/// ```yaml
/// segments:                  # every segment of the history, by name
///   Large Agency: 1200000    # the segment's annual expansion target in ARR
///   Small Agency:            # or its CSMs' annual targets, which add up to the segment's
///     csm-01: 40000
///     csm-02: 35000
/// seasonality: [0.2, 0.25, 0.25, 0.3]   # optional: share of the year per calendar quarter
///                                       # (12 values for a monthly history); sums to 1
/// ```
///
/// Without `seasonality` a target spreads evenly (a quarter gets 1/4 of it, a month 1/12).
/// The same annual targets apply to every year the forecast covers. CSM ids are not checked
/// against the history: next year's plan may name CSMs who have no accounts yet.
public struct QuotaFile: Sendable, Hashable, Codable {
    /// One segment's annual target: for the segment as a whole, or per CSM.
    public enum Target: Sendable, Hashable, Codable {
        case segment(Double)
        case csms([String: Double])

        /// The segment's annual target in ARR: the CSMs' targets added up when given per CSM.
        public var annual: Double {
            switch self {
            case let .segment(x): x
            case let .csms(targets): targets.keys.sorted().reduce(0.0) { $0 + (targets[$1] ?? 0) }
            }
        }

        /// A number, or a mapping of CSM ids to numbers.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let x = try? container.decode(Double.self) {
                self = .segment(x)
            } else if let text = try? container.decode(String.self) {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "expected an annual expansion target in ARR (a number) or a mapping of CSM ids to targets, found '\(text)'")
            } else {
                self = .csms(try container.decode([String: Double].self))
            }
            if let (message, csm) = problem {
                // At the CSM's own key when one is at fault, so a file decoder points at its line.
                let path = decoder.codingPath + (csm.map { [CSMKey(stringValue: $0)] } ?? [])
                throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: message))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case let .segment(x): try container.encode(x)
            case let .csms(targets): try container.encode(targets)
            }
        }

        /// What is wrong with the target, if anything, and the CSM at fault.
        var problem: (message: String, csm: String?)? {
            switch self {
            case let .segment(x):
                return x.isFinite && x >= 0 ? nil : ("an annual target must be a number >= 0, got \(x)", nil)
            case let .csms(targets):
                guard !targets.isEmpty else {
                    return ("expected an annual target or at least one CSM's target, found an empty mapping", nil)
                }
                for (csm, x) in targets.sorted(by: { $0.key < $1.key }) {
                    guard !csm.isEmpty else { return ("a CSM id is empty", nil) }
                    guard x.isFinite, x >= 0 else { return ("CSM '\(csm)': an annual target must be a number >= 0, got \(x)", csm) }
                }
                return nil
            }
        }

        private struct CSMKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
    }

    /// Seasonality weights must add up to 1 within this.
    public static let seasonalityTolerance = 1e-6

    /// Annual targets by segment name.
    public var segments: [String: Target]
    /// Share of the annual target per calendar period of the year (quarters Q1–Q4 or months
    /// January–December), summing to 1; nil spreads targets evenly.
    public var seasonality: [Double]?

    public init(segments: [String: Target], seasonality: [Double]? = nil) {
        self.segments = segments
        self.seasonality = seasonality
    }

    enum CodingKeys: String, CodingKey {
        case segments, seasonality
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        segments = try c.decode([String: Target].self, forKey: .segments)
        seasonality = try c.decodeIfPresent([Double].self, forKey: .seasonality)
        // Checked while decoding, so a file decoder can point at the key at fault.
        if segments.isEmpty {
            throw DecodingError.dataCorruptedError(
                forKey: .segments, in: c, debugDescription: "expected at least one segment with its annual expansion target")
        }
        if let problem = seasonalityProblem {
            throw DecodingError.dataCorruptedError(forKey: .seasonality, in: c, debugDescription: problem)
        }
    }

    /// The segment's annual target, when the file has one.
    public func annualTarget(segment: String) -> Double? { segments[segment]?.annual }

    /// The share of an annual target that falls in `period`: its seasonality weight, or one
    /// period's share of a year.
    public func share(of period: Period) -> Double {
        guard let seasonality, seasonality.count == period.granularity.periodsPerYear else {
            return 1 / Double(period.granularity.periodsPerYear)
        }
        return seasonality[period.subperiod - 1]
    }

    /// Checks targets are finite and >= 0 under non-empty names, and seasonality weights
    /// (4 or 12) are finite, >= 0 and sum to 1.
    public func validate() throws(ForecastError) {
        guard !segments.isEmpty else { throw .invalidQuota("the quota file lists no segments") }
        for (name, target) in segments.sorted(by: { $0.key < $1.key }) {
            guard !name.isEmpty else { throw .invalidQuota("a segment name is empty") }
            if let problem = target.problem { throw .invalidQuota("segment '\(name)': \(problem.message)") }
        }
        if let problem = seasonalityProblem { throw .invalidQuota("seasonality: \(problem)") }
    }

    /// Checks the file against a history of `granularity` whose segments are `segmentNames`:
    /// seasonality has one weight per period of the year, every segment named is in the
    /// history, and every segment in `required` has a target.
    public func check(granularity: Granularity, segmentNames: [String], required: [String]) throws(ForecastError) {
        try validate()
        if let seasonality, seasonality.count != granularity.periodsPerYear {
            throw .invalidQuota(
                "seasonality has \(seasonality.count) weights, but the history is by \(granularity.rawValue): expected \(granularity.periodsPerYear)")
        }
        let known = Set(segmentNames)
        if let unknown = segments.keys.sorted().first(where: { !known.contains($0) }) {
            throw .invalidQuota(
                "segment '\(unknown)' is not in the history; its segments are \(segmentNames.sorted().map { "'\($0)'" }.joined(separator: ", "))")
        }
        let missing = required.filter { segments[$0] == nil }
        guard missing.isEmpty else {
            throw .invalidQuota(
                "no annual target for segment\(missing.count == 1 ? "" : "s") \(missing.sorted().map { "'\($0)'" }.joined(separator: ", ")), which the forecast period has customers in"
            )
        }
    }

    private var seasonalityProblem: String? {
        guard let seasonality else { return nil }
        guard seasonality.count == 4 || seasonality.count == 12 else {
            return "expected 4 weights (quarters) or 12 (months), found \(seasonality.count)"
        }
        if let (i, w) = seasonality.enumerated().first(where: { !($0.element.isFinite && $0.element >= 0) }) {
            return "weight \(i + 1) must be a number >= 0, got \(w)"
        }
        let sum = seasonality.reduce(0, +)
        guard abs(sum - 1) <= Self.seasonalityTolerance else {
            // Rounded, so 0.2 + 0.25 + 0.25 + 0.35 reads 1.05, not 1.0499999999999998.
            return "the weights must sum to 1, they sum to \((sum * 1e9).rounded() / 1e9)"
        }
        return nil
    }
}
