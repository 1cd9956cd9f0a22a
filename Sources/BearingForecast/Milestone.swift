import BearingPanel

/// How far ahead a milestone cohort looks: customers expected to reach the milestone within
/// 30, 60 or 90 days, or within the next period of the panel.
public enum MilestoneHorizon: Sendable, Hashable, Codable, CustomStringConvertible {
    case days(Int)
    case nextPeriod

    /// Periods covered by the horizon: `days / granularity.days` (e.g. 90 days ≈ 0.986 quarters,
    /// 60 days ≈ 1.97 months), or 1 for `nextPeriod`.
    public func periods(of granularity: Granularity) -> Double {
        switch self {
        case let .days(d): Double(d) / granularity.days
        case .nextPeriod: 1
        }
    }

    public var description: String {
        switch self {
        case let .days(d): "\(d) days"
        case .nextPeriod: "next period"
        }
    }

    /// Decodes `30`, `60`, `90` (days) or the string `next-period`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let days = try? container.decode(Int.self) {
            guard [30, 60, 90].contains(days) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "expected a horizon of 30, 60 or 90 days or `next-period`, found \(days)")
            }
            self = .days(days)
            return
        }
        let text = try container.decode(String.self)
        guard text == "next-period" else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a horizon of 30, 60 or 90 days or `next-period`, found '\(text)'")
        }
        self = .nextPeriod
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .days(d): try container.encode(d)
        case .nextPeriod: try container.encode("next-period")
        }
    }
}

/// A Success Milestone: a named step on the customer journey with a logical upsell of known ARR.
///
/// File form (YAML or JSON):
/// ```yaml
/// name: integrations-live
/// upsell_arr: 1000
/// horizon: 30            # 30, 60, 90 (days) or next-period
/// take_rates:            # optional, per vector category; others are estimated from history
///   positive: 0.9
///   neutral: 0.5
/// ```
public struct Milestone: Sendable, Hashable, Codable {
    public var name: String
    /// ARR added when a customer who reached the milestone takes the upsell.
    public var upsellARR: Double
    public var horizon: MilestoneHorizon
    /// Fixed take rates by vector category label; categories not listed are estimated.
    public var takeRates: [String: Double]

    public init(name: String, upsellARR: Double, horizon: MilestoneHorizon = .nextPeriod, takeRates: [VectorCategory: Double] = [:]) {
        self.name = name
        self.upsellARR = upsellARR
        self.horizon = horizon
        self.takeRates = Dictionary(uniqueKeysWithValues: takeRates.map { ($0.key.label, $0.value) })
    }

    /// The fixed take rate for a category, if the catalogue gives one.
    public func fixedTakeRate(for category: VectorCategory) -> Double? { takeRates[category.label] }

    enum CodingKeys: String, CodingKey {
        case name
        case upsellARR = "upsell_arr"
        case horizon
        case takeRates = "take_rates"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        upsellARR = try c.decode(Double.self, forKey: .upsellARR)
        horizon = try c.decodeIfPresent(MilestoneHorizon.self, forKey: .horizon) ?? .nextPeriod
        takeRates = try c.decodeIfPresent([String: Double].self, forKey: .takeRates) ?? [:]
        // Checked here, not only in the catalogue, so a file decoder reports the milestone's line.
        do {
            try validate()
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    /// Checks the name is non-empty, the upsell value finite and ≥ 0, take rates in [0, 1]
    /// under known category labels.
    public func validate() throws(ForecastError) {
        guard !name.isEmpty else { throw .invalidCatalogue("a milestone has an empty name") }
        guard upsellARR.isFinite, upsellARR >= 0 else {
            throw .invalidCatalogue("milestone '\(name)': upsell_arr must be a number >= 0, got \(upsellARR)")
        }
        for (label, rate) in takeRates.sorted(by: { $0.key < $1.key }) {
            guard VectorCategory(label: label) != nil else {
                throw .invalidCatalogue(
                    "milestone '\(name)': take_rates has unknown category '\(label)'; expected positive, neutral, negative or ghost")
            }
            guard rate.isFinite, (0...1).contains(rate) else {
                throw .invalidCatalogue("milestone '\(name)': take rate for \(label) must be between 0 and 1, got \(rate)")
            }
        }
    }
}

/// The milestone catalogue: `milestones:` list in the file.
public struct MilestoneCatalogue: Sendable, Hashable, Codable {
    public var milestones: [Milestone]

    public init(milestones: [Milestone]) {
        self.milestones = milestones
    }

    /// Index of the milestone with this name.
    public func index(of name: String) -> Int? { milestones.firstIndex { $0.name == name } }

    /// Checks names are unique and non-empty, upsell values finite and ≥ 0, take rates in
    /// [0, 1] under known category labels.
    public func validate() throws(ForecastError) {
        guard !milestones.isEmpty else { throw .invalidCatalogue("the catalogue lists no milestones") }
        var seen: [String: Int] = [:]
        for (i, m) in milestones.enumerated() {
            try m.validate()
            if let first = seen[m.name] {
                throw .invalidCatalogue("milestones[\(i)]: milestone '\(m.name)' is listed twice (first as milestones[\(first)])")
            }
            seen[m.name] = i
        }
    }
}
