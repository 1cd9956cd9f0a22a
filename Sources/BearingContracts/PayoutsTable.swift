import BearingComp

/// `payouts.csv` of `comp --history`: one row per plan, CSM and payment window.
public enum PayoutsTable {
    public static let fileName = "payouts.csv"
    public static let columns = [
        "plan", "csm_id", "period", "has_book", "start_customers", "start_arr", "expansion_arr", "contraction_arr",
        "churned_arr", "nrr", "base", "component_pay", "commission", "clawback", "variable", "total", "sales_commission",
    ]

    public static func render(_ runs: [PlanPayouts]) -> [UInt8] {
        let csv = CSVWriter(header: columns)
        for run in runs {
            for line in run.lines {
                let t = line.book
                csv.field(run.planName)
                csv.field(line.csmID)
                csv.field(line.window)
                csv.field(line.hasBook)
                csv.field(t.startCustomers)
                for x in [
                    t.startARR, t.expansionARR, t.contractionARR, t.churnedARR, t.nrr, line.base,
                    line.components.reduce(0) { $0 + $1.payout }, line.commission, line.clawback, line.variable, line.total,
                    line.salesCommission,
                ] { csv.field(x) }
                csv.endRow()
            }
        }
        return csv.bytes
    }
}
