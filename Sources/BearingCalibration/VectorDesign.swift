import BearingPanel
import BearingVector

/// The vector model's inputs on one training range of a `PeriodOrderedRows`: the default
/// weights standardised on the range (their ghost rules and categorisation are what the fit
/// keeps), the ghost flags, and the design [z_outcome, z_experience, ghost] that the joint
/// logistic fit of `VectorCalibration` runs on. Built once per range and shared by the fits at
/// every candidate C.
struct VectorDesign: Sendable {
    let positions: Range<Int>
    /// Default weights standardised on the range, kind `vector`, with calibration provenance.
    let base: Weights
    /// Panel feature indices of the direction (outcome) and magnitude features, in header order.
    let outcome: [Int]
    let experience: [Int]
    let x: DesignMatrix
    /// `x` regrouped for the Newton kernel once, shared by the fits at every candidate C.
    let tiles: LogisticKernel.Tiles
    let ghost: [Bool]
    let labels: [Bool]
    /// Where each design column's feature sits in `base.features` (outcome columns, then experience).
    private let slots: [Int?]
    private let engagementInMagnitude: Bool

    init(data: PeriodOrderedRows, positions: Range<Int>, options: CalibrationOptions) throws(CalibrationError) {
        let panel = data.panel
        let outcome = panel.featureIndices(in: .outcome)
        let experience =
            panel.featureIndices(in: .experience)
            + (options.engagementInMagnitude ? panel.featureIndices(in: .engagement) : [])
        guard !(outcome.isEmpty && experience.isEmpty) else {
            throw .noTrainingRows("the vector model needs outcome.* or experience.* columns; the panel has none")
        }
        guard !positions.isEmpty else { throw .noTrainingRows("no panel rows fall in the training periods") }
        // The vector never uses `attribute.*` columns: not in its axes, not in its schema.
        let schema = panel.features.indices.filter { panel.features[$0].group != .attribute }
        let standardization = try data.standardization(features: schema, positions: positions)
        let base = Calibrator.baseWeights(
            data: data, positions: positions, standardization: standardization, features: schema, kind: .vector,
            options: options, note: "")
        let n = positions.count
        // Ghost flags exactly as the kernel computes them: Float comparison, missing never fires.
        var ghost = [Bool](repeating: false, count: n)
        for rule in base.thresholds.ghost {
            guard let j = panel.features.firstIndex(where: { $0.name == rule.feature }) else { continue }
            let t = Float(rule.threshold)
            let column = data.columns[j][positions]
            for (i, x) in column.enumerated() where rule.side == .above ? x > t : x < t { ghost[i] = true }
        }
        let used = outcome + experience
        let position = Dictionary(uniqueKeysWithValues: schema.enumerated().map { ($1, $0) })
        let sub = FeatureStandardization(
            names: used.map { panel.features[$0].name }, means: used.map { standardization.means[position[$0] ?? 0] },
            scales: used.map { standardization.scales[position[$0] ?? 0] },
            missingCounts: used.map { standardization.missingCounts[position[$0] ?? 0] }, rowCount: n)
        var storage = data.design(features: used, standardization: sub, positions: positions, extraColumns: 1)
        let d = used.count
        for i in 0..<n where ghost[i] { storage[d * n + i] = 1 }
        self.positions = positions
        self.base = base
        self.outcome = outcome
        self.experience = experience
        self.x = DesignMatrix(uncheckedRowCount: n, columnCount: d + 1, storage: storage)
        self.tiles = LogisticKernel.Tiles(x)
        self.ghost = ghost
        self.labels = Array(data.labels[positions])
        self.slots = used.map { j in base.features.firstIndex { $0.name == panel.features[j].name } }
        self.engagementInMagnitude = options.engagementInMagnitude
    }

