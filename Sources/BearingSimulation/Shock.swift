import BearingPanel

/// A shock in one period: multipliers on that period's probabilities, e.g. churn x1.5 in
/// 2025-Q2. A multiplied probability is capped at 1. Every multiplier defaults to 1 (no
/// effect). With `segments` the shock hits only those segments; without, all of them.
/// Several shocks in one period multiply.
public struct Shock: Sendable, Hashable, Codable {
    public var period: Period
    public var churn: Double
    public var goingDark: Double
    public var contraction: Double
    public var milestoneReach: Double
    public var segments: [String]?

    public init(
        period: Period, churn: Double = 1, goingDark: Double = 1, contraction: Double = 1,
        milestoneReach: Double = 1, segments: [String]? = nil
    ) {
        self.period = period
        self.churn = churn
        self.goingDark = goingDark
        self.contraction = contraction
        self.milestoneReach = milestoneReach
        self.segments = segments
    }

    enum CodingKeys: String, CodingKey {
        case period, churn
        case goingDark = "going_dark"
        case contraction
        case milestoneReach = "milestone_reach"
        case segments
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        period = try c.decode(Period.self, forKey: .period)
        churn = try c.nonNegative(.churn, default: 1)
        goingDark = try c.nonNegative(.goingDark, default: 1)
        contraction = try c.nonNegative(.contraction, default: 1)
        milestoneReach = try c.nonNegative(.milestoneReach, default: 1)
        segments = try c.decodeIfPresent([String].self, forKey: .segments)
    }
}
