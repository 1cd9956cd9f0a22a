/// Per-period and per-customer views of a `HistoryPanel`'s rows.
public struct PanelIndex: Sendable {
    /// Distinct periods, ascending.
    public let periods: [Period]
    /// For each entry of `periods`, the row indices in that period, in row order.
    public let rowsByPeriod: [[Int32]]
    /// For each customer index, its row indices ordered by period (rows of equal periods
    /// in row order).
    public let rowsByCustomer: [[Int32]]

    public init(_ panel: HistoryPanel) {
        // The closures below capture the two columns, never the panel: capturing the panel
        // retained and released it on every comparison.
        let period = panel.period
        let customer = panel.customer
        let rowCount = period.count
        let periodSlots = Self.periodSlots(period)
        let periods = periodSlots.periods

        // Exact sizes first, so each row list is allocated once.
        var periodCounts = [Int](repeating: 0, count: periods.count)
        var customerCounts = [Int](repeating: 0, count: panel.customerIDs.count)
        for row in 0..<rowCount {
            periodCounts[periodSlots.slot(period[row])] += 1
            customerCounts[Int(customer[row])] += 1
        }
        var byPeriod = periodCounts.map { count -> [Int32] in
            var rows: [Int32] = []
            rows.reserveCapacity(count)
            return rows
        }
        var byCustomer = customerCounts.map { count -> [Int32] in
            var rows: [Int32] = []
            rows.reserveCapacity(count)
            return rows
        }
        for row in 0..<rowCount {
            byPeriod[periodSlots.slot(period[row])].append(Int32(row))
            byCustomer[Int(customer[row])].append(Int32(row))
        }
        // Exports list each customer's rows in period order: check, and sort only the
        // customers that are not (the sort is stable, so equal periods keep row order).
        for c in byCustomer.indices where byCustomer[c].count > 1 {
            if Self.isOrdered(byCustomer[c], period) { continue }
            byCustomer[c].sort { period[Int($0)].ordinal < period[Int($1)].ordinal }
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

    private static func isOrdered(_ rows: [Int32], _ period: [Period]) -> Bool {
        var previous = period[Int(rows[0])].ordinal
        for i in 1..<rows.count {
            let ordinal = period[Int(rows[i])].ordinal
            if ordinal < previous { return false }
            previous = ordinal
        }
        return true
    }

    /// Maps a period to its position among the distinct periods: a table indexed by
    /// ordinal when the ordinals span a small range (always, for one granularity), else a
    /// dictionary.
    private struct PeriodSlots {
        var periods: [Period]
        var lowest: Int32
        var table: [Int32]
        var dictionary: [Period: Int]

        @inline(__always)
        func slot(_ p: Period) -> Int {
            if dictionary.isEmpty { return Int(table[Int(p.ordinal - lowest)]) }
            return dictionary[p] ?? 0
        }
    }

    private static func periodSlots(_ period: [Period]) -> PeriodSlots {
        guard let first = period.first else { return PeriodSlots(periods: [], lowest: 0, table: [], dictionary: [:]) }
        var lowest = first.ordinal
        var highest = first.ordinal
        var oneGranularity = true
        for p in period {
            lowest = min(lowest, p.ordinal)
            highest = max(highest, p.ordinal)
            if p.granularity != first.granularity { oneGranularity = false }
        }
        let span = Int(highest) - Int(lowest) + 1
        if oneGranularity, span <= 4 * period.count + 4096 {
            var present = [Bool](repeating: false, count: span)
            for p in period { present[Int(p.ordinal - lowest)] = true }
            var table = [Int32](repeating: -1, count: span)
            var periods: [Period] = []
            for k in 0..<span where present[k] {
                table[k] = Int32(periods.count)
                periods.append(Period(granularity: first.granularity, ordinal: lowest + Int32(k)))
            }
            return PeriodSlots(periods: periods, lowest: lowest, table: table, dictionary: [:])
        }
        let periods = Array(Set(period)).sorted()
        var dictionary: [Period: Int] = [:]
        for (i, p) in periods.enumerated() { dictionary[p] = i }
        return PeriodSlots(periods: periods, lowest: 0, table: [], dictionary: dictionary)
    }
}
