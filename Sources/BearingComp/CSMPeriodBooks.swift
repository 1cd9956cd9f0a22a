import BearingMetrics
import BearingPanel

/// Each CSM's book in each panel period of a range, independent of any plan's payment cadence:
/// the yardstick every plan's pay is compared with, so two plans over the same range see the
/// same performance even when one pays quarterly and the other annually.
///
/// The book of a CSM in panel period p is the customers whose row in p names that CSM, each
/// tallied over that one period (start ARR = the row's ARR; churned ARR = that ARR when the row
/// churned). Over the range a CSM's book is the periods' tallies added up, so its NRR is the
/// start-ARR-weighted mean of the per-period NRRs. Rows whose outcome is unknown are left out,
/// as `BookLedger` leaves them out of payment.
public struct CSMPeriodBooks: Sendable, Hashable {
    /// The range's panel periods, ascending.
    public let periods: [Period]
    /// The roster, as `BookLedger.csmIDs`.
    public let csmIDs: [String]
    /// `tallies[period * csmIDs.count + csm]`.
    public let tallies: [RetentionTally]
    /// Rows of the range that name no CSM: in nobody's book and paid to nobody.
    public let unassigned: UnassignedRows
    /// Rows of the range whose outcome is not known yet (a period still running): neither paid
    /// nor tallied.
    public let unknownOutcomeRows: Int

    public init(
        periods: [Period], csmIDs: [String], tallies: [RetentionTally], unassigned: UnassignedRows = UnassignedRows(),
        unknownOutcomeRows: Int = 0
    ) {
        precondition(tallies.count == periods.count * csmIDs.count, "one tally per period and CSM")
        self.periods = periods
        self.csmIDs = csmIDs
        self.tallies = tallies
        self.unassigned = unassigned
        self.unknownOutcomeRows = unknownOutcomeRows
    }

    /// Stand-in books for a run that was built by hand rather than by `PayoutEngine`: each
    /// payment window's book counts as one period (labelled by the window's first period).
    init(windowsOf run: PlanPayouts) {
        self.init(
            periods: run.windows.map { $0.periods.first ?? Period(granularity: .quarter, ordinal: 0) }, csmIDs: run.csmIDs,
            tallies: run.lines.map(\.book))
    }

    /// The book of CSM slot `csm` in the range's period `period` (an index into `periods`).
    public func book(csm: Int, period: Int) -> RetentionTally {
        tallies[period * csmIDs.count + csm]
    }

    /// CSM slot `csm`'s book over the whole range: its periods' tallies added in period order.
    public func rangeBook(csm: Int) -> RetentionTally {
        var total = RetentionTally()
        for p in periods.indices { total.merge(book(csm: csm, period: p)) }
        return total
    }
}
