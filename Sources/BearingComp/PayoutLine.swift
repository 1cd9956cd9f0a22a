import BearingMetrics

/// What one plan pays one CSM for one payment window. Dollars throughout.
public struct PayoutLine: Sendable, Hashable {
    public var csmID: String
    public var window: String
    /// False when the CSM owned no customer at the window's start: base only, no variable.
    public var hasBook: Bool
    public var book: RetentionTally
    /// Base salary for the window: OTE × base share × window years.
    public var base: Double
    public var components: [ComponentPayout]
    /// The CSM's part of the expansion commission (revenue-share).
    public var commission: Double
    /// Sales' part of the expansion commission: reported, not CSM pay.
    public var salesCommission: Double
    /// Pay recovered in this window for expansions whose account churned (>= 0, deducted).
    public var clawback: Double

    public init(
        csmID: String, window: String, hasBook: Bool, book: RetentionTally, base: Double,
        components: [ComponentPayout], commission: Double, salesCommission: Double, clawback: Double
    ) {
        self.csmID = csmID
        self.window = window
        self.hasBook = hasBook
        self.book = book
        self.base = base
        self.components = components
        self.commission = commission
        self.salesCommission = salesCommission
        self.clawback = clawback
    }

    /// Component payouts + commission - clawback (can be negative when a clawback exceeds the window's pay).
    public var variable: Double { components.reduce(0) { $0 + $1.payout } + commission - clawback }

    /// Base + variable: what the CSM costs the company for the window.
    public var total: Double { base + variable }
}
