import BearingPanel

/// Success Vectors of the rows of a `HistoryPanel`: the kernel's scores plus each row's
/// cohort (fit x category).
public struct PanelScores: Sendable {
    /// Panel rows scored, in the order of the outputs.
    public let rows: [Int32]
    public let scores: VectorScores
    /// Cohort of each scored row.
    public let cohorts: [Cohort]
    public let scorer: VectorScorer
    /// Missing cells among the scored rows, per schema feature (they were imputed).
    public let missing: [String: Int]

    /// Scores `rows` of `panel` (all rows when nil) with `weights` on `threads` cores.
    /// Throws when the weights need a column the panel lacks.
    public init(
        panel: HistoryPanel, weights: Weights, rows: [Int32]? = nil, threads: Int = 1,
        stretchCountsAsGood: Bool = true
    ) throws(WeightsError) {
        let rows = rows ?? (0..<Int32(panel.rowCount)).map { $0 }
        let matrix = FeatureMatrix(panel: panel, rows: rows)
        let scorer = try VectorScorer(weights: weights, matrix: matrix)
        let scores = scorer.scores(matrix, threads: threads, includeRaw: true)
        var cohorts: [Cohort] = []
        cohorts.reserveCapacity(rows.count)
        for (k, r) in rows.enumerated() {
            cohorts.append(
                Cohort(fit: panel.fit[Int(r)], category: scores.vectorCategory(k), stretchCountsAsGood: stretchCountsAsGood))
        }
        let counts = matrix.missingCounts()
        var missing: [String: Int] = [:]
        for f in weights.features {
            if let j = matrix.names.firstIndex(of: f.name) { missing[f.name] = counts[j] }
        }
        self.rows = rows
        self.scores = scores
        self.cohorts = cohorts
        self.scorer = scorer
        self.missing = missing
    }

    /// Explains panel row `row` (feature values read from the panel).
    public func explain(panel: HistoryPanel, row: Int32) -> VectorExplanation {
        scorer.explain(values: panel.features.map { $0.values[Int(row)] })
    }
}
