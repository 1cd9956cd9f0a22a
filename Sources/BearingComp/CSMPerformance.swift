import BearingMetrics

/// One CSM over a whole payout run: pay and the performance it is compared with.
public struct CSMPerformance: Sendable, Hashable, Encodable {
    public var csmID: String
    /// The CSM's window books merged (sums of each window's start-of-window cohort).
    public var book: RetentionTally
    /// Realised NRR of the book over the range: merged tally's NRR, i.e. the start-ARR-weighted
    /// mean of the windows' NRRs. NaN when the CSM never had a book.
    public var nrr: Double
    public var base: Double
    public var variable: Double
    public var total: Double

    public init(csmID: String, book: RetentionTally, base: Double, variable: Double, total: Double) {
        self.csmID = csmID
        self.book = book
        self.nrr = book.nrr
        self.base = base
        self.variable = variable
        self.total = total
    }

    private enum CodingKeys: String, CodingKey {
        case csmID, book, nrr, base, variable, total
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(csmID, forKey: .csmID)
        try c.encode(book, forKey: .book)
        try c.encodeNumber(nrr, forKey: .nrr)
        try c.encodeNumber(base, forKey: .base)
        try c.encodeNumber(variable, forKey: .variable)
        try c.encodeNumber(total, forKey: .total)
    }
}

