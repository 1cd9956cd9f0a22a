import BearingMetrics
import BearingPanel

/// `summary.json`: distributions over trials of every group's metrics.
///
/// Percentiles are `Quantiles` type 7 (numpy's default) over the trials, ignoring NaN; a
/// group with no customers in any trial has null entries. Encode with sorted keys for
/// byte-identical output.
public struct SimulationSummary: Sendable, Hashable, Codable {
    public static let fileName = "summary.json"

    /// P5, P50, P95 and mean of one metric over trials.
    public struct Distribution: Sendable, Hashable, Codable {
        public var p5: Double?
        public var p50: Double?
        public var p95: Double?
        public var mean: Double?

        public init(_ values: [Double]) {
            let q = Quantiles.quantiles(values, [0.05, 0.5, 0.95])
            let finite = values.filter { !$0.isNaN }
            func opt(_ x: Double) -> Double? { x.isFinite ? x : nil }
            p5 = opt(q[0])
            p50 = opt(q[1])
            p95 = opt(q[2])
            mean = finite.isEmpty ? nil : opt(finite.reduce(0, +) / Double(finite.count))
        }
    }

    public struct Group: Sendable, Hashable, Codable {
        /// The group's label as in `trials.csv` column names.
        public var group: String
        public var segment: String?
        public var cohort: String?
        /// Metric name (`nrr`, `grr`, `logo_retention`, `churned_arr`, ...) -> distribution.
        public var metrics: [String: Distribution]
    }

    public var scenario: String
    public var seed: UInt64
    public var trials: Int
    public var firstTrial: Int
    public var periods: [String]
    public var window: String
    public var cohortRule: String
    public var groups: [Group]

    enum CodingKeys: String, CodingKey {
        case scenario, seed, trials
        case firstTrial = "first_trial"
        case periods, window
        case cohortRule = "cohort_rule"
        case groups
    }

    /// Summarises `trials` (in trial order) of `scenario`.
    public init(scenario: Scenario, seed: UInt64, trials: [TrialAggregates]) {
        self.init(
            scenarioName: scenario.name, periods: scenario.periods.all.map(\.label), segmentNames: scenario.segments.map(\.name),
            stretchCountsAsGood: scenario.stretchCountsAsGood, seed: seed, trials: trials)
    }

    /// Summarises `trials` (in trial order) from what a scenario contributes to the summary:
    /// its name, period labels, segment names (file order) and cohort rule. Equal to
    /// `init(scenario:seed:trials:)` for the scenario these come from (used to merge shards
    /// without the scenario file).
    public init(
        scenarioName: String, periods: [String], segmentNames names: [String], stretchCountsAsGood: Bool, seed: UInt64,
        trials: [TrialAggregates]
    ) {
        self.scenario = scenarioName
        self.seed = seed
        self.trials = trials.count
        self.firstTrial = trials.first?.trial ?? 0
        self.periods = periods
        self.window = "all simulated periods; customers present at the start of the first period"
        self.cohortRule =
            "fit x true latent vector category at the start of the first period (stretch counts as "
            + (stretchCountsAsGood ? "good" : "bad") + " fit)"
        self.groups = AggregateGroup.all(segmentCount: names.count).map { g in
            let tallies = trials.map { $0.tally(g) }
            var metrics: [String: Distribution] = [:]
            for m in TrialMetric.allCases { metrics[m.rawValue] = Distribution(tallies.map(m.value)) }
            let segment: String?
            let cohort: String?
            switch g {
            case .all: (segment, cohort) = (nil, nil)
            case .segment(let s): (segment, cohort) = (names[s], nil)
            case .cohort(let c): (segment, cohort) = (nil, c.label)
            case .segmentCohort(let s, let c): (segment, cohort) = (names[s], c.label)
            }
            return Group(group: g.label(segmentNames: names), segment: segment, cohort: cohort, metrics: metrics)
        }
    }
}
