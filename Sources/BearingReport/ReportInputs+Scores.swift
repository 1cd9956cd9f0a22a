import BearingContracts
import BearingPanel
import BearingVector

extension ReportInputs {
    /// Fills the vector map and, with the history's churn flags, the ROC and reliability curves
    /// from the scores (read back from `scores.csv` or held in memory: the same rows either way).
    /// `churned(customerID, period)` is the row's outcome, nil when the history has no such row.
    package mutating func addScores(_ scores: ScoresTable, churned: ((String, Period) -> Bool?)?) {
        vectorMap = Self.vectorMap(scores)
        guard let churned else {
            problems["curves"] =
                "scores.csv was found but not the history.csv it scored, so there are no churn outcomes for the ROC and reliability curve"
            return
        }
        let trained = weights?.provenance.periods ?? []
        let lastTrained = trained.max()
        curvesScope = "In sample (all scored periods):"
        var useRow: (ScoresTable.Row) -> Bool = { _ in true }
        if let lastTrained, scores.rows.contains(where: { $0.period > lastTrained }) {
            let after = scores.periods.filter { $0 > lastTrained }
            curvesScope = "Out of time (\(after.first?.label ?? "")–\(after.last?.label ?? ""), after the calibration periods):"
            useRow = { $0.period > lastTrained }
        } else if !trained.isEmpty {
            curvesScope = "In sample (the weights were calibrated on these periods):"
        }
        var p: [Double] = []
        var y: [Bool] = []
        for r in scores.rows where useRow(r) {
            guard let outcome = churned(r.customerID, r.period) else { continue }
            p.append(r.churnProbability)
            y.append(outcome)
        }
        if !p.isEmpty { curves = ClassifierCurves(probabilities: p, outcomes: y) }
    }

    /// Churn flags of a panel by (customer id, period); nil for rows whose outcome is not known
    /// yet (the running period), which have no place in a ROC curve.
    package static func outcomes(of panel: HistoryPanel) -> (String, Period) -> Bool? {
        var byCustomer: [String: Int] = [:]
        for (i, id) in panel.customerIDs.enumerated() { byCustomer[id] = i }
        var flags = [[Int32: Bool]](repeating: [:], count: panel.customerIDs.count)
        for i in 0..<panel.rowCount where panel.isOutcomeKnown(i) {
            flags[Int(panel.customer[i])][panel.period[i].ordinal] = panel.churned[i]
        }
        return { id, period in
            guard period.granularity == panel.granularity, let c = byCustomer[id] else { return nil }
            return flags[c][period.ordinal]
        }
    }

    static func vectorMap(_ scores: ScoresTable) -> VectorMap? {
        guard let last = scores.periods.last else { return nil }
        let previous = scores.periods.count > 1 ? scores.periods[scores.periods.count - 2] : nil
        var before: [String: (Double, Double)] = [:]
        if let previous {
            for r in scores.rows where r.period == previous { before[r.customerID] = (r.direction, r.magnitude) }
        }
        var points: [VectorMap.Point] = []
        var counts: [String: Int] = [:]
        for r in scores.rows where r.period == last {
            counts[r.category, default: 0] += 1
            points.append(
                VectorMap.Point(
                    customerID: r.customerID, segment: r.segment, direction: r.direction, magnitude: r.magnitude,
                    category: r.category, badFit: r.fit == "bad",
                    previous: before[r.customerID].map { (direction: $0.0, magnitude: $0.1) }))
        }
        return VectorMap(
            period: last.label, previousPeriod: previous?.label, points: points.sorted { $0.customerID < $1.customerID },
            categoryCounts: counts)
    }
}
