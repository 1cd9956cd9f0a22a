import BearingPanel

/// Estimates one latent axis (direction or experience) of the scenario model from the Bartlett
/// scores of its feature group (`GroupFactor`):
///
///     x[p+1] = φ·x[p] + input(segment, fit) + skill(CSM) + σ·ε
///
/// - **Levels**: per (segment, fit, period) mean score m, and per CSM the mean over its
///   customers of their mean deviation from m (a CSM's level effect), shrunk by its sampling
///   variance (empirical Bayes).
/// - **Persistence** φ = γ1/γ0 and innovation variance σ² = γ0' − φ²·γ0 from consecutive rows of
///   a customer (periods one apart), on deviations from those levels, with the scores' error
///   variance taken off γ0 and γ0'. Because the ratio is a regression of the next state on the
///   current one, it stays unbiased when churn selects customers on their current state.
/// - **Inputs** per (segment, fit): the mean of score[p+1] − φ·score[p] over the same pairs,
///   then split additively into fit effects and segment effects (weighted least squares,
///   segment effects centred on 0 customer-weighted).
/// - **CSM skill**: per segment, the between-CSM variance of the level effects minus their
///   mean sampling variance (at least 0), in input units (× (1 − φ)).
///
/// It also gives per row the regression-calibrated state E[x | scores] (`calibrated`, used as a
/// covariate so hazard slopes are not attenuated by the scores' noise) and a variance-matched
/// version (`matched`, whose spread is the latent state's, used for category quantiles).
struct LatentAxisFit: Sendable {
    static let defaultPersistence = 0.8

    let identified: Bool
    let persistence: Double
    let noise: Double
    /// Input per fit (`Fit.rawValue`) with segment effects centred; nil where no rows.
    let fitInputs: [Double?]
    /// Additive segment effect on the input, by panel segment index.
    let segmentEffects: [Double]
    /// Spread of CSM skill in input units by panel segment index (nil: fewer than the minimum CSMs).
    let skillSpread: [Double?]
    /// Each CSM's level effect (its customers' mean deviation from their cells, shrunk by its
    /// sampling variance), by panel CSM index; 0 when unknown.
    let csmLevels: [Double]
    /// Pairs of consecutive rows used, and rows with a score.
    let pairs: Int
    let scoredRows: Int
    /// Per panel row: score, its error variance, calibrated and variance-matched state (NaN where
    /// the axis is not identified).
    let score: [Double]
    let calibrated: [Double]
    let matched: [Double]

