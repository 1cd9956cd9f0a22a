import BearingMetrics
import BearingPanel
import BearingVector
import Foundation

/// Fits the Success Vector model: direction and magnitude weights, the churn link and the
/// category thresholds.
///
/// **Model.** churn logit = b0 + b1·D + b2·M + b3·[ghost], with D = Σ_out w_j z_j over the
/// `outcome.*` features, M = Σ_exp v_j z_j over the `experience.*` features and, when
/// `CalibrationOptions.engagementInMagnitude` is set (the default), the `engagement.*` features
/// too (the spec counts engagement in the strength of the experience), and ghost from the
/// engagement rules of `DefaultWeights` (raw-value thresholds, e.g. 90 days since contact).
/// Because D and M use disjoint feature groups, b1·w and b2·v are just the coefficients of one
/// logistic regression of churn on [z_out, z_exp, ghost]: the rank-2 structured model's maximum
/// likelihood is that joint fit (Newton, exact), then each group's coefficient vector β is
/// factored into a unit-variance axis and a link coefficient: D = −β_out·z / s_D with
/// s_D = sd(β_out·z) on the training rows, b1 = −s_D (so direction points away from churn
/// and b1 < 0); likewise M and b2. The L2 penalty is on β (λ/2‖β‖², λ = 1/C), intercept free.
///
/// **Regularisation.** C is `options.c` when given, else chosen from `options.candidateCs` by
/// time-series cross-validation: each of the last `validationPeriods` training periods is
/// predicted by a model fitted (standardisation and ghost rules included) on the training
/// periods strictly before it; the C with the lowest mean validation log loss wins (ties go to
/// the smaller C, the stronger penalty). Periods after the training rows are never seen.
///
/// **Category thresholds.** direction = tanh(D), magnitude = logistic(M). On the non-ghost
/// training rows, negativeDirection runs over direction quantiles 5%…40%, positiveDirection
/// over 50%…90% and positiveMagnitude over magnitude quantiles 0%…50%; among the combinations
/// whose churn rates order ghost > negative > neutral > positive with each step larger than
/// `orderMargin` (2) standard errors of the difference of the two rates (ghost only when ghosts
/// exist), and that leave each of negative, neutral and positive at least max(10, 2%) of the
/// non-ghost rows, the one with the highest binomial log-likelihood of churn given category
/// (the most informative split) is kept. The margin keeps the order out of time: without it the
/// likelihood pushes `negative` down to a sliver whose churn only ties with ghost's. If no
/// combination clears the margin, plain strict order is accepted; if none orders churn at all,
/// the default thresholds stay and the report says so. Ghost is decided by engagement rules,
/// not by these thresholds, so when ghosts churn less than any feasible `negative` the search
/// orders negative > neutral > positive alone and the report notes the ghost inversion.
public enum VectorCalibration {
    public static let negativeQuantiles = [0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40]
    public static let positiveQuantiles = [0.50, 0.55, 0.60, 0.65, 0.70, 0.75, 0.80, 0.85, 0.90]
    public static let magnitudeQuantiles = [0.0, 0.10, 0.20, 0.30, 0.40, 0.50]
    /// Standard errors by which each category's training churn rate must exceed the next one's.
    public static let orderMargin = 2.0

    public static func calibrate(
        _ panel: HistoryPanel, rows: [Int32], options: CalibrationOptions
    ) throws(CalibrationError) -> CalibrationResult {
        let rows = panel.rowsWithKnownOutcome(rows)
        let periods = Array(Set(rows.map { panel.period[Int($0)] })).sorted()
        var notes: [String] = []
        var cv: [CrossValidationPoint] = []
        let c: Double
        if let given = options.c {
            c = given
        } else if periods.count >= 2, !options.candidateCs.isEmpty {
            let folds = Array(periods.suffix(min(max(1, options.validationPeriods), periods.count - 1)))
            for candidate in options.candidateCs {
                var total = 0.0
                var used = 0
                for v in folds {
                    let train = rows.filter { panel.period[Int($0)] < v }
                    let valid = rows.filter { panel.period[Int($0)] == v }
                    guard !valid.isEmpty, let fold = try? fit(panel, rows: train, c: candidate, options: options) else { continue }
                    guard let scored = try? Scoring.score(panel, rows: valid, weights: fold.weights),
                        let loss = try? ClassifierMetrics.logLoss(
                            labels: valid.map { panel.churned[Int($0)] }, probabilities: scored.probabilities)
                    else { continue }
                    total += loss
                    used += 1
                }
                cv.append(CrossValidationPoint(c: candidate, meanLogLoss: used > 0 ? total / Double(used) : .nan, folds: used))
            }
            let best = cv.filter { $0.meanLogLoss.isFinite }.min { a, b in
                a.meanLogLoss < b.meanLogLoss || (a.meanLogLoss == b.meanLogLoss && a.c < b.c)
            }
            if let best {
                c = best.c
            } else {
                c = 1
                notes.append("cross-validation could not fit any fold; C = 1")
            }
        } else {
            c = 1
            notes.append("one training period: no cross-validation possible, C = 1")
        }
        var model = try fit(panel, rows: rows, c: c, options: options)
        let search = searchThresholds(model)
        if let (t, ghostOrdered) = search {
            model.weights.thresholds.negativeDirection = t.negative
            model.weights.thresholds.positiveDirection = t.positive
            model.weights.thresholds.positiveMagnitude = t.magnitude
            if !ghostOrdered {
                notes.append(
                    "ghosts (engagement rules) churn less than any feasible negative category in training; thresholds order negative > neutral > positive only")
            }
        } else {
            notes.append(
                "no direction/magnitude thresholds order training churn ghost > negative > neutral > positive; default thresholds kept")
        }
        notes.append(contentsOf: model.notes)
        var report = try Calibrator.makeReport(
            panel, rows: rows, weights: model.weights, model: .vector, c: c, fit: model.fit, notes: notes)
        report.crossValidation = cv
        return CalibrationResult(weights: model.weights, report: report)
    }

