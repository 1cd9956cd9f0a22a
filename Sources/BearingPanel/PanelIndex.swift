/// Per-period and per-customer views of a `HistoryPanel`'s rows.
public struct PanelIndex: Sendable {
    /// Distinct periods, ascending.
    public let periods: [Period]
    /// For each entry of `periods`, the row indices in that period, in row order.
    public let rowsByPeriod: [[Int32]]
    /// For each customer index, its row indices ordered by period.
    public let rowsByCustomer: [[Int32]]

    public init(_ panel: HistoryPanel) {
        let periods = panel.distinctPeriods
        var slot: [Int32: Int] = [:]
        for (i, p) in periods.enumerated() { slot[p.ordinal] = i }
        var byPeriod = Array(repeating: [Int32](), count: periods.count)
        var byCustomer = Array(repeating: [Int32](), count: panel.customerIDs.count)
        for row in 0..<panel.rowCount {
            if let s = slot[panel.period[row].ordinal] { byPeriod[s].append(Int32(row)) }
            byCustomer[Int(panel.customer[row])].append(Int32(row))
        }
        for c in byCustomer.indices where byCustomer[c].count > 1 {
            byCustomer[c].sort { panel.period[Int($0)] < panel.period[Int($1)] }
        }
        self.periods = periods
        self.rowsByPeriod = byPeriod
        self.rowsByCustomer = byCustomer
    }

    /// Rows of one period (empty when the period is absent).
    public func rows(in period: Period) -> [Int32] {
        guard let i = periods.firstIndex(of: period) else { return [] }
        return rowsByPeriod[i]
    }
}
