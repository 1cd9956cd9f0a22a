import BearingComp

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
    public var plans: [Plan]

    public init(
        bearingVersion: String, scenario: String, seed: UInt64, trials: Int, from: String?, to: String?, plans: [Plan]
    ) {
        self.bearingVersion = bearingVersion
        self.scenario = scenario
        self.seed = seed
        self.trials = trials
        self.from = from
        self.to = to
        self.plans = plans
    }
}
