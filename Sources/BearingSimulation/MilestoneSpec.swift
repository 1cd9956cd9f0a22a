import BearingPanel

/// One Success Milestone on the customer journey, with its logical upsell.
///
/// Milestones are reached in the order listed. While a customer's next milestone is this one,
/// it reaches it during a period with probability `reach` (a logistic function of its latent
/// state at the start of the period). On reaching it the customer takes the upsell with
/// probability `take[category]`, where category is its true latent category at the start of
/// the period; a take adds `upsell_arr` x the segment's `upsell_multiplier` to its expansion
/// ARR. A customer who churns in a period reaches nothing in it. After the last milestone the
/// panel's `milestone` cell is empty.
public struct MilestoneSpec: Sendable, Hashable, Codable {
    /// Take probability per true vector category.
    public struct TakeRates: Sendable, Hashable, Codable {
        public var positive: Double
        public var neutral: Double
        public var negative: Double
        public var ghost: Double

        public init(positive: Double, neutral: Double, negative: Double, ghost: Double) {
            self.positive = positive
            self.neutral = neutral
            self.negative = negative
            self.ghost = ghost
        }

        public subscript(category: VectorCategory) -> Double {
            switch category {
            case .positive: positive
            case .neutral: neutral
            case .negative: negative
            case .ghost: ghost
            }
        }

        enum CodingKeys: String, CodingKey { case positive, neutral, negative, ghost }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            positive = try c.probability(.positive)
            neutral = try c.probability(.neutral)
            negative = try c.probability(.negative)
            ghost = try c.probability(.ghost)
        }
    }

    public var name: String
    public var upsellARR: Double
    public var reach: LogisticEffect
    public var take: TakeRates

    public init(name: String, upsellARR: Double, reach: LogisticEffect, take: TakeRates) {
        self.name = name
        self.upsellARR = upsellARR
        self.reach = reach
        self.take = take
    }

    enum CodingKeys: String, CodingKey {
        case name
        case upsellARR = "upsell_arr"
        case reach, take
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        if name.isEmpty { throw c.invalid(.name, "`name` must not be empty") }
        upsellARR = try c.nonNegative(.upsellARR)
        reach = try c.decode(LogisticEffect.self, forKey: .reach)
        take = try c.decode(TakeRates.self, forKey: .take)
    }
}
