import BearingPanel

/// One Logical Customer Segment of a scenario.
///
/// Starting ARR is lognormal: `median·exp(sigma·ε)`, rounded to whole currency units. Fit is
/// drawn from `fit` (shares summing to 1 within 1e-9). Each customer is owned by one of the
/// segment's `csms` CSMs, chosen uniformly, for the whole horizon; each CSM has a latent skill
/// drawn once per trial from Normal(0, `csm_skill_sd`). `direction_effect` and
/// `experience_effect` add to the latent AR(1) input of the segment's customers;
/// `upsell_multiplier` scales every milestone's upsell ARR in this segment. `contracts` is the
/// segment's mix of contract terms (``ContractTermSpec``; empty: every customer decides about
/// churn every period) and `new_logos` its acquisition of new customers (``NewLogoSpec``).
public struct SegmentSpec: Sendable, Hashable, Codable {
    public struct ARRDistribution: Sendable, Hashable, Codable {
        public var median: Double
        public var sigma: Double

        public init(median: Double, sigma: Double) {
            self.median = median
            self.sigma = sigma
        }

        enum CodingKeys: String, CodingKey { case median, sigma }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            median = try c.positive(.median)
            sigma = try c.nonNegative(.sigma)
        }
    }

    /// Shares of the segment's customers per fit, summing to 1.
    public struct FitMix: PerFitValues, Sendable, Hashable, Codable {
        public var good: Double
        public var stretch: Double
        public var bad: Double

        public init(good: Double, stretch: Double, bad: Double) {
            self.good = good
            self.stretch = stretch
            self.bad = bad
        }

        enum CodingKeys: String, CodingKey { case good, stretch, bad }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            good = try c.probability(.good, default: 0)
            stretch = try c.probability(.stretch, default: 0)
            bad = try c.probability(.bad, default: 0)
            let sum = good + stretch + bad
            guard abs(sum - 1) <= 1e-9 else {
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(
                        codingPath: decoder.codingPath,
                        debugDescription: "fit shares `good` + `stretch` + `bad` must sum to 1, found \(sum)"))
            }
        }
    }

    public var name: String
    public var customers: Int
    public var arr: ARRDistribution
    public var fit: FitMix
    public var csms: Int
    public var csmSkillSD: Double
    public var directionEffect: Double
    public var experienceEffect: Double
    public var upsellMultiplier: Double
    /// Contract terms and their shares (summing to 1); empty for period-to-period customers.
    public var contracts: [ContractTermSpec]
    public var newLogos: NewLogoSpec?

    public init(
        name: String, customers: Int, arr: ARRDistribution, fit: FitMix, csms: Int, csmSkillSD: Double = 0,
        directionEffect: Double = 0, experienceEffect: Double = 0, upsellMultiplier: Double = 1,
        contracts: [ContractTermSpec] = [], newLogos: NewLogoSpec? = nil
    ) {
        self.name = name
        self.customers = customers
        self.arr = arr
        self.fit = fit
        self.csms = csms
        self.csmSkillSD = csmSkillSD
        self.directionEffect = directionEffect
        self.experienceEffect = experienceEffect
        self.upsellMultiplier = upsellMultiplier
        self.contracts = contracts
        self.newLogos = newLogos
    }

    enum CodingKeys: String, CodingKey {
        case name, customers, arr, fit, csms
        case csmSkillSD = "csm_skill_sd"
        case directionEffect = "direction_effect"
        case experienceEffect = "experience_effect"
        case upsellMultiplier = "upsell_multiplier"
        case contracts
        case newLogos = "new_logos"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        if name.isEmpty { throw c.invalid(.name, "`name` must not be empty") }
        customers = try c.count(.customers, atMost: CustomerCountLimit.self)
        arr = try c.decode(ARRDistribution.self, forKey: .arr)
        fit = try c.decode(FitMix.self, forKey: .fit)
        csms = try c.count(.csms, atMost: CSMCountLimit.self)
        csmSkillSD = try c.nonNegative(.csmSkillSD, default: 0)
        directionEffect = try c.finite(.directionEffect, default: 0)
        experienceEffect = try c.finite(.experienceEffect, default: 0)
        upsellMultiplier = try c.nonNegative(.upsellMultiplier, default: 1)
        contracts = try c.decodeIfPresent([ContractTermSpec].self, forKey: .contracts) ?? []
        try contracts.checkShares(codingPath: decoder.codingPath + [CodingKeys.contracts])
        newLogos = try c.decodeIfPresent(NewLogoSpec.self, forKey: .newLogos)
    }
}
