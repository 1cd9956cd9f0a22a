import BearingComp
import BearingScenarioFit

/// `stress.json` of `comp --stress`: P5/P50/P95 of each plan over simulated histories.
public struct StressDocument: Codable, Sendable, Hashable {
    public static let fileName = "stress.json"

    /// One plan's distributions.
    public struct Plan: Codable, Sendable, Hashable {
        /// The plan file as given on the command line.
        public var file: String
        public var stress: PlanStressSummary

        public init(file: String, stress: PlanStressSummary) {
            self.file = file
            self.stress = stress
        }
    }

    public var bearingVersion: String
    /// The scenario file as given on the command line.
    public var scenario: String
    public var seed: UInt64
    public var trials: Int
    public var from: String?
    public var to: String?
    /// Shocks layered on the scenario for this run (`--shock`), as given.
    public var shocks: [String]
    /// How the scenario's book compares with the history's (`comp --stress --history`): warns
    /// when the stress test describes someone else's company.
    public var bookCheck: BookCheck?
    public var plans: [Plan]

    public init(
        bearingVersion: String, scenario: String, seed: UInt64, trials: Int, from: String?, to: String?,
        shocks: [String] = [], bookCheck: BookCheck? = nil, plans: [Plan]
    ) {
        self.shocks = shocks
        self.bookCheck = bookCheck
        self.bearingVersion = bearingVersion
        self.scenario = scenario
        self.seed = seed
        self.trials = trials
        self.from = from
        self.to = to
        self.plans = plans
    }
}
