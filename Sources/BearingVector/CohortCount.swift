import BearingMetrics
import BearingPanel

/// Customers, ARR and mean predicted churn of one cohort of one segment in one period: what the
/// scores predict at a window's start, beside the retention the window then realised.
public struct CohortCount: Codable, Sendable, Hashable {
    public var segment: String
    public var cohort: String
    public var customers: Int
    public var arr: Double
    /// Mean predicted churn probability of the cohort's rows; nil when it has none.
    public var meanChurnProbability: Double?

    public init(segment: String, cohort: String, customers: Int, arr: Double, meanChurnProbability: Double?) {
        self.segment = segment
        self.cohort = cohort
        self.customers = customers
        self.arr = arr
        self.meanChurnProbability = meanChurnProbability
    }
}

extension PanelScores {
    /// Per segment (sorted, then the roll-up `all`) and cohort (in `Cohort.allCases` order): the
    /// scored rows of `period`. `scoreOfRow[r]` is the index into these scores of panel row `r`,
    /// or -1 when the row was not scored.
    public func cohortCounts(panel: HistoryPanel, index: PanelIndex, period: Period, scoreOfRow: [Int32]) -> [CohortCount] {
        struct Sum {
            var customers = 0
            var arr = 0.0
            var probability = 0.0
        }
        let segmentCount = panel.segmentNames.count
        // One row of sums per segment, plus the roll-up at index `segmentCount`.
        var sums = [[Sum]](repeating: [Sum](repeating: Sum(), count: Cohort.allCases.count), count: segmentCount + 1)
        var present = [Bool](repeating: false, count: segmentCount)
        for r in index.rows(in: period) {
            let k = Int(scoreOfRow[Int(r)])
            guard k >= 0 else { continue }
            let s = Int(panel.segment[Int(r)])
            let c = Int(cohorts[k].rawValue)
            let probability = Double(scores.churnProbability[k])
            for target in s >= 0 && s < segmentCount ? [s, segmentCount] : [segmentCount] {
                sums[target][c].customers += 1
                sums[target][c].arr += panel.arr[Int(r)]
                sums[target][c].probability += probability
                if target < segmentCount { present[target] = true }
            }
        }
        // A segment named like the roll-up (a panel with one default segment `all`) is the roll-up.
        let order = (0..<segmentCount)
            .filter { present[$0] && panel.segmentNames[$0] != CohortTable.allLabel }
            .sorted { panel.segmentNames[$0] < panel.segmentNames[$1] }
        var out: [CohortCount] = []
        for (target, name) in order.map({ ($0, panel.segmentNames[$0]) }) + [(segmentCount, CohortTable.allLabel)] {
            for cohort in Cohort.allCases {
                let sum = sums[target][Int(cohort.rawValue)]
                out.append(
                    CohortCount(
                        segment: name, cohort: cohort.label, customers: sum.customers, arr: sum.arr,
                        meanChurnProbability: sum.customers > 0 ? sum.probability / Double(sum.customers) : nil))
            }
        }
        return out
    }
}
