/// What the reader saw, for progress lines and reports ("10,000,000 rows, 1,000,000
/// customers, 2023-Q1...2025-Q2, 3.1% of experience.nps missing").
public struct PanelReadSummary: Sendable, Hashable {
    public var rows: Int
    public var customers: Int
    /// Distinct periods present.
    public var periods: Int
    public var firstPeriod: Period
    public var lastPeriod: Period
    public var granularity: Granularity
    /// Empty (missing) cells per feature column, in header order.
    public var missingPerFeature: [(name: String, count: Int)]
    /// Bytes of the file, including the byte order mark if any.
    public var bytesRead: Int

    public init(
        rows: Int, customers: Int, periods: Int, firstPeriod: Period, lastPeriod: Period,
        granularity: Granularity, missingPerFeature: [(name: String, count: Int)], bytesRead: Int
    ) {
        self.rows = rows
        self.customers = customers
        self.periods = periods
        self.firstPeriod = firstPeriod
        self.lastPeriod = lastPeriod
        self.granularity = granularity
        self.missingPerFeature = missingPerFeature
        self.bytesRead = bytesRead
    }

    /// Missing cells of one feature column (0 when there is no such column).
    public func missing(_ feature: String) -> Int {
        missingPerFeature.first { $0.name == feature }?.count ?? 0
    }

    public static func == (a: PanelReadSummary, b: PanelReadSummary) -> Bool {
        a.rows == b.rows && a.customers == b.customers && a.periods == b.periods
            && a.firstPeriod == b.firstPeriod && a.lastPeriod == b.lastPeriod && a.granularity == b.granularity
            && a.missingPerFeature.map(\.name) == b.missingPerFeature.map(\.name)
            && a.missingPerFeature.map(\.count) == b.missingPerFeature.map(\.count) && a.bytesRead == b.bytesRead
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rows)
        hasher.combine(customers)
        hasher.combine(bytesRead)
        for entry in missingPerFeature {
            hasher.combine(entry.name)
            hasher.combine(entry.count)
        }
    }
}