    /// The joint fit at `c`, factored into weights. With `axes`, also D and M per training row
    /// (what the threshold search needs). `rate`: Newton's convergence rate on the fit `start`
    /// comes from (`LogisticRegression.Solved`).
    func fit(
        c: Double, start: [Double]?, rate: Double? = nil, threads: Int?, axes wantAxes: Bool, stopping: NewtonStopping = .verified
    ) throws(CalibrationError) -> VectorCalibration.Fitted {
        let solved = try LogisticRegression.solve(
            x, tiles: tiles, labels: labels, options: LogisticOptions(c: c, threads: threads), start: start, rate: rate,
            stopping: stopping)
        let fit = solved.fit
        let d = outcome.count + experience.count
        var weights = base
        weights.provenance.note =
            "Success Vector: joint L2 logistic fit (C = \(c)) of churn on outcome z (direction), "
            + "experience\(engagementInMagnitude ? " and engagement" : "") z (magnitude) and ghost, "
            + "factored into unit-sd direction/magnitude axes; thresholds searched on training churn"
        var notes: [String] = fit.converged ? [] : ["Newton did not reach the gradient tolerance"]
        let (dAxis, mAxis) = axes(coefficients: fit.coefficients, direction: 0..<outcome.count, magnitude: outcome.count..<d)
        var link = ChurnLink(intercept: fit.intercept, direction: 0, magnitude: 0, ghost: fit.coefficients[d])
        let outcomeSlots = Array(slots[0..<outcome.count])
        let experienceSlots = Array(slots[outcome.count..<d])
        var direction: [Double] = []
        var magnitude: [Double] = []
        if dAxis.sd > 0 {
            for (k, slot) in outcomeSlots.enumerated() {
                if let slot { weights.features[slot].direction = -fit.coefficients[k] / dAxis.sd }
            }
            link.direction = -dAxis.sd
            if wantAxes { direction = dAxis.raw.map { -$0 / dAxis.sd } }
        } else {
            notes.append("no outcome signal for churn: direction keeps the default domain-signed weights, link direction 0")
            if wantAxes { direction = defaultAxis(columns: 0..<outcome.count, slots: outcomeSlots, direction: true) }
        }
        if mAxis.sd > 0 {
            for (k, slot) in experienceSlots.enumerated() {
                if let slot { weights.features[slot].magnitude = -fit.coefficients[outcome.count + k] / mAxis.sd }
            }
            link.magnitude = -mAxis.sd
            if wantAxes { magnitude = mAxis.raw.map { -$0 / mAxis.sd } }
        } else {
            notes.append("no experience signal for churn: magnitude keeps the default domain-signed weights, link magnitude 0")
            if wantAxes { magnitude = defaultAxis(columns: outcome.count..<d, slots: experienceSlots, direction: false) }
        }
        weights.churnLink = link
        return VectorCalibration.Fitted(
            weights: weights, fit: fit, direction: direction, magnitude: magnitude, ghost: wantAxes ? ghost : [],
            labels: wantAxes ? labels : [], notes: notes, rate: solved.rate)
    }

    /// The raw direction and magnitude axes, Σ_j b_j z_j over each group's columns per row, and
    /// their standard deviations (ddof 0, two-pass).
    ///
    /// Every fit of the cross-validation computes both over all its training rows. The axes
    /// are built from `tiles`, eight rows in the lanes of a vector, each row's terms added in
    /// column order from +0 as a column-by-column accumulation adds them; each axis's sums run
    /// in row order as a reduction of the one axis would, the two in the lanes of one vector
    /// so that their chains of additions overlap.
    private func axes(
        coefficients: [Double], direction: Range<Int>, magnitude: Range<Int>
    ) -> (direction: (raw: [Double], sd: Double), magnitude: (raw: [Double], sd: Double)) {
        let n = x.rowCount
        let columns = x.columnCount
        var d = [Double](repeating: 0, count: n)
        var m = [Double](repeating: 0, count: n)
        tiles.storage.withUnsafeBufferPointer { t in
            d.withUnsafeMutableBufferPointer { dOut in
                m.withUnsafeMutableBufferPointer { mOut in
                    guard let tiles = t.baseAddress else { return }
                    for g in 0..<((n + 7) / 8) {
                        let group = tiles + g &* columns &* 8
                        func term(_ j: Int) -> SIMD8<Double> {
                            coefficients[j] * SIMD8<Double>(UnsafeRawPointer(group + j &* 8).loadUnaligned(as: SIMD8<Float>.self))
                        }
                        var rd = SIMD8<Double>()
                        var rm = SIMD8<Double>()
                        for j in direction { rd += term(j) }
                        for j in magnitude { rm += term(j) }
                        for l in 0..<min(8, n - g * 8) {
                            dOut[g &* 8 &+ l] = rd[l]
                            mOut[g &* 8 &+ l] = rm[l]
                        }
                    }
                }
            }
        }
        var sum = SIMD2<Double>()
        for i in 0..<n { sum += SIMD2(d[i], m[i]) }
        let mean = sum / Double(max(n, 1))
        var ss = SIMD2<Double>()
        for i in 0..<n {
            let centred = SIMD2(d[i], m[i]) - mean
            ss += centred * centred
        }
        let sd = (ss / Double(max(n, 1))).squareRoot()
        return ((d, sd[0]), (m, sd[1]))
    }

    /// Raw axis from the default weights of one group, on the design's columns.
    private func defaultAxis(columns: Range<Int>, slots: [Int?], direction: Bool) -> [Double] {
        let n = x.rowCount
        var raw = [Double](repeating: 0, count: n)
        for (k, j) in columns.enumerated() {
            guard let slot = slots[k] else { continue }
            let f = base.features[slot]
            let w = direction ? f.direction : f.magnitude
            for i in 0..<n { raw[i] += w * Double(x.storage[j * n + i]) }
        }
        return raw
    }
}
