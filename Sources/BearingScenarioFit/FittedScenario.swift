import BearingPanel
import BearingSimulation

/// A scenario fitted to a history panel (`ScenarioFitter.fit`), with where each of its numbers
/// came from.
public struct FittedScenario: Sendable, Hashable {
    /// One total of the history that the fit reproduces by simulation, and how close it got.
    public struct MatchedTotal: Sendable, Hashable, Codable {
        public var name: String
        public var history: Double
        public var simulated: Double

        public init(name: String, history: Double, simulated: Double) {
            self.name = name
            self.history = history
            self.simulated = simulated
        }
    }

    /// The forward scenario: starts in the period after the history's last one, with the book
    /// as the history leaves it (customers still there, their fit, ARR and CSMs).
    public var scenario: Scenario
    /// The same dynamics over the history's own periods, starting from the book in its first
    /// period: what `FitComparison` simulates to set fitted against history.
    public var backcast: Scenario
    /// Where numbers came from, by key path. Segments, milestones and features are named, not
    /// numbered: `segments[Small Agency].arr`, `milestones[onboarded].take`,
    /// `features[experience.nps]`, `latent.direction.persistence`, `hazards.churn`.
    public var sources: [String: FitSource]
    /// What the fit assumed, left out or could not identify, in a sentence each.
    public var notes: [String]
    /// The totals matched by simulation (history vs the backcast's mean over the last round).
    public var matched: [MatchedTotal]
    /// Rows and customers of the history, and its first and last period.
    public var historyRows: Int
    public var historyCustomers: Int
    public var historyRange: PeriodRange

    public init(
        scenario: Scenario, backcast: Scenario, sources: [String: FitSource], notes: [String], matched: [MatchedTotal],
        historyRows: Int, historyCustomers: Int, historyRange: PeriodRange
    ) {
        self.scenario = scenario
        self.backcast = backcast
        self.sources = sources
        self.notes = notes
        self.matched = matched
        self.historyRows = historyRows
        self.historyCustomers = historyCustomers
        self.historyRange = historyRange
    }

    /// The source of a key path, if the fit recorded one.
    public func source(_ path: String) -> FitSource? { sources[path] }
}
