import BearingForecast

/// `milestone-cohorts.csv` of `forecast`: one row per milestone cohort (milestone, segment,
/// vector category) of the forecast period.
public enum MilestoneCohortsTable {
    public static let fileName = "milestone-cohorts.csv"
    public static let columns = [
        "period", "milestone", "horizon", "segment", "category", "customers", "expected_reachers",
        "expected_reachers_within_horizon", "reach_probability", "upsell_arr", "realised_upsell_arr", "take_rate",
        "expected_expansion_arr",
    ]

    public static func render(_ f: ExpansionForecast) -> [UInt8] {
        let csv = CSVWriter(header: columns)
        for c in f.cohorts {
            csv.field(f.period)
            csv.field(c.milestone)
            csv.field(c.horizon.description)
            csv.field(c.segment)
            csv.field(c.category)
            csv.field(c.customers)
            for x in [
                c.expectedReachers, c.expectedReachersWithinHorizon, c.reachProbability, c.upsellARR, c.realisedUpsellARR,
                c.takeRate, c.expectedExpansionARR,
            ] { csv.field(x) }
            csv.endRow()
        }
        return csv.bytes
    }
}
