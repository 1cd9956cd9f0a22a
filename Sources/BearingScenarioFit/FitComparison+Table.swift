import Foundation

extension FitComparison {
    /// The comparison as a text table, one line per segment and metric, then the category order.
    public var table: String {
        var lines: [String] = []
        lines.append(
            "Fitted vs history: \(trials) simulated trials of the fitted scenario over \(firstPeriod.label)...\(lastPeriod.label) "
                + "from the history's starting book (seed \(seed)); categories scored with the \(weights)")
        let width = max(8, groups.map(\.segment.count).max() ?? 8)
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
        func left(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
        func cell(_ x: Double?, _ name: String) -> String {
            guard let x else { return "-" }
            return name.hasPrefix("churn_rate") ? FitText.percent(x, decimals: 2) : FitText.percent(x, decimals: 1)
        }
        lines.append(
            pad("segment", width) + "  " + pad("metric", 20) + left("history", 9) + left("P5", 9) + left("P50", 9)
                + left("P95", 9) + "  in band")
        for group in groups {
            for m in group.metrics where m.history != nil || m.p50 != nil {
                let band = m.covered.map { $0 ? "yes" : "NO" } ?? "-"
                lines.append(
                    pad(group.segment, width) + "  " + pad(Self.label(m.name), 20) + left(cell(m.history, m.name), 9)
                        + left(cell(m.p5, m.name), 9) + left(cell(m.p50, m.name), 9) + left(cell(m.p95, m.name), 9) + "  " + band)
            }
        }
        let order = categoryOrder
        lines.append(
            "churn by category, all segments: history " + order.historyOrder.joined(separator: " > ") + "; simulated "
                + order.simulatedOrder.joined(separator: " > "))
        if order.pairs.isEmpty {
            lines.append("  no two categories differ by more than 2 standard errors in the history: order not checked")
        }
        for p in order.pairs {
            lines.append(
                "  \(p.higher) > \(p.lower): history +\(FitText.percent(p.historyDifference, decimals: 2)) "
                    + "(se \(FitText.percent(p.standardError, decimals: 2))), simulated median "
                    + (p.simulatedDifference.map { ($0 >= 0 ? "+" : "") + FitText.percent($0, decimals: 2) } ?? "-")
                    + (p.agrees ? "" : "  ORDER DIFFERS"))
        }
        lines.append(
            "retention in band: \(retentionCovered ? "yes" : "NO"); category order kept: \(order.holds ? "yes" : "NO")")
        return lines.joined(separator: "\n")
    }

    static func label(_ name: String) -> String {
        switch name {
        case "nrr": "NRR"
        case "grr": "GRR"
        case "logo_retention": "logo retention"
        case "churn_rate": "churn rate"
        default: name.replacingOccurrences(of: "churn_rate.", with: "churn rate ")
        }
    }
}
