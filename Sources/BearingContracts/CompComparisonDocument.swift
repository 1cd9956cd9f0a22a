import BearingComp

/// `comparison.json` of `comp --history`: each plan replayed on the history, side by side.
public struct CompComparisonDocument: Codable, Sendable, Hashable {
    public static let fileName = "comparison.json"

    /// One plan's replay.
    public struct Plan: Codable, Sendable, Hashable {
        /// The plan file as given on the command line.
        public var file: String
        public var name: String
        public var paymentPeriod: PaymentPeriod
        /// The payment windows paid, e.g. `2024-Q3`.
        public var windows: [String]
        public var summary: PlanSummary
        public var csms: [CSMPerformance]

        public init(
            file: String, name: String, paymentPeriod: PaymentPeriod, windows: [String], summary: PlanSummary,
            csms: [CSMPerformance]
        ) {
            self.file = file
            self.name = name
            self.paymentPeriod = paymentPeriod
            self.windows = windows
            self.summary = summary
            self.csms = csms
        }
    }

    /// Who gains and who loses moving from the first plan to another.
    public struct Changes: Codable, Sendable, Hashable {
        public var from: String
        public var to: String
        public var changes: [PayChange]

        public init(from: String, to: String, changes: [PayChange]) {
            self.from = from
            self.to = to
            self.changes = changes
        }
    }

    public var bearingVersion: String
    public var history: String
    public var plans: [Plan]
    public var changes: [Changes]
    /// Every plan scaled to the first plan's total cost and ranked by pay per SD of performance
    /// there; nil (left out) when not computed.
    public var equalCost: EqualCostComparison?
    /// Rows no plan pays for, CSMs paid base only, partial windows and expansion crediting;
    /// nil (left out) when not computed.
    public var edgeCases: CompEdgeCases?

    public init(
        bearingVersion: String, history: String, plans: [Plan], changes: [Changes], equalCost: EqualCostComparison? = nil,
        edgeCases: CompEdgeCases? = nil
    ) {
        self.bearingVersion = bearingVersion
        self.history = history
        self.plans = plans
        self.changes = changes
        self.equalCost = equalCost
        self.edgeCases = edgeCases
    }
}
