/// The optional contract columns of a history panel, row-aligned with its other columns:
/// `contract_term_months` (the customer's contract term in months in that period: 1 for a
/// monthly plan, 12 annual, 24 or 36 multi-year) and `renewal_date` (`YYYY-MM-DD`, the last day
/// of the current term: the contract renews or ends then). Either cell may be empty (unknown).
///
/// A panel without the columns has `contracts == nil`; every command works without them.
public struct ContractColumns: Sendable, Hashable {
    /// Marks an empty `renewal_date` cell.
    public static let noDate = Int32.min

    /// Contract term in months, or -1 for an empty cell.
    public var termMonths: [Int32]
    /// `CalendarDate.dayNumber` of the renewal date, or `noDate` for an empty cell.
    public var renewalDay: [Int32]

    public init(termMonths: [Int32] = [], renewalDay: [Int32] = []) {
        self.termMonths = termMonths
        self.renewalDay = renewalDay
    }

    /// The renewal date of a row, nil when the cell is empty.
    public func renewalDate(row: Int) -> CalendarDate? {
        renewalDay[row] == Self.noDate ? nil : CalendarDate(dayNumber: renewalDay[row])
    }

    /// Whether row `row` of a panel is up for renewal in `period` (its period): the renewal date
    /// falls within the period. Nil when the row has no renewal date.
    public func isUpForRenewal(row: Int, in period: Period) -> Bool? {
        guard let date = renewalDate(row: row) else { return nil }
        let month = date.monthIndex
        return month >= period.firstMonthIndex && month < period.firstMonthIndex + period.months
    }

    /// Appends one row's cells.
    public mutating func append(termMonths term: Int32, renewal: CalendarDate?) {
        termMonths.append(term)
        renewalDay.append(renewal?.dayNumber ?? Self.noDate)
    }

    mutating func reserveCapacity(_ rows: Int) {
        termMonths.reserveCapacity(rows)
        renewalDay.reserveCapacity(rows)
    }
}
