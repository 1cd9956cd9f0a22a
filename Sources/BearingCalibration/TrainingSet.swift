import BearingPanel

/// Rows of a panel chosen for fitting, with their standardisation, design matrix and labels.
struct TrainingSet {
    var rows: [Int32]
    var names: [String]
    var standardization: FeatureStandardization
    var x: DesignMatrix
    var labels: [Bool]

    /// Standardises the feature columns `featureIndices` of `panel` on `rows`.
    init(panel: HistoryPanel, rows: [Int32], featureIndices: [Int]) throws(CalibrationError) {
        guard !rows.isEmpty else { throw .noTrainingRows("no panel rows fall in the training periods") }
        let columns = featureIndices.map { panel.features[$0].values }
        let names = featureIndices.map { panel.features[$0].name }
        let s = try FeatureStandardization(names: names, columns: columns, rows: rows)
        self.rows = rows
        self.names = names
        self.standardization = s
        self.x = try s.apply(to: columns, rows: rows)
        self.labels = rows.map { panel.churned[Int($0)] }
    }
}

/// Row selections by period.
public enum PanelRows {
    /// Rows whose period is in `periods` (a set of allowed periods), in row order.
    public static func rows(of panel: HistoryPanel, in periods: Set<Period>) -> [Int32] {
        var out: [Int32] = []
        for r in 0..<panel.rowCount where periods.contains(panel.period[r]) { out.append(Int32(r)) }
        return out
    }

    /// Rows with period ≤ `last` (inclusive), in row order.
    public static func rows(of panel: HistoryPanel, through last: Period) -> [Int32] {
        var out: [Int32] = []
        for r in 0..<panel.rowCount where panel.period[r] <= last { out.append(Int32(r)) }
        return out
    }
}
