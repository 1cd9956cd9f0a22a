import BearingMetrics

/// One CSM over a whole payout run: pay and the performance it is compared with.
public struct CSMPerformance: Sendable, Hashable, Codable {
    public var csmID: String
    /// The CSM's window books merged (sums of each window's start-of-window cohort).
    public var book: RetentionTally
    /// Realised NRR of the book over the range: merged tally's NRR, i.e. the start-ARR-weighted
    /// mean of the windows' NRRs. NaN when the CSM never had a book.
    @NaNAsNull public var nrr: Double
    @NaNAsNull public var base: Double
    @NaNAsNull public var variable: Double
    @NaNAsNull public var total: Double

    public init(csmID: String, book: RetentionTally, base: Double, variable: Double, total: Double) {
        self.csmID = csmID
        self.book = book
        self.nrr = book.nrr
        self.base = base
        self.variable = variable
        self.total = total
    }
}

