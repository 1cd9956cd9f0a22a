import BearingPanel

/// How often a plan pays its variable component: each payment period is evaluated on its own
/// window of panel periods.
public enum PaymentPeriod: String, Sendable, Hashable, Codable, CaseIterable {
    case quarterly
    case annual

    /// Payment periods per year.
    public var perYear: Int { self == .quarterly ? 4 : 1 }

    /// Panel periods in one full payment period (quarterly on a monthly panel: 3).
    public func panelPeriods(per granularity: Granularity) -> Int {
        granularity.periodsPerYear / perYear
    }

    /// Index of the payment period that contains `period`: quarters since year 0 or the year.
    func windowKey(of period: Period) -> Int {
        let perPayment = panelPeriods(per: period.granularity)
        return Int(period.ordinal) / max(1, perPayment)
    }

    /// Label of the payment period with this key: `2025-Q2` or `2025`.
    func label(ofKey key: Int) -> String {
        switch self {
        case .quarterly: return Period(granularity: .quarter, ordinal: Int32(key)).label
        case .annual:
            let y = String(key)
            return String(repeating: "0", count: max(0, 4 - y.count)) + y
        }
    }
}
