import _BearingText

/// A CSM compensation plan: OTE, base/variable split, variable components, optional Sales/CSM
/// revenue-share and clawback, and how often it pays.
///
/// Units: money in dollars (annual OTE; expansion targets per payment period), rates and
/// shares as fractions (0.9 = 90%). Keys in files are snake_case; every range error is a
/// `DecodingError.dataCorrupted` whose message starts with the key's name: thrown by the value
/// itself for single numbers (located at the value by the config decoder), by the mapping for
/// checks across keys (weights summing to 1, ascending tiers, a cap below the threshold,
/// components or a clawback that could never pay or recover anything).
/// Unknown keys are rejected by the strict config decoder (BearingFiles), not here.
public struct CompensationPlan: Sendable, Hashable, Decodable {
    /// Shown in reports; defaults to the role when the file has no name.
    public var name: String
    public var role: String
    /// Annual on-target earnings in dollars (base + variable at 100% attainment).
    public var ote: Double
    public var split: PaySplit
    public var paymentPeriod: PaymentPeriod
    /// Weights sum to 1 (within 1e-6).
    public var components: [PlanComponent]
    public var revenueShare: RevenueShare?
    public var clawback: Clawback?

    public init(
        name: String, role: String = "CSM", ote: Double, split: PaySplit, paymentPeriod: PaymentPeriod = .quarterly,
        components: [PlanComponent], revenueShare: RevenueShare? = nil, clawback: Clawback? = nil
    ) {
        self.name = name
        self.role = role
        self.ote = ote
        self.split = split
        self.paymentPeriod = paymentPeriod
        self.components = components
        self.revenueShare = revenueShare
        self.clawback = clawback
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, role, ote, split
        case paymentPeriod = "payment_period"
        case components
        case revenueShare = "revenue_share"
        case clawback
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let role = try c.decode(String.self, forKey: .role)
        let name = try c.decodeIfPresent(String.self, forKey: .name) ?? role
        let ote = try c.checked(.ote, AnnualEarnings.self)
        let split = try c.decode(PaySplit.self, forKey: .split)
        guard c.contains(.paymentPeriod) else {
            throw c.rangeError(.paymentPeriod, "is required: 'quarterly' or 'annual'")
        }
        let paymentPeriod = try c.decodeChoice(PaymentPeriod.self, .paymentPeriod)
        let components = try c.decodeIfPresent([PlanComponent].self, forKey: .components) ?? []
        if split.variable > 0 {
            guard !components.isEmpty else {
                throw c.rangeError(.components, "must list at least one component when the split has variable pay")
            }
            let total = components.reduce(0) { $0 + $1.weight }
            guard abs(total - 1) < 1e-6 else {
                throw c.rangeError(.components, "weights must sum to 1, found \(total)")
            }
        } else if !components.isEmpty {
            throw c.rangeError(
                .components, "are listed but 'split' has no variable pay, so they could never pay; give the split a variable part or remove them")
        }
        let revenueShare = try c.decodeIfPresent(RevenueShare.self, forKey: .revenueShare)
        let clawback = try c.decodeIfPresent(Clawback.self, forKey: .clawback)
        if let revenueShare, revenueShare.csm == 0,
            let i = components.firstIndex(where: { $0.metric == .expansionARR })
        {
            throw c.rangeError(
                .revenueShare,
                "credits the CSM with none of the expansion ('csm' is 0), so components[\(i)] (expansion_arr) could never pay")
        }
        if clawback != nil, !components.contains(where: \.metric.isExpansionLinked), (revenueShare?.commissionRate ?? 0) == 0 {
            throw c.rangeError(
                .clawback,
                "recovers pay for expansions, but this plan pays none: no expansion_arr or vector_forecast_attainment"
                    + " component and no revenue_share commission_rate")
        }
        self.init(
            name: name, role: role, ote: ote, split: split, paymentPeriod: paymentPeriod, components: components,
            revenueShare: revenueShare, clawback: clawback)
    }

    /// Share of expansion ARR credited to the CSM: the revenue-share's CSM part, or 1.
    public var csmExpansionShare: Double { revenueShare?.csm ?? 1 }
}
