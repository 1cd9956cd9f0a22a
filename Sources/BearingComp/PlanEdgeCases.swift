/// One plan's edge cases over a range.
public struct PlanEdgeCases: Sendable, Hashable, Codable {
    /// A CSM paid base only in some payment windows because they owned no customer at the
    /// window's start (e.g. hired or handed accounts during a year under an annual plan).
    public struct CSMWithoutBook: Sendable, Hashable, Codable {
        public var csmID: String
        /// The windows without a book, e.g. `2025`.
        public var windows: [String]
        /// Base paid in those windows, dollars.
        public var base: Double

        public init(csmID: String, windows: [String], base: Double) {
            self.csmID = csmID
            self.windows = windows
            self.base = base
        }
    }

    /// A payment window the range covers only in part: base and target payouts pay pro rata
    /// (`years`) and expansion targets scale by `paymentFraction`.
    public struct PartialWindow: Sendable, Hashable, Codable {
        public var window: String
        /// Panel periods of the window in the range.
        public var periods: [String]
        public var paymentFraction: Double

        public init(window: String, periods: [String], paymentFraction: Double) {
            self.window = window
            self.periods = periods
            self.paymentFraction = paymentFraction
        }
    }

    public var planName: String
    public var paymentPeriod: PaymentPeriod
    /// How the plan's windows assign customers and expansion to CSMs, in one sentence.
    public var creditingRule: String
    public var crediting: ExpansionCrediting
    public var csmsWithoutBook: [CSMWithoutBook]
    public var partialWindows: [PartialWindow]

    public init(
        planName: String, paymentPeriod: PaymentPeriod, creditingRule: String, crediting: ExpansionCrediting,
        csmsWithoutBook: [CSMWithoutBook], partialWindows: [PartialWindow]
    ) {
        self.planName = planName
        self.paymentPeriod = paymentPeriod
        self.creditingRule = creditingRule
        self.crediting = crediting
        self.csmsWithoutBook = csmsWithoutBook
        self.partialWindows = partialWindows
    }

    public init(_ run: PlanPayouts) {
        var missing: [CSMWithoutBook] = []
        for s in run.csmIDs.indices {
            var windows: [String] = []
            var base = 0.0
            for w in run.windows.indices where !run.line(csm: s, window: w).hasBook {
                windows.append(run.windows[w].label)
                base += run.line(csm: s, window: w).base
            }
            if !windows.isEmpty { missing.append(CSMWithoutBook(csmID: run.csmIDs[s], windows: windows, base: base)) }
        }
        let partial = run.windows.filter { $0.paymentFraction < 1 - 1e-9 }.map {
            PartialWindow(window: $0.label, periods: $0.periods.map(\.label), paymentFraction: $0.paymentFraction)
        }
        self.init(
            planName: run.planName, paymentPeriod: run.paymentPeriod, creditingRule: Self.rule(run), crediting: run.crediting,
            csmsWithoutBook: missing, partialWindows: partial)
    }

    /// The crediting rule in words, for the plan's payment period and the panel's periods.
    static func rule(_ run: PlanPayouts) -> String {
        let panelPeriodsPerWindow = run.windows.map(\.periods.count).max() ?? 0
        let unit = run.paymentPeriod == .annual ? "year" : "quarter"
        if panelPeriodsPerWindow <= 1 {
            return "\(run.paymentPeriod.rawValue): each \(unit)'s book is the customers the CSM owns in it; "
                + "their expansion that \(unit) is credited to that CSM; rows without a CSM are credited to nobody"
        }
        return "\(run.paymentPeriod.rawValue): a customer belongs for the whole \(unit) (the part of it in the range) "
            + "to the CSM who owned it at the \(unit)'s first period, who is credited with all its expansion that \(unit) "
            + "even after the account moves; customers who arrive or are assigned later in the \(unit) are credited to nobody "
            + "until the next \(unit)"
    }
}
