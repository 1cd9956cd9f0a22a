/// `workbench.json`: the stages `workbench` ran, their arguments and timings.
public struct WorkbenchRecord: Codable, Sendable, Hashable {
    public static let fileName = "workbench.json"

    /// One stage's record.
    public struct Stage: Codable, Sendable, Hashable {
        public var name: String
        public var seconds: Double
        /// The equivalent command-line arguments of the stage's command.
        public var arguments: [String]

        public init(name: String, seconds: Double, arguments: [String]) {
            self.name = name
            self.seconds = seconds
            self.arguments = arguments
        }
    }

    public var bearingVersion: String
    /// The scenario file, or nil when the workbench ran on a history.
    public var scenario: String?
    /// The history file, or nil when the workbench simulated one.
    public var history: String?
    public var seed: UInt64
    public var stages: [Stage]
    /// Stages left out, with the reason and how to add them.
    public var skipped: [String]
    public var totalSeconds: Double
    public var report: String

    public init(
        bearingVersion: String, scenario: String?, history: String?, seed: UInt64, stages: [Stage], skipped: [String],
        totalSeconds: Double, report: String
    ) {
        self.bearingVersion = bearingVersion
        self.scenario = scenario
        self.history = history
        self.seed = seed
        self.stages = stages
        self.skipped = skipped
        self.totalSeconds = totalSeconds
        self.report = report
    }
}
