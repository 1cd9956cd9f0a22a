import Foundation

/// Number formatting for a CS leader: money as `$1.2M` / `$850k` / `$950`, rates as `97.3%`.
/// Non-finite values print as an en dash, so a missing metric never reads as zero.
package enum ReportFormat {
    /// The text shown for a missing or non-finite value.
    package static let missing = "–"

    /// Dollars with a magnitude suffix: below $1,000 whole dollars; below $10k one decimal
    /// (`$8.5k`); below $1M whole thousands (`$850k`); then `$1.2M`, `$12.3M`, `$174M`, `$1.2B`.
    /// Trailing `.0` is dropped (`$2M`, not `$2.0M`).
    package static func money(_ x: Double) -> String {
        guard x.isFinite else { return missing }
        let sign = x < 0 ? "-" : ""
        let a = abs(x)
        func scaled(_ v: Double, _ suffix: String) -> String {
            let text = v < 100 ? trimmed(String(format: "%.1f", v)) : String(format: "%.0f", v)
            return sign + "$" + text + suffix
        }
        if a < 999.5 { return sign + "$" + String(format: "%.0f", a) }
        if a < 9_950 { return scaled(a / 1_000, "k") }
        if a < 999_500 { return sign + "$" + String(format: "%.0f", a / 1_000) + "k" }
        if a < 999_950_000 { return scaled(a / 1_000_000, "M") }
        return scaled(a / 1_000_000_000, "B")
    }

    /// A fraction as a percentage with `decimals` places: `percent(0.973) == "97.3%"`.
    package static func percent(_ x: Double?, decimals: Int = 1) -> String {
        guard let x, x.isFinite else { return missing }
        return String(format: "%.\(max(0, decimals))f%%", x * 100)
    }

    /// A plain number with `decimals` places and thousands separators (`12,345`, `0.757`).
    package static func number(_ x: Double?, decimals: Int = 0) -> String {
        guard let x, x.isFinite else { return missing }
        let text = String(format: "%.\(max(0, decimals))f", abs(x))
        let parts = text.split(separator: ".", maxSplits: 1)
        var whole = String(parts[0])
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole = String(whole.dropLast(3))
        }
        let fraction = parts.count > 1 ? "." + parts[1] : ""
        return (x < 0 && text.contains(where: { $0 != "0" && $0 != "." }) ? "-" : "") + whole + grouped + fraction
    }

    /// A whole count with thousands separators.
    package static func count(_ n: Int) -> String { number(Double(n)) }

    static func trimmed(_ s: String) -> String { s.hasSuffix(".0") ? String(s.dropLast(2)) : s }
}

/// How an axis or a table column prints its numbers.
package enum ValueFormat: Sendable, Equatable {
    case money
    case percent
    case number(decimals: Int)

    /// Formats a value; percent ticks get as many decimals as the tick step needs
    /// (`step` 0.05 → `5%`, 0.025 → `2.5%`).
    package func text(_ x: Double, step: Double? = nil) -> String {
        switch self {
        case .money: return ReportFormat.money(x)
        case .percent:
            guard let step, step > 0 else { return ReportFormat.percent(x) }
            return ReportFormat.percent(x, decimals: Ticks.decimals(forStep: step * 100))
        case .number(let d):
            guard let step, step > 0 else { return ReportFormat.number(x, decimals: d) }
            return ReportFormat.number(x, decimals: max(d, Ticks.decimals(forStep: step)))
        }
    }
}
