import BearingMetrics
import Foundation

extension ForecastComparison {
    /// The human-readable output of a walk-forward forecast comparison: the per-period rows, the
    /// per-segment metrics with their intervals (a value marked * rests on too few periods to
    /// judge), the verdict sentences vector vs quota, and the coverage warnings.
    public func renderTable() -> String {
        var s = "Walk-forward comparison of expansion forecasts (\(trials) trials)\n" + quota.summary + "\n\n"
        s += table(
            ["period", "segment", "actual", "quota", "vector P50", "P10", "P90", "covered"],
            rows.map {
                [
                    $0.period, $0.segment, money($0.actualExpansionARR), money($0.quotaExpansionARR), money($0.vectorP50),
                    money($0.vectorP10), money($0.vectorP90), $0.covered ? "yes" : "no",
                ]
            })
        let level = bootstrap.confidenceLabel
        s +=
            "\nPer segment, with \(level) intervals ("
            + (bootstrap.isOn
                ? "MAPE and bias: circular block bootstrap over periods, \(bootstrap.resamples) resamples, seed \(bootstrap.seed); "
                : "bootstrap off; ")
            + "coverage: Wilson)\n"
        s += table(
            ["segment", "periods", "block", "quota MAPE", "vector MAPE", "quota bias", "vector bias", "P10-P90 coverage"],
            summaries.map {
                let e = $0.estimates
                return [
                    $0.segment, String($0.periods), String($0.blockLength), cell(e.quotaMAPE), cell(e.vectorMAPE),
                    cell(e.quotaBias), cell(e.vectorBias), cell(e.coverage),
                ]
            })
        if summaries.contains(where: { [$0.estimates.quotaMAPE, $0.estimates.quotaBias].contains(where: \.insufficient) }) {
            s += "* too few to judge: fewer than \(SampleSufficiency.minimumPeriods) periods (for MAPE: periods with expansion)\n"
        }
        if !comparisons.isEmpty {
            s += "\nVerdicts (vector vs quota; MAPE and absolute bias, lower is better)\n"
            for c in comparisons { s += "\(c.segment ?? "all"): \(c.sentence)\n" }
        }
        let warnings = summaries.compactMap { summary in summary.coverageWarning.map { "\(summary.segment): \($0)" } }
        if !warnings.isEmpty {
            s += "\nCoverage warnings (nominal \(Int(Self.nominalCoverage * 100))%)\n" + warnings.map { $0 + "\n" }.joined()
        }
        return s
    }
}

/// "12.3% [8.1–17.9]" with * when insufficient; "n/a" when undefined.
private func cell(_ v: MetricValue) -> String {
    guard v.value.isFinite else { return "n/a" }
    var text = percent(v.value)
    if let i = v.interval { text += String(format: " [%.1f\u{2013}%.1f]", 100 * i.low, 100 * i.high) }
    return text + (v.insufficient ? "*" : "")
}

private func percent(_ x: Double) -> String { x.isFinite ? String(format: "%.1f%%", 100 * x) : "n/a" }
private func money(_ x: Double) -> String { String(format: "%.0f", x) }

/// Columns padded to their widest cell; the first left-aligned, the others right-aligned.
private func table(_ header: [String], _ rows: [[String]]) -> String {
    var widths = header.map(\.count)
    for row in rows { for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { i, c in
            let pad = String(repeating: " ", count: widths[i] - c.count)
            return i == 0 ? c + pad : pad + c
        }.joined(separator: "  ") + "\n"
    }
    return line(header) + rows.map(line).joined()
}
