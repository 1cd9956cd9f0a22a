/// Per-period hazards of losing revenue.
///
/// Each period a customer churns with probability `churn` (or by the scenario's `true_link`
/// when it has one). A customer who does not churn contracts with probability `contraction`,
/// losing a share of its start-of-period ARR drawn uniformly from
/// [`contraction_share.min`, `contraction_share.max`], rounded to whole currency units.
public struct Hazards: Sendable, Hashable, Codable {
    public struct ShareRange: Sendable, Hashable, Codable {
        public var min: Double
        public var max: Double

        public init(min: Double, max: Double) {
            self.min = min
            self.max = max
        }

        enum CodingKeys: String, CodingKey { case min, max }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            min = try c.probability(.min)
            max = try c.probability(.max)
            guard min <= max else { throw c.invalid(.max, "`max` (\(max)) must be >= `min` (\(min))") }
        }
    }

    public var churn: LogisticEffect
    public var contraction: LogisticEffect
    public var contractionShare: ShareRange

    public init(churn: LogisticEffect, contraction: LogisticEffect, contractionShare: ShareRange) {
        self.churn = churn
        self.contraction = contraction
        self.contractionShare = contractionShare
    }

    enum CodingKeys: String, CodingKey {
        case churn, contraction
        case contractionShare = "contraction_share"
    }
}
