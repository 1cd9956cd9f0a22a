import BearingPanel
import BearingSimulation

/// `cohorts.csv` of `simulate` (scenarios with new logos): acquisition cohorts' survivor counts
/// in the form `bearing retention` reads — header `cohort,period,survivors`, one row per cohort
/// and period since acquisition (0 first), cohorts in acquisition order named by their period
/// label (`2024-Q3`), or `<segment> <period>` by segment. Cohorts without customers are left out.
public enum CohortsTable {
    public static let fileName = "cohorts.csv"
    public static let columns = ["cohort", "period", "survivors"]

    public static func render(
        _ cohorts: AcquisitionCohorts, periodLabels: [String], segmentNames: [String] = [], bySegment: Bool = false
    ) -> [UInt8] {
        let csv = CSVWriter(header: columns)
        let groups: [(segment: Int?, prefix: String)] =
            bySegment
            ? (0..<cohorts.segments).map { ($0, ($0 < segmentNames.count ? segmentNames[$0] : "segment \($0 + 1)") + " ") }
            : [(nil, "")]
        for group in groups {
            for a in 1..<max(1, cohorts.periods) {
                let counts = cohorts.survivors(acquiredIn: a, segment: group.segment)
                guard let first = counts.first, first > 0 else { continue }
                let label = group.prefix + (a < periodLabels.count ? periodLabels[a] : "period \(a)")
                for (t, n) in counts.enumerated() {
                    csv.field(label)
                    csv.field(t)
                    csv.field(n)
                    csv.endRow()
                }
            }
        }
        return csv.bytes
    }

    /// The same customers' churn by true vector category: header
    /// `cohort,period,category,at_risk,churned`, one row per cohort, period since acquisition (1
    /// first) and category with customers at risk — the data of
    /// `BearingForecast.CategoryShiftedBetaGeometric`.
    public static func renderCategories(_ cohorts: AcquisitionCohorts, periodLabels: [String]) -> [UInt8] {
        let csv = CSVWriter(header: ["cohort", "period", "category", "at_risk", "churned"])
        for a in 1..<max(1, cohorts.periods) {
            let label = a < periodLabels.count ? periodLabels[a] : "period \(a)"
            for t in stride(from: 1, through: cohorts.periods - a, by: 1) {
                for category in VectorCategory.allCases {
                    let (n, churned) = cohorts.categoryCount(acquiredIn: a, period: t, category: category)
                    guard n > 0 else { continue }
                    csv.field(label)
                    csv.field(t)
                    csv.field(category.label)
                    csv.field(n)
                    csv.field(churned)
                    csv.endRow()
                }
            }
        }
        return csv.bytes
    }
}
