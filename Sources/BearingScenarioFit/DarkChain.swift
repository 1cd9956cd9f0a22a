import BearingPanel
import BearingVector

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The going-dark chain behind the `engagement.*` features: a two-state hidden Markov model
/// (engaged, dark) per customer, fitted by Baum–Welch (EM) on the customers' rows in period
/// order.
///
/// Emissions: in each state every engagement feature's standardised value is Normal(μ_js, σ_js),
/// independently across features (a missing cell contributes nothing). Transitions happen
/// between a customer's consecutive rows, as in the simulator (a gap in the rows is treated as
/// one step; `PanelQuality` counts such gaps). The state whose means sit on the features' bad
/// side (`DomainSign`: few logins, many days since contact) is called dark.
///
/// EM starts from the 10% of rows furthest on the bad side and stops when the log-likelihood
/// gains less than 1e-8 relative (at most `maxIterations`). The smoothed posteriors it leaves
/// (P(dark) per row, and P(engaged → dark), P(dark → engaged) between consecutive rows) are what
/// the going-dark and recovery regressions use.
package struct DarkChain: Sendable {
    static let maxIterations = 100

    let columns: [Int]
    let features: [FeatureMoments]
    /// Means and sds of the standardised features, `[state][feature]`, state 0 engaged, 1 dark.
    package private(set) var means: [[Double]]
    package private(set) var sds: [[Double]]
    package private(set) var initialDark: Double
    package private(set) var goingDark: Double
    package private(set) var recovery: Double
    /// P(dark) per panel row.
    package private(set) var dark: [Double]
    /// Per panel row with a next row of the same customer: P(engaged now, dark next) and
    /// P(dark now, engaged next); 0 for a customer's last row.
    package private(set) var toDark: [Double]
    package private(set) var toEngaged: [Double]
    package private(set) var iterations = 0
    package private(set) var logLikelihood = -Double.infinity

    /// Fits the chain; nil when the panel has no `engagement.*` feature.
    package init?(panel: HistoryPanel, rowsByCustomer: [[Int32]]) {
        self.init(panel: panel, rowsByCustomer: rowsByCustomer, moments: panel.features.map(FeatureMoments.init))
    }

    init?(panel: HistoryPanel, rowsByCustomer: [[Int32]], moments: [FeatureMoments]) {
        let columns = panel.features.indices.filter { panel.features[$0].group == .engagement }
        guard !columns.isEmpty else { return nil }
        self.columns = columns
        self.features = columns.map { moments[$0] }
        let k = columns.count
        let n = panel.rowCount
        // Standardised values, column-major, NaN when missing.
        var z = [Double](repeating: .nan, count: k * n)
        for (j, c) in columns.enumerated() {
            let values = panel.features[c].values
            let m = features[j]
            for r in 0..<n where !values[r].isNaN { z[j * n + r] = m.z(values[r]) }
        }
        let signs = features.map { -DomainSign.of($0.name) }

        // Start: the 10% of rows furthest on the bad side are dark.
        var badness = [Double](repeating: .nan, count: n)
        for r in 0..<n {
            var s = 0.0
            var c = 0
            for j in 0..<k where !z[j * n + r].isNaN {
                s += signs[j] * z[j * n + r]
                c += 1
            }
            if c > 0 { badness[r] = s / Double(c) }
        }
        let cut = Self.quantile(badness.filter { !$0.isNaN }, 0.9)
        var gamma = badness.map { $0.isNaN ? 0.1 : ($0 > cut ? 1.0 : 0.0) }
        means = [[Double]](repeating: [Double](repeating: 0, count: k), count: 2)
        sds = [[Double]](repeating: [Double](repeating: 1, count: k), count: 2)
        initialDark = 0.1
        goingDark = 0.05
        recovery = 0.3
        dark = gamma
        toDark = [Double](repeating: 0, count: n)
        toEngaged = [Double](repeating: 0, count: n)
        Self.emissionStep(z: z, gamma: gamma, rows: n, features: k, means: &means, sds: &sds)

        var logDensity = [Double](repeating: 0, count: 2 * n)
        var scratch = Scratch(length: rowsByCustomer.reduce(1) { max($0, $1.count) })
        var previous = -Double.infinity
        for iteration in 1...Self.maxIterations {
            iterations = iteration
            // E step: log densities per row and state (constants hoisted out of the row loop).
            for r in 0..<n {
                logDensity[2 * r] = 0
                logDensity[2 * r + 1] = 0
            }
            for j in 0..<k {
                let m0 = means[0][j], m1 = means[1][j]
                let p0 = 1 / sds[0][j], p1 = 1 / sds[1][j]
                let c0 = -log(sds[0][j]), c1 = -log(sds[1][j])
                let base = j * n
                for r in 0..<n {
                    let x = z[base + r]
                    if x.isNaN { continue }
                    let u0 = (x - m0) * p0
                    let u1 = (x - m1) * p1
                    logDensity[2 * r] += c0 - 0.5 * u0 * u0
                    logDensity[2 * r + 1] += c1 - 0.5 * u1 * u1
                }
            }
            var firstDark = 0.0
            var customers = 0.0
            var outOfEngaged = 0.0
            var engagedWithNext = 0.0
            var outOfDark = 0.0
            var darkWithNext = 0.0
            var total = 0.0
            for rows in rowsByCustomer where !rows.isEmpty {
                total += forwardBackward(rows: rows, logDensity: logDensity, gamma: &gamma, scratch: &scratch)
                customers += 1
                firstDark += gamma[Int(rows[0])]
                for a in rows.dropLast() {
                    engagedWithNext += 1 - gamma[Int(a)]
                    darkWithNext += gamma[Int(a)]
                    outOfEngaged += toDark[Int(a)]
                    outOfDark += toEngaged[Int(a)]
                }
            }
            logLikelihood = total
            // M step.
            initialDark = Self.clampProbability(firstDark / max(1, customers))
            goingDark = Self.clampProbability(engagedWithNext > 0 ? outOfEngaged / engagedWithNext : goingDark)
            recovery = Self.clampProbability(darkWithNext > 0 ? outOfDark / darkWithNext : recovery)
            Self.emissionStep(z: z, gamma: gamma, rows: n, features: k, means: &means, sds: &sds)
            if total - previous < 1e-8 * abs(total) { break }
            previous = total
        }
        // Name the states: dark is the one on the features' bad side.
        var side = 0.0
        for j in 0..<k { side += signs[j] * (means[1][j] - means[0][j]) }
        if side < 0 {
            means.swapAt(0, 1)
            sds.swapAt(0, 1)
            initialDark = 1 - initialDark
            swap(&goingDark, &recovery)
            gamma = gamma.map { 1 - $0 }
            swap(&toDark, &toEngaged)
        }
        dark = gamma
    }

    /// Share of customer-periods dark in the chain's stationary state.
    package var stationaryDark: Double { goingDark / (goingDark + recovery) }

    /// Distance between the two states' emission means in engaged-state sds (Mahalanobis,
    /// diagonal): below 1 the two states are not told apart reliably.
    package var separation: Double {
        var s = 0.0
        for j in features.indices {
            let d = (means[1][j] - means[0][j]) / sds[0][j]
            s += d * d
        }
        return s.squareRoot()
    }

    /// Buffers reused across customers (sized for the longest sequence).
    struct Scratch {
        var alpha: [Double]
        var beta: [Double]
        var scale: [Double]
        var emission: [Double]

        init(length: Int) {
            alpha = [Double](repeating: 0, count: 2 * length)
            beta = alpha
            emission = alpha
            scale = [Double](repeating: 0, count: length)
        }
    }

    /// Scaled forward–backward over one customer's rows; writes γ (P dark) and the two
    /// transition posteriors of each row with a successor. Returns the sequence's log-likelihood.
    private mutating func forwardBackward(
        rows: [Int32], logDensity: [Double], gamma: inout [Double], scratch: inout Scratch
    ) -> Double {
        let t = rows.count
        var logLik = 0.0
        for i in 0..<t {
            let r = Int(rows[i])
            let l0 = logDensity[2 * r]
            let l1 = logDensity[2 * r + 1]
            let top = max(l0, l1)
            scratch.emission[2 * i] = exp(l0 - top)
            scratch.emission[2 * i + 1] = exp(l1 - top)
            logLik += top
        }
        let a00 = 1 - goingDark, a01 = goingDark, a10 = recovery, a11 = 1 - recovery
        for i in 0..<t {
            var p0: Double
            var p1: Double
            if i == 0 {
                p0 = (1 - initialDark) * scratch.emission[0]
                p1 = initialDark * scratch.emission[1]
            } else {
                p0 = (scratch.alpha[2 * i - 2] * a00 + scratch.alpha[2 * i - 1] * a10) * scratch.emission[2 * i]
                p1 = (scratch.alpha[2 * i - 2] * a01 + scratch.alpha[2 * i - 1] * a11) * scratch.emission[2 * i + 1]
            }
            let s = max(p0 + p1, 1e-300)
            scratch.scale[i] = s
            scratch.alpha[2 * i] = p0 / s
            scratch.alpha[2 * i + 1] = p1 / s
            logLik += log(s)
        }
        scratch.beta[2 * t - 2] = 1
        scratch.beta[2 * t - 1] = 1
        for i in stride(from: t - 2, through: 0, by: -1) {
            let e0 = scratch.emission[2 * i + 2] * scratch.beta[2 * i + 2]
            let e1 = scratch.emission[2 * i + 3] * scratch.beta[2 * i + 3]
            let s = scratch.scale[i + 1]
            scratch.beta[2 * i] = (a00 * e0 + a01 * e1) / s
            scratch.beta[2 * i + 1] = (a10 * e0 + a11 * e1) / s
        }
        for i in 0..<t {
            let r = Int(rows[i])
            let g0 = scratch.alpha[2 * i] * scratch.beta[2 * i]
            let g1 = scratch.alpha[2 * i + 1] * scratch.beta[2 * i + 1]
            gamma[r] = g1 / max(g0 + g1, 1e-300)
            if i + 1 < t {
                // ξ_ab = α_i(a)·A_ab·e_{i+1}(b)·β_{i+1}(b) / c_{i+1}.
                let e0 = scratch.emission[2 * i + 2] * scratch.beta[2 * i + 2]
                let e1 = scratch.emission[2 * i + 3] * scratch.beta[2 * i + 3]
                let s = scratch.scale[i + 1]
                toDark[r] = scratch.alpha[2 * i] * a01 * e1 / s
                toEngaged[r] = scratch.alpha[2 * i + 1] * a10 * e0 / s
            } else {
                toDark[r] = 0
                toEngaged[r] = 0
            }
        }
        return logLik
    }

    private static func emissionStep(
        z: [Double], gamma: [Double], rows n: Int, features k: Int, means: inout [[Double]], sds: inout [[Double]]
    ) {
        for j in 0..<k {
            var w = [0.0, 0.0]
            var s = [0.0, 0.0]
            var ss = [0.0, 0.0]
            for r in 0..<n {
                let x = z[j * n + r]
                if x.isNaN { continue }
                let g = gamma[r]
                w[0] += 1 - g
                w[1] += g
                s[0] += (1 - g) * x
                s[1] += g * x
                ss[0] += (1 - g) * x * x
                ss[1] += g * x * x
            }
            for state in 0..<2 where w[state] > 1e-9 {
                let m = s[state] / w[state]
                means[state][j] = m
                sds[state][j] = max(0.05, max(0, ss[state] / w[state] - m * m).squareRoot())
            }
        }
    }

    static func clampProbability(_ p: Double) -> Double { min(1 - 1e-6, max(1e-6, p)) }

    static func quantile(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(q * Double(sorted.count - 1)))]
    }
}
