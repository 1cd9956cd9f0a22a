/// One kind of contract in a segment's mix (`segments[].contracts[]`).
///
/// A customer on a term contract (`term_months` longer than a period) decides about churn and
/// contraction only in the period in which its term ends (the renewal period): the per-period
/// hazards of its latent state accumulate between renewals, and at the renewal it churns with
/// probability `1 − Π(1 − h_t)` over the periods since the last one (contraction alike).
/// `early_termination` is the share of those decisions to leave that take effect at once
/// instead of at the renewal: in a period between renewals the customer churns with
/// probability `early_termination · h_t`, and the rest accumulates, so the chance of lasting a
/// whole term is `Π(1 − h_t)` whatever the share. A term no longer than a period (a monthly
/// plan in a quarterly scenario, or `term_months: 1`) renews every period: the per-period model.
///
/// At a renewal the customer renews at a higher price: `uplift.mean + uplift.sd · ε` (ε standard
/// normal, floored at 0) times its ARR after contraction is added to the period's
/// `expansion_arr`. Starting customers' first term ends in a month drawn uniformly over the next
/// `term_months` months, or, with `renewal_month` (1–12, terms of whole years only), in that
/// calendar month of one of the next `term_months / 12` years; a new logo's term starts at its
/// acquisition.
public struct ContractTermSpec: Sendable, Hashable, Codable {
    /// Price uplift at renewal: a rate per renewal, with spread.
    public struct Uplift: Sendable, Hashable, Codable {
        public var mean: Double
        public var sd: Double

        public init(mean: Double, sd: Double = 0) {
            self.mean = mean
            self.sd = sd
        }

        enum CodingKeys: String, CodingKey { case mean, sd }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            mean = try c.nonNegative(.mean)
            sd = try c.nonNegative(.sd, default: 0)
        }
    }

    public var termMonths: Int
    /// Share of the segment's customers (new logos too) on this contract.
    public var share: Double
    /// Calendar month (1–12) in which the starting customers' terms end; nil = spread out.
    public var renewalMonth: Int?
    public var uplift: Uplift?
    public var earlyTermination: Double

    public init(termMonths: Int, share: Double, renewalMonth: Int? = nil, uplift: Uplift? = nil, earlyTermination: Double = 0) {
        self.termMonths = termMonths
        self.share = share
        self.renewalMonth = renewalMonth
        self.uplift = uplift
        self.earlyTermination = earlyTermination
    }

    enum CodingKeys: String, CodingKey {
        case termMonths = "term_months"
        case share
        case renewalMonth = "renewal_month"
        case uplift
        case earlyTermination = "early_termination"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        termMonths = try c.count(.termMonths, atMost: ContractTermLimit.self)
        share = try c.probability(.share)
        if let month = try c.checkedIfPresent(.renewalMonth, AtLeastOne.self) {
            guard month <= 12 else { throw c.invalid(.renewalMonth, "`renewal_month` must be a month 1 to 12, found \(Int(month))") }
            guard termMonths % 12 == 0 else {
                throw c.invalid(
                    .renewalMonth, "`renewal_month` needs a term of whole years (term_months 12, 24, ...), found term_months \(termMonths)")
            }
            renewalMonth = Int(month)
        }
        uplift = try c.decodeIfPresent(Uplift.self, forKey: .uplift)
        earlyTermination = try c.probability(.earlyTermination, default: 0)
    }
}

extension [ContractTermSpec] {
    /// Checks that a segment's contract shares sum to 1 (within 1e-9), as fit shares must.
    func checkShares(codingPath: [any CodingKey]) throws {
        let sum = reduce(0) { $0 + $1.share }
        guard isEmpty || abs(sum - 1) <= 1e-9 else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: codingPath, debugDescription: "contract shares must sum to 1, found \(sum)"))
        }
    }
}
