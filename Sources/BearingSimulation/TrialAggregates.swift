import BearingMetrics
import BearingPanel

/// A group of customers that retention metrics are reported for.
public enum AggregateGroup: Sendable, Hashable {
    /// Every customer (the roll-up).
    case all
    /// One segment, by index in the scenario.
    case segment(Int)
    /// One cohort across segments.
    case cohort(Cohort)
    /// One cohort of one segment (cohorts are per Logical Customer Segment).
    case segmentCohort(Int, Cohort)

    /// Every group for a scenario with `segmentCount` segments, in report order: all, cohorts,
    /// segments, then each segment's cohorts.
    public static func all(segmentCount: Int) -> [AggregateGroup] {
        var groups: [AggregateGroup] = [.all]
        groups += Cohort.allCases.map { .cohort($0) }
        groups += (0..<segmentCount).map { .segment($0) }
        for s in 0..<segmentCount { groups += Cohort.allCases.map { .segmentCohort(s, $0) } }
        return groups
    }

    /// `all`, `cohort[bad-fit]`, `segment[Small Agency]`, `segment[Small Agency].cohort[bad-fit]`.
    public func label(segmentNames: [String]) -> String {
        switch self {
        case .all: "all"
        case .segment(let s): "segment[\(segmentNames[s])]"
        case .cohort(let c): "cohort[\(c.label)]"
        case .segmentCohort(let s, let c): "segment[\(segmentNames[s])].cohort[\(c.label)]"
        }
    }
}

/// Retention metrics of one trial over the whole simulated horizon.
///
/// Window: every simulated period. A customer's cohort is its fit crossed with its TRUE latent
/// vector category at the start of the first period (ghost when dark, else from direction and
/// experience by the scenario's `categories`), before anything happens in that period; see
/// `LatentCategoryThresholds`. Start ARR is its ARR at the start of the first period; churned ARR
/// is its ARR at the start of the period it churned in (see `RetentionTally`). New logos are
/// not in the window (they were not present at its start): their events are in `counts`, their
/// survival in `acquisitions`.
public struct TrialAggregates: Sendable, Hashable {
    public let trial: Int
    public let segmentCount: Int
    /// Index `segment * 5 + cohort.rawValue`.
    public var tallies: [RetentionTally]
    public var counts: SimulationCounts
    /// New-logo acquisition cohorts (empty — zero periods — when the scenario has no new logos
    /// or when rebuilt from `trials.csv`, which does not hold them).
    public var acquisitions: AcquisitionCohorts

    public init(
        trial: Int, segmentCount: Int, tallies: [RetentionTally], counts: SimulationCounts,
        acquisitions: AcquisitionCohorts? = nil
    ) {
        self.trial = trial
        self.segmentCount = segmentCount
        self.tallies = tallies
        self.counts = counts
        self.acquisitions = acquisitions ?? AcquisitionCohorts(periods: 0, segments: 0)
    }

    /// The tally of a group, summed in a fixed order (segments ascending, cohorts ascending).
    public func tally(_ group: AggregateGroup) -> RetentionTally {
        var result = RetentionTally()
        for s in 0..<segmentCount {
            for cohort in Cohort.allCases {
                let included: Bool
                switch group {
                case .all: included = true
                case .segment(let t): included = t == s
                case .cohort(let k): included = k == cohort
                case .segmentCohort(let t, let k): included = t == s && k == cohort
                }
                if included { result.merge(tallies[s * 5 + Int(cohort.rawValue)]) }
            }
        }
        return result
    }

    /// The roll-up over every customer.
    public var total: RetentionTally { tally(.all) }
}

/// One reported metric of a group.
public enum TrialMetric: String, Sendable, CaseIterable {
    case startCustomers = "start_customers"
    case retainedCustomers = "retained_customers"
    case startARR = "start_arr"
    case nrr
    case grr
    case logoRetention = "logo_retention"
    case churnedARR = "churned_arr"
    case expansionARR = "expansion_arr"
    case contractionARR = "contraction_arr"
    /// Per customer, contraction + churned ARR capped at its start ARR, summed (what GRR counts).
    case grossLossARR = "gross_loss_arr"

    public func value(_ t: RetentionTally) -> Double {
        switch self {
        case .startCustomers: Double(t.startCustomers)
        case .retainedCustomers: Double(t.retainedCustomers)
        case .startARR: t.startARR
        case .nrr: t.nrr
        case .grr: t.grr
        case .logoRetention: t.logoRetention
        case .churnedARR: t.churnedARR
        case .expansionARR: t.expansionARR
        case .contractionARR: t.contractionARR
        case .grossLossARR: t.grossLossARR
        }
    }
}
