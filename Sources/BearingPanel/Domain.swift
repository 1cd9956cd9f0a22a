/// Success Potential of a customer, given in the data.
public enum Fit: UInt8, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case good = 0
    case stretch = 1
    case bad = 2

    /// Parses `good`, `stretch` or `bad` (lower case, as the panel contract writes them).
    public init?(label: some StringProtocol) {
        switch label {
        case "good": self = .good
        case "stretch": self = .stretch
        case "bad": self = .bad
        default: return nil
        }
    }

    public var label: String {
        switch self {
        case .good: "good"
        case .stretch: "stretch"
        case .bad: "bad"
        }
    }

    public var description: String { label }

    /// Whether the customer counts as good fit. Stretch counts as good fit unless configured otherwise.
    public func isGoodFit(stretchCountsAsGood: Bool = true) -> Bool {
        switch self {
        case .good: true
        case .stretch: stretchCountsAsGood
        case .bad: false
        }
    }
}

/// The group a panel feature belongs to, from its column prefix.
public enum FeatureGroup: String, Sendable, Hashable, Codable, CaseIterable {
    /// `outcome.*`: required-outcome signals; they drive the vector's direction.
    case outcome
    /// `experience.*`: appropriate-experience signals; they drive the vector's magnitude.
    case experience
    /// `engagement.*`: engagement signals used for ghost detection.
    case engagement
    /// `attribute.*`: attributes that are neither outcome nor experience (plan, channel,
    /// demographics). Panels carry them for models that use them; the Success Vector (its
    /// direction, magnitude and ghost rules) and the default weights ignore them.
    case attribute

    /// The column prefix including the dot, e.g. `outcome.`.
    public var prefix: String { rawValue + "." }

    /// The group of a column name, or nil when it has none of the group prefixes.
    public init?(columnName: some StringProtocol) {
        for group in FeatureGroup.allCases where columnName.hasPrefix(group.prefix) && columnName.count > group.prefix.count {
            self = group
            return
        }
        return nil
    }
}

/// The category of a Success Vector.
public enum VectorCategory: UInt8, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Progressing toward the required outcome with a solid experience.
    case positive = 0
    /// Stalled.
    case neutral = 1
    /// Withdrawing, moving backward.
    case negative = 2
    /// Key contacts stopped engaging; gone dark.
    case ghost = 3

    public var label: String {
        switch self {
        case .positive: "positive"
        case .neutral: "neutral"
        case .negative: "negative"
        case .ghost: "ghost"
        }
    }

    public init?(label: some StringProtocol) {
        guard let found = VectorCategory.allCases.first(where: { $0.label == label }) else { return nil }
        self = found
    }

    public var description: String { label }
}

/// The five cohorts of a Logical Customer Segment: fit crossed with vector category.
public enum Cohort: UInt8, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case badFit = 0
    case goodFitNegative = 1
    case goodFitGoneDark = 2
    case goodFitNeutral = 3
    case goodFitPositive = 4

    /// The cohort of a customer with this fit and category. Bad fit is a cohort of its own
    /// whatever the vector says.
    public init(fit: Fit, category: VectorCategory, stretchCountsAsGood: Bool = true) {
        guard fit.isGoodFit(stretchCountsAsGood: stretchCountsAsGood) else {
            self = .badFit
            return
        }
        switch category {
        case .positive: self = .goodFitPositive
        case .neutral: self = .goodFitNeutral
        case .negative: self = .goodFitNegative
        case .ghost: self = .goodFitGoneDark
        }
    }

    public var label: String {
        switch self {
        case .badFit: "bad-fit"
        case .goodFitNegative: "good-fit negative"
        case .goodFitGoneDark: "good-fit gone dark"
        case .goodFitNeutral: "good-fit neutral"
        case .goodFitPositive: "good-fit positive"
        }
    }

    public init?(label: some StringProtocol) {
        guard let found = Cohort.allCases.first(where: { $0.label == label }) else { return nil }
        self = found
    }

    public var isGoodFit: Bool { self != .badFit }

    public var description: String { label }
}
