/// Everything one plan pays over a range: one line per CSM and payment window.
public struct PlanPayouts: Sendable, Hashable {
    public var planName: String
    public var paymentPeriod: PaymentPeriod
    public var windows: [PaymentWindow]
    public var csmIDs: [String]
    /// `lines[window * csmIDs.count + csm]`.
    public var lines: [PayoutLine]
    /// The CSMs' books per panel period of the range, whatever this plan's payment period: the
    /// performance `PlanComparison` measures pay against.
    public var periodBooks: CSMPeriodBooks
    /// Where this plan's payment windows credit the range's expansion ARR.
    public var crediting: ExpansionCrediting

    /// `periodBooks` nil (a run built by hand) lets each window's book stand for a period's.
    public init(
        planName: String, paymentPeriod: PaymentPeriod, windows: [PaymentWindow], csmIDs: [String], lines: [PayoutLine],
        periodBooks: CSMPeriodBooks? = nil, crediting: ExpansionCrediting = ExpansionCrediting()
    ) {
        self.planName = planName
        self.paymentPeriod = paymentPeriod
        self.windows = windows
        self.csmIDs = csmIDs
        self.lines = lines
        self.periodBooks = CSMPeriodBooks(periods: [], csmIDs: [], tallies: [])
        self.crediting = crediting
        self.periodBooks = periodBooks ?? CSMPeriodBooks(windowsOf: self)
    }

    public func line(csm: Int, window: Int) -> PayoutLine {
        lines[window * csmIDs.count + csm]
    }

    /// The line of a CSM by id in window `window`, if the CSM is on the roster.
    public func line(csmID: String, window: Int) -> PayoutLine? {
        csmIDs.firstIndex(of: csmID).map { line(csm: $0, window: window) }
    }

    /// Base plus variable pay over all lines, in dollars (bases and variables summed separately
    /// in line order, as `PlanComparison.summary` does, so both give the same bits).
    public var totalCost: Double {
        lines.reduce(0) { $0 + $1.base } + lines.reduce(0) { $0 + $1.variable }
    }
}
