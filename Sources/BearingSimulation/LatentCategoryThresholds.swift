import BearingPanel

/// How a customer's TRUE latent state maps to a vector category (the simulation's ground
/// truth, not what a calibrated model would say):
///
/// - `ghost` when the customer is dark (overrides everything);
/// - else `negative` when direction <= `negative.direction` or experience <= `negative.experience`;
/// - else `positive` when direction >= `positive.direction` and experience >= `positive.experience`;
/// - else `neutral`.
///
/// An absent experience threshold is not used.
public struct LatentCategoryThresholds: Sendable, Hashable, Codable {
    public struct Threshold: Sendable, Hashable, Codable {
        public var direction: Double
        public var experience: Double?

        public init(direction: Double, experience: Double? = nil) {
            self.direction = direction
            self.experience = experience
        }

        enum CodingKeys: String, CodingKey { case direction, experience }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            direction = try c.finite(.direction)
            experience = try c.checkedIfPresent(.experience, AnyFinite.self)
        }
    }

    public var positive: Threshold
    public var negative: Threshold

    public init(positive: Threshold, negative: Threshold) {
        self.positive = positive
        self.negative = negative
    }

    public func category(direction d: Double, experience e: Double, dark: Bool) -> VectorCategory {
        if dark { return .ghost }
        if d <= negative.direction || e <= (negative.experience ?? -.infinity) { return .negative }
        if d >= positive.direction && e >= (positive.experience ?? -.infinity) { return .positive }
        return .neutral
    }

    enum CodingKeys: String, CodingKey { case positive, negative }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        positive = try c.decode(Threshold.self, forKey: .positive)
        negative = try c.decode(Threshold.self, forKey: .negative)
        guard negative.direction < positive.direction else {
            throw c.invalid(
                .negative,
                "`negative.direction` (\(negative.direction)) must be below `positive.direction` (\(positive.direction))")
        }
    }
}
