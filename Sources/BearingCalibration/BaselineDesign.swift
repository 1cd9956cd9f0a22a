import BearingPanel
import BearingVector

/// The `logistic` and `health` baselines' inputs on one training range of a
/// `PeriodOrderedRows`: every feature the baselines use (`Calibrator.signalIndices`,
/// `attribute.*` included) standardised on the range, as one design matrix in header order.
struct BaselineDesign: Sendable {
    let positions: Range<Int>
    /// Panel feature indices of the design's columns.
    let features: [Int]
    let standardization: FeatureStandardization
    let x: DesignMatrix
    let labels: [Bool]

    init(data: PeriodOrderedRows, positions: Range<Int>) throws(CalibrationError) {
        let features = Calibrator.signalIndices(data.panel)
        guard !features.isEmpty else { throw .noTrainingRows("the panel has no feature columns to fit on") }
        guard !positions.isEmpty else { throw .noTrainingRows("no panel rows fall in the training periods") }
        let s = try data.standardization(features: features, positions: positions)
        let storage = data.design(features: features, standardization: s, positions: positions)
        self.positions = positions
        self.features = features
        self.standardization = s
        self.x = DesignMatrix(uncheckedRowCount: positions.count, columnCount: features.count, storage: storage)
        self.labels = Array(data.labels[positions])
    }

    /// L2 logistic regression of churn on every column at `c`.
    func logistic(
        data: PeriodOrderedRows, c: Double, start: [Double]?, threads: Int?, options: CalibrationOptions,
        stopping: NewtonStopping = .verified
    ) throws(CalibrationError) -> ModelFit {
        let fit = try LogisticRegression.fit(
            x, tiles: nil, labels: labels, options: LogisticOptions(c: c, threads: threads), start: start, stopping: stopping)
        var w = Calibrator.baseWeights(
            data: data, positions: positions, standardization: standardization, features: features, kind: .logistic,
            options: options, includeAttributes: true,
            note: "L2 logistic regression on all standardised features, C = \(c) (lambda = 1/C); "
                + "standardisation and fit on the training periods; categories from default domain-signed weights")
        let names = standardization.names
        for j in w.features.indices {
            if let k = names.firstIndex(of: w.features[j].name) { w.features[j].churn = fit.coefficients[k] }
        }
        w.churnLink = ChurnLink(intercept: fit.intercept, direction: 0, magnitude: 0, ghost: 0)
        return ModelFit(
            model: .logistic, weights: w, fit: fit, c: c, notes: fit.converged ? [] : ["Newton did not reach the gradient tolerance"])
    }

    /// The equal-weight health score h = (1/K) Σ_j s_j z_j over every column (signs from
    /// `HealthSigns`) and its unpenalised 1-D logistic link.
    func health(
        data: PeriodOrderedRows, start: [Double]?, threads: Int?, options: CalibrationOptions,
        stopping: NewtonStopping = .verified
    ) throws(CalibrationError) -> ModelFit {
        let names = standardization.names
        try options.healthSigns?.check(features: names)
        let signs = HealthSigns.signs(
            features: features.map { data.panel.features[$0].name }, values: features.map { data.columns[$0][positions] },
            churned: data.labels[positions], overrides: options.healthSigns)
        let k = Double(signs.count)
        let n = x.rowCount
        var h = [Float](repeating: 0, count: n)
        x.storage.withUnsafeBufferPointer { z in
            for j in signs.indices {
                let s = signs[j].sign / k
                let base = j * n
                for i in 0..<n { h[i] += Float(s * Double(z[base + i])) }
            }
        }
        let hx = DesignMatrix(uncheckedRowCount: n, columnCount: 1, storage: h)
        let fit = try LogisticRegression.fit(
            hx, tiles: nil, labels: labels, options: LogisticOptions(c: .infinity, threads: threads), start: start, stopping: stopping)
        var w = Calibrator.baseWeights(
            data: data, positions: positions, standardization: standardization, features: features, kind: .health,
            options: options, includeAttributes: true,
            note: "equal-weight health score h = mean of sign*z over all features (signs from a signs file, else the "
                + "training data's univariate direction, else the name); churn logit = a + b*h by unpenalised 1-D "
                + "logistic fit on the training periods")
        let slope = fit.coefficients[0]
        let byName = Dictionary(uniqueKeysWithValues: signs.map { ($0.feature, $0.sign) })
        for j in w.features.indices {
            if let s = byName[w.features[j].name] { w.features[j].churn = slope * s / k }
        }
        w.churnLink = ChurnLink(intercept: fit.intercept, direction: 0, magnitude: 0, ghost: 0)
        var notes: [String] = []
        if slope > 0 { notes.append("health slope is positive: healthier scores churned more in training") }
        var result = ModelFit(model: .health, weights: w, fit: fit, c: nil, notes: notes)
        result.signs = signs
        return result
    }
}
