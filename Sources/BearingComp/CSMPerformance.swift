import BearingMetrics

/// One CSM over a whole payout run: pay and the performance it is compared with.
public struct CSMPerformance: Sendable, Hashable, Codable {
    public var csmID: String
    /// The CSM's per-panel-period books over the range, added up (`CSMPeriodBooks.rangeBook`):
    /// the same for every plan, whatever its payment period.
    public var book: RetentionTally
    /// Realised NRR of the book over the range: the merged tally's NRR, i.e. the
    /// start-ARR-weighted mean of the panel periods' NRRs. NaN when the CSM never had a book.
    @NaNAsNull public var nrr: Double
    /// `nrr` standardised across the roster's CSMs with a book (`PayPerformance.performanceIndex`).
    @NaNAsNull public var performanceIndex: Double
    /// Payment windows in which the CSM owned no customer at the window's start and was paid
    /// base only.
    public var windowsWithoutBook: Int
    @NaNAsNull public var base: Double
    @NaNAsNull public var variable: Double
    @NaNAsNull public var total: Double

    public init(
        csmID: String, book: RetentionTally, base: Double, variable: Double, total: Double, performanceIndex: Double = .nan,
        windowsWithoutBook: Int = 0
    ) {
        self.csmID = csmID
        self.book = book
        self.nrr = book.nrr
        self.performanceIndex = performanceIndex
        self.windowsWithoutBook = windowsWithoutBook
        self.base = base
        self.variable = variable
        self.total = total
    }
}
