import BearingForecast

/// `comparison.csv` of `compare-forecasts`: one row per compared period and segment.
public enum ForecastComparisonTable {
    public static let fileName = "comparison.csv"
    public static let columns = [
        "period", "segment", "actual_expansion_arr", "quota_expansion_arr", "vector_expected_expansion_arr", "vector_p10",
        "vector_p50", "vector_p90", "covered", "actual_churned_arr", "expected_churned_arr",
    ]

    public static func render(_ c: ForecastComparison) -> [UInt8] {
        let csv = CSVWriter(header: columns)
        for r in c.rows {
            csv.field(r.period)
            csv.field(r.segment)
            for x in [r.actualExpansionARR, r.quotaExpansionARR, r.vectorExpectedExpansionARR, r.vectorP10, r.vectorP50, r.vectorP90] {
                csv.field(x)
            }
            csv.field(r.covered)
            csv.field(r.actualChurnedARR)
            csv.field(r.expectedChurnedARR)
            csv.endRow()
        }
        return csv.bytes
    }
}
