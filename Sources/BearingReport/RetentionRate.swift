import Foundation

/// Retention measured over a window of periods, restated as the constant rate that compounds
/// to it: per period `r^(1/n)` and per year `r^(p/n)`, for a window of `n` periods and `p`
/// periods per year (4 for quarters, 12 for months). A window shorter than a year is
/// extrapolated by the same rule, and the table says "annualised" rather than "yearly".
package enum RetentionRate {
    /// The per-period rate of `windowRate` over `windowPeriods` periods; nil when either is
    /// missing, negative or not finite.
    package static func perPeriod(_ windowRate: Double?, windowPeriods: Int) -> Double? {
        compounded(windowRate, exponent: windowPeriods > 0 ? 1 / Double(windowPeriods) : .nan)
    }

    /// The rate per year of `windowRate` over `windowPeriods` periods.
    package static func annualised(_ windowRate: Double?, windowPeriods: Int, periodsPerYear: Int) -> Double? {
        compounded(windowRate, exponent: windowPeriods > 0 ? Double(periodsPerYear) / Double(windowPeriods) : .nan)
    }

    /// Periods per year of a period label: 4 for `YYYY-Qn`, 12 for `YYYY-MM`; nil otherwise.
    package static func periodsPerYear(label: String) -> Int? {
        let parts = label.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy(\.isNumber) else { return nil }
        if parts[1].hasPrefix("Q") { return 4 }
        return parts[1].count == 2 && parts[1].allSatisfy(\.isNumber) ? 12 : nil
    }

    /// "quarter" or "month" for 4 or 12 periods per year, else "period".
    package static func periodName(periodsPerYear: Int?) -> String {
        switch periodsPerYear {
        case 4: "quarter"
        case 12: "month"
        default: "period"
        }
    }

    private static func compounded(_ rate: Double?, exponent: Double) -> Double? {
        guard let rate, rate.isFinite, rate >= 0, exponent.isFinite else { return nil }
        return pow(rate, exponent)
    }
}
