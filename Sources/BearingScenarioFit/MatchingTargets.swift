import BearingPanel
import BearingSimulation

/// The totals of the history that the moment matching reproduces, over the customers present
/// in its first period (the book a backcast simulates: no new logos) and their rows, and the
/// same totals of simulated trials.
struct MatchingTargets: Sendable, Hashable {
    /// Churned good- and stretch-fit customers per book segment (in `BookSnapshot` order).
    var goodChurn: [Double]
    var goodMembers: [Int]
    var badChurn: Double
    var badMembers: Int
    /// Non-churn rows that contracted, reached a milestone of the chain, and expanded on reaching.
    var contractions: Double
    var reaches: Double
    var takes: Double
    /// Expansion ARR per book segment (non-churn rows).
    var expansion: [Double]

    /// All totals 0 for `segments` book segments.
    private init(segments: Int) {
        goodChurn = [Double](repeating: 0, count: segments)
        goodMembers = [Int](repeating: 0, count: segments)
        expansion = goodChurn
        badChurn = 0
        badMembers = 0
        contractions = 0
        reaches = 0
        takes = 0
    }

    init(panel: HistoryPanel, index: PanelIndex, book: BookSnapshot, chainIndex: [Int]) {
        let position = Dictionary(uniqueKeysWithValues: book.segments.enumerated().map { ($1.index, $0) })
        self.init(segments: book.segments.count)
        let first = index.periods[0]
        for start32 in index.rowsByPeriod[0] {
            let start = Int(start32)
            guard let s = position[Int(panel.segment[start])] else { continue }
            let bad = panel.fit[start] == .bad
            if bad { badMembers += 1 } else { goodMembers[s] += 1 }
            var churned = false
            for r32 in index.rowsByCustomer[Int(panel.customer[start])] {
                let r = Int(r32)
                guard panel.period[r] >= first else { continue }
                if panel.churned[r] {
                    churned = true
                    break
                }
                if panel.contractionARR[r] > 0 { contractions += 1 }
                let m = Int(panel.milestone[r])
                if m >= 0, m < chainIndex.count, chainIndex[m] >= 0, panel.milestoneReached[r] == 1 {
                    reaches += 1
                    if panel.expansionARR[r] > 0 { takes += 1 }
                }
                expansion[s] += panel.expansionARR[r]
            }
            if churned {
                if bad { badChurn += 1 } else { goodChurn[s] += 1 }
            }
        }
    }

    /// The same totals averaged over simulated trials of a scenario whose segments are the
    /// book's, in order (simulated with stretch counting as good fit).
    init(trials: [TrialAggregates], segments: Int) {
        let n = Double(max(1, trials.count))
        self.init(segments: segments)
        for t in trials {
            for s in 0..<segments {
                for cohort in Cohort.allCases {
                    let tally = t.tally(.segmentCohort(s, cohort))
                    let churned = Double(tally.startCustomers - tally.retainedCustomers) / n
                    if cohort == .badFit { badChurn += churned } else { goodChurn[s] += churned }
                }
                expansion[s] += t.tally(.segment(s)).expansionARR / n
            }
            contractions += Double(t.counts.contracted.reduce(0, +)) / n
            reaches += Double(t.counts.milestonesReached.reduce(0, +)) / n
            takes += Double(t.counts.upsellsTaken.reduce(0, +)) / n
        }
    }
}
