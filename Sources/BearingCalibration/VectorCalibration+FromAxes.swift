import BearingPanel
import BearingVector

extension VectorCalibration {
    /// "Calibrate from here": keeps the direction and magnitude weights of `start` (the axes a
    /// user set by hand, with their biases and standardisation) and fits on `rows` everything
    /// that depends on them: the churn link (intercept, direction, magnitude, ghost) by a
    /// weakly penalised logistic regression of churn on [direction_raw, magnitude_raw, ghost]
    /// (C = `options.c`, default 100, so collinear axes still have a unique fit), then the
    /// category thresholds by the same search `calibrate` runs.
    ///
    /// Why not restart the full fit from `start`: that fit is a convex problem, so it returns
    /// the calibrated weights from any starting point. Feature `churn` weights of `start` are
    /// kept (zero for `vector` weights); ghost rules are kept as they are.
    public static func calibrate(
        _ panel: HistoryPanel, rows: [Int32], from start: Weights, options: CalibrationOptions
    ) throws(CalibrationError) -> CalibrationResult {
        guard !rows.isEmpty else { throw .noTrainingRows("no panel rows fall in the training periods") }
        let matrix = FeatureMatrix(panel: panel, rows: rows)
        var axesOnly = start
        // Score the axes alone: link and churn terms must not enter direction_raw or magnitude_raw
        // (they do not: the kernel keeps them apart), but a link of zero keeps probabilities finite.
        axesOnly.churnLink = ChurnLink(intercept: 0, direction: 0, magnitude: 0, ghost: 0)
        for j in axesOnly.features.indices { axesOnly.features[j].churn = 0 }
        let scorer: VectorScorer
        do {
            scorer = try VectorScorer(weights: axesOnly, matrix: matrix)
        } catch {
            throw .invalidOption("the starting weights cannot score this panel: \(error)")
        }
        let scored = scorer.scores(matrix, threads: options.threads ?? 1, includeRaw: true)
        let n = rows.count
        var ghost = [Float](repeating: 0, count: n)
        for i in 0..<n where scored.vectorCategory(i) == .ghost { ghost[i] = 1 }
        guard !scored.directionRaw.contains(where: { !$0.isFinite }), !scored.magnitudeRaw.contains(where: { !$0.isFinite })
        else {
            throw .nonFiniteValue("direction or magnitude of the starting weights (weights too large for Float sums)")
        }
        let labels = rows.map { panel.churned[Int($0)] }
        let c = options.c ?? 100
        let x = try DesignMatrix(columns: [scored.directionRaw, scored.magnitudeRaw, ghost])
        let fit = try LogisticRegression.fit(x, labels: labels, options: LogisticOptions(c: c, threads: options.threads))
        var weights = start
        weights.churnLink = ChurnLink(
            intercept: fit.intercept, direction: fit.coefficients[0], magnitude: fit.coefficients[1], ghost: fit.coefficients[2])
        var notes: [String] = fit.converged ? [] : ["Newton did not reach the gradient tolerance"]
        let model = Fitted(
            weights: weights, fit: fit, direction: scored.directionRaw.map(Double.init),
            magnitude: scored.magnitudeRaw.map(Double.init), ghost: ghost.map { $0 == 1 }, labels: labels, notes: [])
        if let (t, ghostOrdered) = searchThresholds(model) {
            weights.thresholds.negativeDirection = t.negative
            weights.thresholds.positiveDirection = t.positive
            weights.thresholds.positiveMagnitude = t.magnitude
            if !ghostOrdered { notes.append("thresholds order negative > neutral > positive only (ghosts churn less)") }
        } else {
            notes.append("no thresholds order training churn on these axes; the starting thresholds are kept")
        }
        if weights.churnLink.direction > 0 { notes.append("direction points toward churn on these axes (link direction > 0)") }
        if weights.churnLink.magnitude > 0 { notes.append("magnitude points toward churn on these axes (link magnitude > 0)") }
        let report = try Calibrator.makeReport(panel, rows: rows, weights: weights, model: start.kind, c: c, fit: fit, notes: notes)
        return CalibrationResult(weights: weights, report: report)
    }
}
