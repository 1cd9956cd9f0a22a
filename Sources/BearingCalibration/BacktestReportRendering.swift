import Foundation

extension BacktestReport {
    /// Pretty-printed JSON with sorted keys (byte-identical for identical reports); undefined
    /// metrics are `null`.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// The human-readable tables `bearing backtest` prints: metrics per period and pooled, then
    /// pooled churn by category and by cohort.
    public func renderTable() -> String {
        var out = "Walk-forward backtest, \(window) window, \(periods.count) forecast period(s), models: "
            + models.map(\.rawValue).joined(separator: ", ") + "\n\n"
        let header = [pad("period", 8), pad("model", 9), lpad("rows", 7), lpad("churn", 7), lpad("AUC", 6),
                      lpad("Brier", 7), lpad("LogLoss", 8), lpad("ECE", 6), lpad("Lift", 5)].joined(separator: " ")
        out += header + "\n" + String(repeating: "-", count: header.count) + "\n"
        func line(_ label: String, _ r: BacktestModelResult) -> String {
            let m = r.metrics
            return [pad(label, 8), pad(r.model.rawValue, 9), lpad("\(m.rows)", 7), lpad(percent(m.churnRate), 7),
                    lpad(fixed(m.auc, 3), 6), lpad(fixed(m.brier, 4), 7), lpad(fixed(m.logLoss, 4), 8),
                    lpad(fixed(m.expectedCalibrationError, 3), 6), lpad(fixed(m.topDecileLift, 2), 5)]
                .joined(separator: " ")
        }
        for p in periods {
            for r in p.results { out += line(p.period.label, r) + "\n" }
        }
        for r in overall { out += line("overall", r) + "\n" }
        for s in skipped { out += "skipped \(s.period.label): \(s.reason)\n" }
        if let baseline = overall.first(where: { $0.model == .health }) {
            for r in overall where r.model != .health {
                let m = r.metrics
                let b = baseline.metrics
                out += "\(r.model.rawValue) vs health baseline: AUC " + signed(m.auc - b.auc, 3)
                    + ", Brier " + signed(m.brier - b.brier, 4) + ", log loss " + signed(m.logLoss - b.logLoss, 4)
                    + ", lift " + signed(m.topDecileLift - b.topDecileLift, 2)
                    + ((m.auc > b.auc && m.logLoss < b.logLoss) ? "  (beats the baseline)\n" : "  (does not beat the baseline)\n")
            }
        }

        func groupTable(_ title: String, _ rows: (BacktestModelResult) -> [GroupRate], order: Bool) -> String {
            guard let first = overall.first else { return "" }
            let names = rows(first).map(\.group)
            let width = max(14, (names.map(\.count).max() ?? 0) + 1)
            var t = "\n\(title) (all forecast periods; churn rate, rows)\n"
            t += pad("model", 9) + " " + names.map { lpad($0, width) }.joined(separator: " ") + (order ? "  order" : "") + "\n"
            for r in overall {
                let cells = rows(r).map { g in lpad(g.rows > 0 ? "\(percent(g.churnRate)) (\(g.rows))" : "-", width) }
                t += pad(r.model.rawValue, 9) + " " + cells.joined(separator: " ")
                if order { t += r.categoryOrderHolds ? "  ok" : "  NOT ordered" }
                t += "\n"
            }
            return t
        }
        out += groupTable("Churn by category, expected ghost > negative > neutral > positive", \.churnByCategory, order: true)
        out += groupTable("Churn by cohort", \.churnByCohort, order: false)
        return out
    }
}

private func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
private func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
private func fixed(_ x: Double, _ digits: Int) -> String { x.isFinite ? String(format: "%.\(digits)f", x) : "-" }
private func signed(_ x: Double, _ digits: Int) -> String { x.isFinite ? String(format: "%+.\(digits)f", x) : "-" }
private func percent(_ x: Double) -> String { x.isFinite ? String(format: "%.1f%%", 100 * x) : "-" }
