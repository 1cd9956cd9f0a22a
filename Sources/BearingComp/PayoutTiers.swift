import _BearingText

/// How a tiered rate table turns attainment into a payout factor.
public enum TierMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Tier payout: the rate of the highest tier reached applies to the whole attainment
    /// (`factor = rate(a) × a`). Crossing a tier boundary changes the pay on every unit below it.
    case tier
    /// Marginal payout: each bracket's rate applies only to the attainment inside that bracket
    /// (`factor = Σ rate_i × overlap(a, bracket_i)`), so pay is continuous in attainment.
    case marginal
}

/// One row of a rate table: from attainment `from` upward (until the next row), pay `rate` per
/// unit of attainment. A rate above 1 is an accelerator, below 1 a decelerator.
public struct PayoutTier: Sendable, Hashable, Decodable {
    /// Attainment (a fraction of target: 1.0 = 100%) where this tier starts.
    public var from: Double
    /// Payout per unit of attainment in this tier (1.0 pays target payout at 100% attainment).
    public var rate: Double

    public init(from: Double, rate: Double) {
        self.from = from
        self.rate = rate
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case from, rate
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(from: try c.checked(.from, TierStart.self), rate: try c.checked(.rate, TierRate.self))
    }
}

/// A tiered rate table (accelerators and decelerators) and the mode that applies it.
///
/// The payout factor is a multiple of the component's target payout: 1.0 pays exactly target.
/// With the default table (`from: 0, rate: 1`) the factor equals attainment in both modes.
public struct PayoutTiers: Sendable, Hashable, Decodable {
    public var mode: TierMode
    /// Rows in ascending `from`, the first starting at 0.
    public var rates: [PayoutTier]

    public init(mode: TierMode, rates: [PayoutTier]) {
        self.mode = mode
        self.rates = rates
    }

    /// Pays attainment one for one: factor = attainment.
    public static let linear = PayoutTiers(mode: .tier, rates: [PayoutTier(from: 0, rate: 1)])

    enum CodingKeys: String, CodingKey, CaseIterable {
        case mode, rates
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard c.contains(.mode) else {
            throw c.rangeError(
                .mode, "is required: 'tier' (the reached tier's rate pays the whole amount) or 'marginal' (bracket by bracket)")
        }
        let mode = try c.decodeChoice(TierMode.self, .mode)
        let rates = try c.decode([PayoutTier].self, forKey: .rates)
        guard let first = rates.first else { throw c.rangeError(.rates, "must list at least one tier") }
        guard first.from == 0 else {
            throw c.rangeError(.rates, "must start at attainment 0 (the first tier's 'from'), found \(first.from)")
        }
        for i in rates.indices.dropFirst() where rates[i].from <= rates[i - 1].from {
            throw c.rangeError(
                .rates, "must have strictly ascending 'from' values; tier \(i) starts at \(rates[i].from) after \(rates[i - 1].from)")
        }
        guard rates.contains(where: { $0.rate > 0 }) else {
            throw c.rangeError(.rates, "are all 0: the component could never pay; give at least one tier a rate > 0")
        }
        self.init(mode: mode, rates: rates)
    }

    /// The payout factor for attainment `a` (>= 0), before threshold and cap. NaN stays NaN.
    public func factor(attainment a: Double) -> Double {
        guard !a.isNaN else { return .nan }
        switch mode {
        case .tier:
            var rate = 0.0
            for row in rates where row.from <= a { rate = row.rate }
            return rate * a
        case .marginal:
            var total = 0.0
            for (i, row) in rates.enumerated() where a > row.from {
                let upper = i + 1 < rates.count ? min(a, rates[i + 1].from) : a
                total += row.rate * (upper - row.from)
            }
            return total
        }
    }
}
