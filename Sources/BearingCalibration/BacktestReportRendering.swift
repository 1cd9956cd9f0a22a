import BearingMetrics
import BearingPanel
import Foundation

extension BacktestReport {
    /// Pretty-printed JSON with sorted keys (byte-identical for identical reports); undefined
    /// metrics are `null`.
    public func jsonData() throws -> Data { try SortedJSON.data(self) }

    /// The human-readable tables `bearing backtest` prints: what was validated (out of time,
    /// or out of sample and not out of time), metrics per period or fold and pooled (a value
    /// marked * rests on too small a sample to judge), pooled metrics with their intervals, the
    /// verdict of every model pair, pooled churn by category and by cohort with Wilson
    /// intervals for the models whose categories they are (`vector`), then the fits' notes.
    public func renderTable() -> String {
        var out: String
        switch split {
        case .periods:
            out = "Walk-forward backtest (out of time), \(window) window, \(periods.count) forecast period(s)"
        case .customers(let k):
            out =
                "Cross-validated backtest by customer, \(k) folds: OUT OF SAMPLE, NOT OUT OF TIME (each model is fitted on "
                + "other customers of the same periods, so this does not show how it forecasts the future)"
        }
        out += renewalsOnly ? ", renewals only" : ""
        out += ", models: " + models.map(\.rawValue).joined(separator: ", ") + "\n\n"
        let header = [
            pad("period", 8), pad("model", 9), lpad("rows", 7), lpad("churn", 7), lpad("AUC", 7),
            lpad("Brier", 8), lpad("LogLoss", 9), lpad("ECE", 6), lpad("Lift", 5),
        ].joined(separator: " ")
        out += header + "\n" + String(repeating: "-", count: header.count) + "\n"
        var marked = false
        func cell(_ value: MetricValue, _ digits: Int, _ width: Int) -> String {
            marked = marked || value.insufficient
            return lpad(fixed(value.value, digits) + (value.insufficient ? "*" : " "), width)
        }
        func line(_ label: String, _ r: BacktestModelResult) -> String {
            let m = r.metrics
            let e = r.estimates
            return [
                pad(label, 8), pad(r.model.rawValue, 9), lpad("\(m.rows)", 7), lpad(percent(m.churnRate), 7),
                cell(e.auc, 3, 7), cell(e.brier, 4, 8), cell(e.logLoss, 4, 9),
                lpad(fixed(m.expectedCalibrationError, 3), 6), lpad(fixed(m.topDecileLift, 2), 5),
            ]
            .joined(separator: " ")
        }
        for p in periods {
            for r in p.results { out += line(p.period.label, r) + "\n" }
        }
        for f in folds {
            for r in f.results { out += line("fold \(f.fold)", r) + "\n" }
        }
        for r in overall { out += line("overall", r) + "\n" }
        if marked {
            out +=
                "* too few to judge: fewer than \(SampleSufficiency.minimumEvents) churn events or "
                + "\(SampleSufficiency.minimumCustomers) customers (AUC: also fewer than \(SampleSufficiency.minimumEvents) retained)\n"
        }
        for s in skipped { out += "skipped \(s.period.label): \(s.reason)\n" }

        let level = bootstrap.confidenceLabel
        if bootstrap.isOn, !overall.isEmpty {
            out += "\nPooled metrics with \(level) intervals (customer bootstrap, \(bootstrap.resamples) resamples, seed \(bootstrap.seed))\n"
            for r in overall {
                let e = r.estimates
                out +=
                    pad(r.model.rawValue, 9) + " AUC " + withInterval(e.auc, 3) + "  Brier " + withInterval(e.brier, 4)
                    + "  log loss " + withInterval(e.logLoss, 4) + "\n"
            }
        }
        if !verdicts.isEmpty {
            out +=
                bootstrap.isOn
                ? "\nVerdicts (AUC decides; \(level) paired customer-bootstrap intervals of model \u{2212} baseline)\n"
                : "\nVerdicts (no intervals: the bootstrap is off, so differences are not judged)\n"
            for v in verdicts { out += "\(v.model.rawValue) vs \(v.baseline.rawValue): \(v.sentence)\n" }
        }

        // Only the vector's categories are its own; the baselines' come from default weights.
        let owners = overall.filter(\.ownsCategories)
        func groupTable(_ title: String, _ rows: (BacktestModelResult) -> [GroupRate], order: Bool) -> String {
            guard let first = owners.first else { return "" }
            let names = rows(first).map(\.group)
            let cells = owners.map { r in
                rows(r).map { g in
                    guard g.rows > 0 else { return "-" }
                    let range = g.ciLow.flatMap { lo in g.ciHigh.map { hi in " [\(percent(lo, "%.1f"))\u{2013}\(percent(hi))]" } } ?? ""
                    return "\(percent(g.churnRate))\(range) (\(g.rows))\(g.insufficient ? "*" : "")"
                }
            }
            let width = max(14, (names.map(\.count) + cells.flatMap { $0.map(\.count) }).max() ?? 0) + 1
            var t =
                "\n\(title) (all forecast periods; churn rate [Wilson \(level) interval] (rows), * under "
                + "\(SampleSufficiency.minimumCustomers) rows)\n"
            t += pad("model", 9) + " " + names.map { lpad($0, width) }.joined(separator: " ") + (order ? "  order" : "") + "\n"
            for (r, row) in zip(owners, cells) {
                t += pad(r.model.rawValue, 9) + " " + row.map { lpad($0, width) }.joined(separator: " ")
                if order { t += r.categoryOrderHolds ? "  ok" : "  NOT ordered" }
                t += "\n"
            }
            return t
        }
        out += groupTable("Churn by category, expected ghost > negative > neutral > positive", \.churnByCategory, order: true)
        out += groupTable("Churn by cohort", \.churnByCohort, order: false)
        if !notes.isEmpty {
            out += "\nNotes\n"
            for note in notes { out += "  \(note)\n" }
        }
        return out
    }
}

/// "0.781 (0.770–0.792)", with * when the sample is too small to judge.
private func withInterval(_ v: MetricValue, _ digits: Int) -> String {
    var s = fixed(v.value, digits)
    if let i = v.interval { s += " (" + fixed(i.low, digits) + "\u{2013}" + fixed(i.high, digits) + ")" }
    return s + (v.insufficient ? "*" : "")
}

private func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
private func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
private func fixed(_ x: Double, _ digits: Int) -> String { x.isFinite ? String(format: "%.\(digits)f", x) : "-" }
private func percent(_ x: Double, _ format: String = "%.1f%%") -> String { x.isFinite ? String(format: format, 100 * x) : "-" }
