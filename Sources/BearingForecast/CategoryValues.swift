import BearingPanel

/// One number per vector category (nil where there is none), keyed by the category labels.
public struct CategoryValues: Sendable, Hashable, Codable {
    public var positive: Double?
    public var neutral: Double?
    public var negative: Double?
    public var ghost: Double?

    public init(positive: Double? = nil, neutral: Double? = nil, negative: Double? = nil, ghost: Double? = nil) {
        self.positive = positive
        self.neutral = neutral
        self.negative = negative
        self.ghost = ghost
    }

    public subscript(category: VectorCategory) -> Double? {
        get {
            switch category {
            case .positive: positive
            case .neutral: neutral
            case .negative: negative
            case .ghost: ghost
            }
        }
        set {
            switch category {
            case .positive: positive = newValue
            case .neutral: neutral = newValue
            case .negative: negative = newValue
            case .ghost: ghost = newValue
            }
        }
    }
}