    /// One structured fit with default thresholds, plus what the threshold search needs.
    struct Fitted {
        var weights: Weights
        var fit: LogisticFit
        /// D and M per training row (Double), ghost flags, labels.
        var direction: [Double]
        var magnitude: [Double]
        var ghost: [Bool]
        var labels: [Bool]
        var notes: [String]
    }

    static func fit(
        _ panel: HistoryPanel, rows: [Int32], c: Double, options: CalibrationOptions
    ) throws(CalibrationError) -> Fitted {
        let outcome = panel.featureIndices(in: .outcome)
        let experience = panel.featureIndices(in: .experience)
            + (options.engagementInMagnitude ? panel.featureIndices(in: .engagement) : [])
        guard !(outcome.isEmpty && experience.isEmpty) else {
            throw .noTrainingRows("the vector model needs outcome.* or experience.* columns; the panel has none")
        }
        let set = try TrainingSet(panel: panel, rows: rows, featureIndices: outcome + experience)
        var weights = Calibrator.baseWeights(
            panel, rows: rows, standardization: try FeatureStandardization(
                names: panel.features.map(\.name), columns: panel.features.map(\.values), rows: rows),
            kind: .vector, options: options,
            note: "Success Vector: joint L2 logistic fit (C = \(c)) of churn on outcome z (direction), "
                + "experience\(options.engagementInMagnitude ? " and engagement" : "") z (magnitude) and ghost, "
                + "factored into unit-sd direction/magnitude axes; thresholds searched on training churn")
        let n = rows.count
        // Ghost flags exactly as the kernel computes them: Float comparison, missing never fires.
        var ghost = [Bool](repeating: false, count: n)
        for rule in weights.thresholds.ghost {
            guard let column = panel.feature(named: rule.feature) else { continue }
            let t = Float(rule.threshold)
            for (i, r) in rows.enumerated() {
                let x = column.values[Int(r)]
                if rule.side == .above ? x > t : x < t { ghost[i] = true }
            }
        }
        let d = outcome.count + experience.count
        var storage = set.x.storage
        storage.append(contentsOf: ghost.map { $0 ? Float(1) : 0 })
        let x = try DesignMatrix(rowCount: n, columnCount: d + 1, storage: storage)
        let fit = try LogisticRegression.fit(x, labels: set.labels, options: LogisticOptions(c: c, threads: options.threads))
        var notes: [String] = fit.converged ? [] : ["Newton did not reach the gradient tolerance"]

        func axis(_ columns: Range<Int>) -> (raw: [Double], sd: Double) {
            var raw = [Double](repeating: 0, count: n)
            for j in columns {
                let b = fit.coefficients[j]
                let base = j * n
                for i in 0..<n { raw[i] += b * Double(set.x.storage[base + i]) }
            }
            let mean = raw.reduce(0, +) / Double(max(n, 1))
            let ss = raw.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            return (raw, (ss / Double(max(n, 1))).squareRoot())
        }
        let dAxis = axis(0..<outcome.count)
        let mAxis = axis(outcome.count..<d)
        var link = ChurnLink(intercept: fit.intercept, direction: 0, magnitude: 0, ghost: fit.coefficients[d])
        let byName = Dictionary(uniqueKeysWithValues: weights.features.indices.map { (weights.features[$0].name, $0) })
        var direction: [Double]
        var magnitude: [Double]
        if dAxis.sd > 0 {
            for (k, j) in outcome.enumerated() {
                if let s = byName[panel.features[j].name] { weights.features[s].direction = -fit.coefficients[k] / dAxis.sd }
            }
            link.direction = -dAxis.sd
            direction = dAxis.raw.map { -$0 / dAxis.sd }
        } else {
            notes.append("no outcome signal for churn: direction keeps the default domain-signed weights, link direction 0")
            direction = defaultAxis(weights, set: set, group: .direction)
        }
        if mAxis.sd > 0 {
            for (k, j) in experience.enumerated() {
                if let s = byName[panel.features[j].name] {
                    weights.features[s].magnitude = -fit.coefficients[outcome.count + k] / mAxis.sd
                }
            }
            link.magnitude = -mAxis.sd
            magnitude = mAxis.raw.map { -$0 / mAxis.sd }
        } else {
            notes.append("no experience signal for churn: magnitude keeps the default domain-signed weights, link magnitude 0")
            magnitude = defaultAxis(weights, set: set, group: .magnitude)
        }
        weights.churnLink = link
        return Fitted(
            weights: weights, fit: fit, direction: direction, magnitude: magnitude, ghost: ghost, labels: set.labels,
            notes: notes)
    }

