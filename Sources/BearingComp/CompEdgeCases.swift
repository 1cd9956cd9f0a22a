/// What a comparison of plans must say out loud rather than absorb silently: rows no plan pays
/// anyone for, rows not known yet, CSMs paid base only because they had no book, partial
/// payment windows paid pro rata, and how each plan's payment windows credit expansion.
public struct CompEdgeCases: Sendable, Hashable, Codable {
    /// Rows of the range without a CSM, and the ARR they hold.
    public var unassigned: UnassignedRows
    /// Rows of the range whose outcome is not known yet: neither paid nor tallied.
    public var unknownOutcomeRows: Int
    /// CSMs on the roster (a row in the range) without a book in any panel period: left out
    /// of every pay-for-performance measure.
    public var csmsWithoutAnyBook: [String]
    /// In plan order.
    public var plans: [PlanEdgeCases]

    public init(unassigned: UnassignedRows, unknownOutcomeRows: Int, csmsWithoutAnyBook: [String], plans: [PlanEdgeCases]) {
        self.unassigned = unassigned
        self.unknownOutcomeRows = unknownOutcomeRows
        self.csmsWithoutAnyBook = csmsWithoutAnyBook
        self.plans = plans
    }

    /// The edge cases of runs over the same range (the cadence-free figures come from the first).
    public init(_ runs: [PlanPayouts]) {
        let books = runs.first?.periodBooks ?? CSMPeriodBooks(periods: [], csmIDs: [], tallies: [])
        let never = books.csmIDs.indices.filter { books.rangeBook(csm: $0).startCustomers == 0 }.map { books.csmIDs[$0] }
        self.init(
            unassigned: books.unassigned, unknownOutcomeRows: books.unknownOutcomeRows, csmsWithoutAnyBook: never,
            plans: runs.map { PlanEdgeCases($0) })
    }
}
