import BearingComp

/// `components.csv` of `comp --history`: each variable component's attainment and payout, per
/// plan, CSM and payment window (`component` is the component's position in the plan file).
public enum ComponentsTable {
    public static let fileName = "components.csv"
    public static let columns = [
        "plan", "csm_id", "period", "component", "metric", "actual", "attainment", "target_payout", "payout",
    ]

    public static func render(_ runs: [PlanPayouts]) -> [UInt8] {
        let csv = CSVWriter(header: columns)
        for run in runs {
            for line in run.lines {
                for (k, c) in line.components.enumerated() {
                    csv.field(run.planName)
                    csv.field(line.csmID)
                    csv.field(line.window)
                    csv.field(k)
                    csv.field(c.metric.rawValue)
                    for x in [c.actual, c.attainment, c.targetPayout, c.payout] { csv.field(x) }
                    csv.endRow()
                }
            }
        }
        return csv.bytes
    }
}