    init(
        panel: HistoryPanel, factor: GroupFactor, rowsByCustomer: [[Int32]], periodSlot: [Int], periodCount: Int,
        minimumCSMs: Int
    ) {
        let n = panel.rowCount
        let segments = panel.segmentNames.count
        guard !factor.isEmpty else {
            identified = false
            persistence = Self.defaultPersistence
            noise = (1 - Self.defaultPersistence * Self.defaultPersistence).squareRoot()
            fitInputs = [0, 0, 0]
            segmentEffects = [Double](repeating: 0, count: segments)
            skillSpread = [Double?](repeating: nil, count: segments)
            csmLevels = [Double](repeating: 0, count: panel.csmIDs.count)
            pairs = 0
            scoredRows = 0
            score = [Double](repeating: .nan, count: n)
            calibrated = [Double](repeating: 0, count: n)
            matched = [Double](repeating: .nan, count: n)
            return
        }
        identified = true
        var score = [Double](repeating: .nan, count: n)
        var variance = [Double](repeating: .infinity, count: n)
        var scored = 0
        for r in 0..<n {
            let s = factor.score(panel: panel, row: r)
            score[r] = s.value
            variance[r] = s.variance
            if !s.value.isNaN { scored += 1 }
        }
        scoredRows = scored

        // Levels per (segment, fit, period).
        func cell(_ r: Int) -> Int {
            (Int(panel.segment[r]) * 3 + Int(panel.fit[r].rawValue)) * periodCount + periodSlot[r]
        }
        var cellSum = [Double](repeating: 0, count: max(1, segments * 3 * periodCount))
        var cellCount = [Double](repeating: 0, count: cellSum.count)
        for r in 0..<n where !score[r].isNaN {
            cellSum[cell(r)] += score[r]
            cellCount[cell(r)] += 1
        }
        let cellMean = zip(cellSum, cellCount).map { $1 > 0 ? $0 / $1 : 0 }

        // CSM level effects: mean over the CSM's customers of their mean deviation.
        let csms = panel.csmIDs.count
        var customerMeans = [[Double]](repeating: [], count: csms)
        var csmSegment = [Int](repeating: -1, count: csms)
        for rows in rowsByCustomer {
            var sums: [Int32: (Double, Int)] = [:]
            for r32 in rows {
                let r = Int(r32)
                let k = panel.csm[r]
                guard k >= 0, !score[r].isNaN else { continue }
                sums[k, default: (0, 0)].0 += score[r] - cellMean[cell(r)]
                sums[k, default: (0, 0)].1 += 1
                if csmSegment[Int(k)] < 0 { csmSegment[Int(k)] = Int(panel.segment[r]) }
            }
            for (k, s) in sums.sorted(by: { $0.key < $1.key }) { customerMeans[Int(k)].append(s.0 / Double(s.1)) }
        }
        var level = [Double](repeating: 0, count: csms)
        var samplingVariance = [Double](repeating: .infinity, count: csms)
        for k in 0..<csms where !customerMeans[k].isEmpty {
            let m = customerMeans[k]
            let mean = m.reduce(0, +) / Double(m.count)
            level[k] = mean
            if m.count >= 2 {
                let v = m.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(m.count - 1)
                samplingVariance[k] = v / Double(m.count)
            }
        }
        // Between-CSM variance of true level effects per segment.
        var levelSpread = [Double?](repeating: nil, count: segments)
        for s in 0..<segments {
            let members = (0..<csms).filter { csmSegment[$0] == s && samplingVariance[$0].isFinite }
            guard members.count >= max(2, minimumCSMs) else { continue }
            let mean = members.reduce(0) { $0 + level[$1] } / Double(members.count)
            let between = members.reduce(0) { $0 + (level[$1] - mean) * (level[$1] - mean) } / Double(members.count - 1)
            let noise = members.reduce(0) { $0 + samplingVariance[$1] } / Double(members.count)
            levelSpread[s] = max(0, between - noise)
        }
        // Shrink each CSM's level toward 0 by its reliability.
        var shrunk = [Double](repeating: 0, count: csms)
        for k in 0..<csms where csmSegment[k] >= 0 {
            let tau2 = levelSpread[csmSegment[k]] ?? 0
            let se2 = samplingVariance[k]
            shrunk[k] = se2.isFinite && tau2 + se2 > 0 ? level[k] * tau2 / (tau2 + se2) : 0
        }
        csmLevels = shrunk

        // Deviations from the levels; the within variance of the latent state.
        var prior = [Double](repeating: 0, count: n)
        var within = 0.0
        var withinCount = 0.0
        for r in 0..<n {
            let k = Int(panel.csm[r])
            prior[r] = cellMean[cell(r)] + (k >= 0 ? shrunk[k] : 0)
            if !score[r].isNaN {
                let x = score[r] - prior[r]
                within += x * x - variance[r]
                withinCount += 1
            }
        }
        let tau2 = max(1e-4, withinCount > 0 ? within / withinCount : 1)

        // AR(1) moments over consecutive rows one period apart.
        var g0 = 0.0, g0Next = 0.0, g1 = 0.0, count = 0.0
        var pairList: [(Int, Int)] = []
        for rows in rowsByCustomer {
            for (a32, b32) in zip(rows, rows.dropFirst()) {
                let a = Int(a32), b = Int(b32)
                guard panel.period[b].ordinal - panel.period[a].ordinal == 1, !score[a].isNaN, !score[b].isNaN else { continue }
                let xa = score[a] - prior[a]
                let xb = score[b] - prior[b]
                g0 += xa * xa - variance[a]
                g0Next += xb * xb - variance[b]
                g1 += xa * xb
                count += 1
                pairList.append((a, b))
            }
        }
        pairs = Int(count)
        var phi = Self.defaultPersistence
        var sigma2 = (1 - phi * phi) * tau2
        if count >= 30, g0 > 0 {
            phi = min(0.98, max(-0.9, g1 / g0))
            sigma2 = max(0.01 * g0Next / count, (g0Next - phi * phi * g0) / count)
        }
        persistence = phi
        noise = sigma2.squareRoot()

        // Inputs per (segment, fit): mean of score[p+1] − φ·score[p] over the pairs.
        var inputSum = [Double](repeating: 0, count: max(1, segments * 3))
        var inputCount = [Double](repeating: 0, count: inputSum.count)
        if pairList.isEmpty {
            for r in 0..<n where !score[r].isNaN {
                let c = Int(panel.segment[r]) * 3 + Int(panel.fit[r].rawValue)
                inputSum[c] += (1 - phi) * score[r]
                inputCount[c] += 1
            }
        } else {
            for (a, b) in pairList {
                let c = Int(panel.segment[a]) * 3 + Int(panel.fit[a].rawValue)
                inputSum[c] += score[b] - phi * score[a]
                inputCount[c] += 1
            }
        }
        let (fits, segmentShift) = Self.additive(sums: inputSum, counts: inputCount, segments: segments)
        fitInputs = fits
        segmentEffects = segmentShift
        skillSpread = levelSpread.map { $0.map { $0.squareRoot() * (1 - phi) } }

        // Regression calibration and variance matching around the levels.
        var calibrated = prior
        var matched = [Double](repeating: .nan, count: n)
        for r in 0..<n where !score[r].isNaN {
            let reliability = tau2 / (tau2 + variance[r])
            calibrated[r] = prior[r] + reliability * (score[r] - prior[r])
            matched[r] = prior[r] + reliability.squareRoot() * (score[r] - prior[r])
        }
        self.score = score
        self.calibrated = calibrated
        self.matched = matched
    }

    /// Splits cell means into fit + segment effects by weighted least squares (backfitting);
    /// segment effects are centred so their count-weighted mean is 0.
    static func additive(sums: [Double], counts: [Double], segments: Int) -> ([Double?], [Double]) {
        var fit = [Double](repeating: 0, count: 3)
        var segment = [Double](repeating: 0, count: segments)
        for _ in 0..<50 {
            for f in 0..<3 {
                var s = 0.0, w = 0.0
                for g in 0..<segments {
                    let c = g * 3 + f
                    s += sums[c] - counts[c] * segment[g]
                    w += counts[c]
                }
                fit[f] = w > 0 ? s / w : 0
            }
            for g in 0..<segments {
                var s = 0.0, w = 0.0
                for f in 0..<3 {
                    let c = g * 3 + f
                    s += sums[c] - counts[c] * fit[f]
                    w += counts[c]
                }
                segment[g] = w > 0 ? s / w : 0
            }
        }
        var total = 0.0, weight = 0.0
        for g in 0..<segments {
            let w = (0..<3).reduce(0) { $0 + counts[g * 3 + $1] }
            total += w * segment[g]
            weight += w
        }
        let centre = weight > 0 ? total / weight : 0
        let fits: [Double?] = (0..<3).map { f in
            (0..<segments).contains { counts[$0 * 3 + f] > 0 } ? fit[f] + centre : nil
        }
        return (fits, segment.map { $0 - centre })
    }
}
