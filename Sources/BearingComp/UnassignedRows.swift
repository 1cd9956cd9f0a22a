import BearingMetrics

/// Rows of a history range that name no CSM, and the ARR they hold: no plan pays anyone for
/// these customers in those periods, so a comparison says how much of the book they are.
public struct UnassignedRows: Sendable, Hashable, Codable {
    /// One panel period's unassigned rows.
    public struct PeriodRows: Sendable, Hashable, Codable {
        /// `2025-Q1` or `2025-01`.
        public var period: String
        public var rows: Int
        /// Σ ARR at the start of the period of the unassigned rows.
        @NaNAsNull public var arr: Double
        /// `arr` / the ARR of all rows of the period (outcome known).
        @NaNAsNull public var arrShare: Double

        public init(period: String, rows: Int, arr: Double, arrShare: Double) {
            self.period = period
            self.rows = rows
            self.arr = arr
            self.arrShare = arrShare
        }
    }

    public var rows: Int
    /// Distinct customers with at least one unassigned row.
    public var customers: Int
    /// Σ over the range's periods of the unassigned rows' start ARR (ARR-periods: a customer
    /// unassigned for two quarters counts twice).
    @NaNAsNull public var arr: Double
    /// `arr` / Σ over the range's periods of every row's start ARR; NaN when that is 0.
    @NaNAsNull public var arrShare: Double
    /// Expansion ARR on unassigned rows, credited to no CSM by a plan paying per panel period.
    @NaNAsNull public var expansionARR: Double
    /// Periods with at least one unassigned row, ascending.
    public var byPeriod: [PeriodRows]

    public init(rows: Int = 0, customers: Int = 0, arr: Double = 0, arrShare: Double = .nan, expansionARR: Double = 0, byPeriod: [PeriodRows] = []) {
        self.rows = rows
        self.customers = customers
        self.arr = arr
        self.arrShare = arrShare
        self.expansionARR = expansionARR
        self.byPeriod = byPeriod
    }
}
