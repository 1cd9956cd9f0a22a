import BearingPanel
import BearingVector

/// The bytes of `scores.csv` (RFC 4180, LF line ends, floats in shortest round-trip form).
enum ScoreCSV {
    static func render(panel: HistoryPanel, index: PanelIndex, scored: PanelScores, explain: Bool) -> [UInt8] {
        let features = scored.scorer.weights.features
        let dFeatures = features.filter { $0.direction != 0 }.map(\.name)
        let mFeatures = features.filter { $0.magnitude != 0 }.map(\.name)
        let cFeatures = features.filter { $0.churn != 0 }.map(\.name)
        var header = ["customer_id", "period", "direction", "magnitude", "category", "cohort", "churn_probability", "segment", "fit"]
        if explain {
            header += ["direction_raw", "magnitude_raw"]
            header += dFeatures.map { "direction.\($0)" } + mFeatures.map { "magnitude.\($0)" } + cFeatures.map { "churn.\($0)" }
            header += ["direction_raw_change", "magnitude_raw_change"]
            header += dFeatures.map { "direction_change.\($0)" } + mFeatures.map { "magnitude_change.\($0)" }
        }
        var out: [UInt8] = []
        out.reserveCapacity(scored.rows.count * (explain ? 400 : 100))
        func field(_ s: String) {
            if s.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) {
                out.append(UInt8(ascii: "\""))
                for b in s.utf8 {
                    if b == UInt8(ascii: "\"") { out.append(b) }
                    out.append(b)
                }
                out.append(UInt8(ascii: "\""))
            } else {
                out.append(contentsOf: s.utf8)
            }
        }
        func line(_ cells: [String]) {
            for (i, c) in cells.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                field(c)
            }
            out.append(10)
        }
        line(header)
        let position = Dictionary(features.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        func pick(_ contributions: [FeatureContribution], _ names: [String], _ path: KeyPath<FeatureContribution, Float>) -> [String] {
            names.map { name in position[name].map { contributions[$0][keyPath: path].description } ?? "" }
        }
        let s = scored.scores
        for (k, r) in scored.rows.enumerated() {
            let row = Int(r)
            let segment = Int(panel.segment[row])
            var cells = [
                panel.customerIDs[Int(panel.customer[row])], panel.period[row].label,
                s.direction[k].description, s.magnitude[k].description, s.vectorCategory(k).label,
                scored.cohorts[k].label, s.churnProbability[k].description,
                segment >= 0 && segment < panel.segmentNames.count ? panel.segmentNames[segment] : "",
                panel.fit[row].label,
            ]
            if explain {
                let now = scored.explain(panel: panel, row: r)
                cells += [now.directionRaw.description, now.magnitudeRaw.description]
                cells += pick(now.contributions, dFeatures, \.direction) + pick(now.contributions, mFeatures, \.magnitude)
                cells += pick(now.contributions, cFeatures, \.churn)
                if let previous = previousRow(panel: panel, index: index, row: row) {
                    let before = scored.explain(panel: panel, row: previous)
                    let change = now.change(since: before)
                    cells += [(now.directionRaw - before.directionRaw).description, (now.magnitudeRaw - before.magnitudeRaw).description]
                    cells += pick(change, dFeatures, \.direction) + pick(change, mFeatures, \.magnitude)
                } else {
                    cells += Array(repeating: "", count: 2 + dFeatures.count + mFeatures.count)
                }
            }
            line(cells)
        }
        return out
    }

    /// The same customer's row in the period just before `row`'s, if the panel has it.
    static func previousRow(panel: HistoryPanel, index: PanelIndex, row: Int) -> Int32? {
        let rows = index.rowsByCustomer[Int(panel.customer[row])]
        guard let i = rows.firstIndex(of: Int32(row)), i > 0 else { return nil }
        let previous = rows[i - 1]
        return panel.period[Int(previous)] == panel.period[row].advanced(by: -1) ? previous : nil
    }
}
