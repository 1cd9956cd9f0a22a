import BearingPanel

/// An additive effect per fit (`good`, `stretch`, `bad`); a missing key means 0.
public struct FitEffect: PerFitValues, Sendable, Hashable, Codable {
    public var good: Double
    public var stretch: Double
    public var bad: Double

    public init(good: Double = 0, stretch: Double = 0, bad: Double = 0) {
        self.good = good
        self.stretch = stretch
        self.bad = bad
    }

    enum CodingKeys: String, CodingKey {
        case good, stretch, bad
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        good = try c.finite(.good, default: 0)
        stretch = try c.finite(.stretch, default: 0)
        bad = try c.finite(.bad, default: 0)
    }
}