    /// Raw axis from the default weights of one group, on the training design.
    enum Axis { case direction, magnitude }

    static func defaultAxis(_ weights: Weights, set: TrainingSet, group: Axis) -> [Double] {
        let n = set.x.rowCount
        var raw = [Double](repeating: 0, count: n)
        for (j, name) in set.names.enumerated() {
            guard let f = weights.features.first(where: { $0.name == name }) else { continue }
            let w = group == .direction ? f.direction : f.magnitude
            for i in 0..<n { raw[i] += w * Double(set.x.storage[j * n + i]) }
        }
        return raw
    }

    struct Thresholds: Equatable {
        var negative: Double
        var positive: Double
        var magnitude: Double
    }

    /// The chosen thresholds and whether ghost churn could be kept above negative.
    static func searchThresholds(_ m: Fitted) -> (Thresholds, ghostOrdered: Bool)? {
        for margin in [orderMargin, 0] {
            if let t = searchThresholds(m, margin: margin, orderGhost: true) { return (t, true) }
        }
        for margin in [orderMargin, 0] {
            if let t = searchThresholds(m, margin: margin, orderGhost: false) { return (t, false) }
        }
        return nil
    }

    static func searchThresholds(_ m: Fitted, margin: Double, orderGhost: Bool) -> Thresholds? {
        let n = m.labels.count
        let dir = m.direction.map { max(-0.999_999, min(0.999_999, tanh($0))) }
        let mag = m.magnitude.map { 1 / (1 + exp(-$0)) }
        let live = (0..<n).filter { !m.ghost[$0] }
        guard live.count >= 30 else { return nil }
        let negatives = Quantiles.quantiles(live.map { dir[$0] }, negativeQuantiles)
        let positives = Quantiles.quantiles(live.map { dir[$0] }, positiveQuantiles)
        let magnitudes = magnitudeQuantiles.map { q in q == 0 ? 0 : Quantiles.quantile(live.map { mag[$0] }, q) }
        let ghostRows = n - live.count
        let ghostChurn = (0..<n).reduce(0) { $0 + (m.ghost[$1] && m.labels[$1] ? 1 : 0) }
        let minimum = max(10, live.count / 50)
        var best: (Thresholds, Double)?
        for neg in negatives {
            for pos in positives where pos >= neg {
                for mt in magnitudes {
                    var rows = [0, 0, 0]  // negative, neutral, positive
                    var churn = [0, 0, 0]
                    for i in live {
                        let c = dir[i] < neg ? 0 : (dir[i] > pos && mag[i] >= mt ? 2 : 1)
                        rows[c] += 1
                        churn[c] += m.labels[i] ? 1 : 0
                    }
                    guard rows.allSatisfy({ $0 >= minimum }) else { continue }
                    var counts = zip(rows, churn).map { ($0, $1) }
                    if ghostRows > 0, orderGhost { counts.insert((ghostRows, ghostChurn), at: 0) }
                    let ordered = zip(counts, counts.dropFirst()).allSatisfy { a, b in
                        let ra = Double(a.1) / Double(a.0)
                        let rb = Double(b.1) / Double(b.0)
                        let se = (ra * (1 - ra) / Double(a.0) + rb * (1 - rb) / Double(b.0)).squareRoot()
                        return ra - rb > margin * se && ra > rb
                    }
                    guard ordered else { continue }
                    var ll = 0.0
                    if ghostRows > 0, !orderGhost { counts.append((ghostRows, ghostChurn)) }
                    for (r, k) in counts {
                        let p = Double(k) / Double(r)
                        if k > 0 { ll += Double(k) * log(p) }
                        if k < r { ll += Double(r - k) * log(1 - p) }
                    }
                    if ll > (best?.1 ?? -.infinity) {
                        best = (Thresholds(negative: neg, positive: pos, magnitude: mt), ll)
                    }
                }
            }
        }
        return best?.0
    }
}
