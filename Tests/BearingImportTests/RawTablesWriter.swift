import BearingPanel
import Foundation

/// Writes a panel out as raw warehouse tables: a subscriptions ledger (one change per
/// period start carrying the attributes, an upsell on day 10, a downsell on day 20, a
/// cancellation on day 25), a long events table (each feature value as an event in the
/// previous period, each milestone as a `milestone:<name>` event in its own period) and
/// the metrics file that reads the features back with `last`.
enum RawTablesWriter {
    static func date(_ period: Period, day: Int) -> String {
        let month = period.granularity == .month ? period.subperiod : (period.subperiod - 1) * 3 + 1
        return String(format: "%04d-%02d-%02d", period.year, month, day)
    }

    static func amount(_ x: Double) -> String {
        x.rounded() == x && x.magnitude < 1e15 ? String(Int64(x)) : "\(x)"
    }

    static func write(_ panel: HistoryPanel) -> (ledger: [UInt8], events: [UInt8], metrics: String) {
        let (header, cells) = TestPanels.cleanCells(panel)
        var ledger = ["customer_id,date,arr,segment,fit,csm_id"]
        var events = ["customer_id,date,metric,value"]
        let features = panel.features.map(\.name)
        let featureColumns = features.map { header.firstIndex(of: $0) ?? 0 }
        for r in 0..<panel.rowCount {
            let id = panel.customerIDs[Int(panel.customer[r])]
            let p = panel.period[r]
            let attributes =
                panel.segmentNames[Int(panel.segment[r])] + "," + panel.fit[r].label + ","
                + (panel.csm[r] >= 0 ? panel.csmIDs[Int(panel.csm[r])] : "")
            let start = panel.arr[r]
            ledger.append("\(id),\(date(p, day: 1)),\(amount(start)),\(attributes)")
            if panel.churned[r] {
                ledger.append("\(id),\(date(p, day: 25)),0,,,")
            } else {
                let up = panel.expansionARR[r]
                let down = panel.contractionARR[r]
                if up > 0 { ledger.append("\(id),\(date(p, day: 10)),\(amount(start + up)),,,") }
                if down > 0 { ledger.append("\(id),\(date(p, day: 20)),\(amount(start + up - down)),,,") }
            }
            for (k, name) in features.enumerated() {
                let text = cells[r][featureColumns[k]]
                if !text.isEmpty { events.append("\(id),\(date(p.advanced(by: -1), day: 15)),\(name),\(text)") }
            }
            if panel.milestone[r] >= 0 {
                let reached = panel.milestoneReached[r] == 1 ? "1" : "0"
                events.append("\(id),\(date(p, day: 5)),milestone:\(panel.milestoneNames[Int(panel.milestone[r])]),\(reached)")
            }
        }
        var metrics = "window: previous_period\nmetrics:\n"
        for name in features {
            let parts = name.split(separator: ".", maxSplits: 1)
            metrics += "  \(name): {group: \(parts[0]), feature: \(parts[1]), aggregation: last}\n"
        }
        func bytes(_ lines: [String]) -> [UInt8] { Array((lines.joined(separator: "\n") + "\n").utf8) }
        return (bytes(ledger), bytes(events), metrics)
    }
}
