import _BearingText

/// Sales/CSM revenue-share on expansions (75/25 in the sources: Sales 75%, CSM 25%).
///
/// The CSM's share scales the expansion ARR credited to `expansion_arr` components. With a
/// `commission_rate`, each expansion also pays `commission_rate × ARR`, split by the shares;
/// the CSM's part is CSM pay, the Sales part is reported but not part of the CSM plan's cost.
public struct RevenueShare: Sendable, Hashable, Decodable {
    /// Sales' share of expansion credit, a fraction.
    public var sales: Double
    /// The CSM's share, a fraction; `sales + csm = 1`.
    public var csm: Double
    /// Commission per dollar of expansion ARR, before the split (0.1 = 10%); 0 for none.
    public var commissionRate: Double

    public init(sales: Double, csm: Double, commissionRate: Double = 0) {
        self.sales = sales
        self.csm = csm
        self.commissionRate = commissionRate
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case sales, csm
        case commissionRate = "commission_rate"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let sales = try c.checked(.sales, Fraction.self)
        let csm = try c.checked(.csm, Fraction.self)
        guard abs(sales + csm - 1) < 1e-9 else {
            throw c.rangeError(.csm, "plus 'sales' must equal 1 (0.25 + 0.75 for a 75/25 split), found \(csm) + \(sales)")
        }
        let rate = try c.checkedIfPresent(.commissionRate, Fraction.self) ?? 0
        self.init(sales: sales, csm: csm, commissionRate: rate)
    }
}
