import BearingSimulation

/// Settings of `ScenarioFitter.fit`.
public struct ScenarioFitOptions: Sendable, Hashable {
    /// The fitted scenario's `name`.
    public var name: String
    /// The history's file name, for the description and the YAML comments.
    public var historyFile: String?
    /// Periods the fitted scenario simulates after the history's last one; nil: as many as the
    /// history spans.
    public var periodsAhead: Int?
    /// Cohort rule of the fitted scenario (`stretch_counts_as_good`).
    public var stretchCountsAsGood: Bool
    /// Seed of the simulations that match the fitted hazards to the history's totals
    /// (method of simulated moments). The fit is deterministic for a given seed.
    public var seed: UInt64
    /// Simulated customer-periods per matching round (more: less simulation noise in the
    /// matched intercepts; the default keeps it under 1% of a typical count).
    public var matchingCustomerPeriods: Int
    /// Matching rounds at most (each one simulation of the history's book).
    public var matchingRounds: Int
    /// Fewer CSMs than this in a segment: its CSM skill spread is not estimated (default 0 used).
    public var minimumCSMsForSkill: Int
    /// Worker threads for the simulations (results do not depend on it).
    public var threads: Int
    /// Written into the description.
    public var bearingVersion: String

    public init(
        name: String = "fitted", historyFile: String? = nil, periodsAhead: Int? = nil, stretchCountsAsGood: Bool = true,
        seed: UInt64 = 20_240_101, matchingCustomerPeriods: Int = 2_000_000, matchingRounds: Int = 12,
        minimumCSMsForSkill: Int = 3, threads: Int = MonteCarloEngine.defaultThreads, bearingVersion: String = "dev"
    ) {
        self.name = name
        self.historyFile = historyFile
        self.periodsAhead = periodsAhead
        self.stretchCountsAsGood = stretchCountsAsGood
        self.seed = seed
        self.matchingCustomerPeriods = matchingCustomerPeriods
        self.matchingRounds = matchingRounds
        self.minimumCSMsForSkill = minimumCSMsForSkill
        self.threads = threads
        self.bearingVersion = bearingVersion
    }
}
