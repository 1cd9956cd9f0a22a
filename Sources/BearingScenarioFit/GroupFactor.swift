import BearingPanel
import BearingVector

/// A one-factor model of the standardised features of one group (`outcome.*` for the latent
/// direction, `experience.*` for the latent experience):
///
///     z_j = λ_j·f + √ψ_j·ε_j,   var(f) = 1 over all rows,   ψ_j = 1 − λ_j²
///
/// Loadings come from principal-axis factoring of the pairwise correlation matrix (a method
/// of moments: the off-diagonal correlations are λ_j·λ_k). With two features only λ_1·λ_2 is
/// identified and both get √|r|; with one, nothing is, and the documented default loading
/// `defaultLoading` is used. The sign makes the factor point the way the features' domain
/// signs say is good (`DomainSign`), so a higher direction is progress.
///
/// Per row, the Bartlett score f̂ = Σ_obs (λ_j/ψ_j)·z_j / Σ_obs λ_j²/ψ_j over the row's observed
/// features is unbiased for f with error variance v = 1 / Σ_obs λ_j²/ψ_j.
package struct GroupFactor: Sendable {
    static let defaultLoading = 0.8
    static let maxCommunality = 0.98

    let features: [FeatureMoments]
    /// Column index in the panel of each feature.
    let columns: [Int]
    let loadings: [Double]
    /// How the loadings were obtained (for the fitted scenario's comments).
    let method: String

    var isEmpty: Bool { features.isEmpty }

    init(panel: HistoryPanel, group: FeatureGroup, moments: [FeatureMoments]) {
        let columns = panel.features.indices.filter { panel.features[$0].group == group }
        self.columns = columns
        self.features = columns.map { moments[$0] }
        let k = columns.count
        var raw: [Double]
        switch k {
        case 0:
            raw = []
            method = "no \(group.rawValue).* features"
        case 1:
            raw = [Self.defaultLoading]
            method = "default loading \(Self.defaultLoading): one \(group.rawValue).* feature cannot identify its own noise"
        default:
            let r = Self.correlations(panel: panel, columns: columns, moments: features)
            if k == 2 {
                let l = Swift.min(abs(r[1]).squareRoot(), Self.maxCommunality.squareRoot())
                raw = [l, r[1] < 0 ? -l : l]
                method = "two features: equal loadings √|r| (only their product is identified)"
            } else {
                raw = Self.principalAxis(r, size: k)
                method = "principal-axis factoring of the \(k)x\(k) correlation matrix"
            }
        }
        // Orient: positive domain signs should load positively.
        var orientation = 0.0
        for (f, l) in zip(features, raw) { orientation += DomainSign.of(f.name) * l }
        if orientation < 0 || (orientation == 0 && (raw.first ?? 0) < 0) { raw = raw.map { -$0 } }
        loadings = raw
    }

    /// Bartlett score and its error variance for `row`; (nan, +inf) when every feature is missing.
    @inline(__always)
    func score(panel: HistoryPanel, row: Int) -> (value: Double, variance: Double) {
        var numerator = 0.0
        var information = 0.0
        for (i, c) in columns.enumerated() {
            let x = panel.features[c].values[row]
            if x.isNaN { continue }
            let l = loadings[i]
            let psi = 1 - l * l
            numerator += l / psi * features[i].z(x)
            information += l * l / psi
        }
        guard information > 0 else { return (.nan, .infinity) }
        return (numerator / information, 1 / information)
    }

    /// Pairwise-complete correlations of the standardised columns, row-major k x k.
    static func correlations(panel: HistoryPanel, columns: [Int], moments: [FeatureMoments]) -> [Double] {
        let k = columns.count
        var sums = [Double](repeating: 0, count: k * k)
        var counts = [Int](repeating: 0, count: k * k)
        var z = [Double](repeating: 0, count: k)
        for row in 0..<panel.rowCount {
            for a in 0..<k {
                let x = panel.features[columns[a]].values[row]
                z[a] = x.isNaN ? .nan : moments[a].z(x)
            }
            for a in 0..<k where !z[a].isNaN {
                for b in (a + 1)..<max(a + 1, k) where !z[b].isNaN {
                    sums[a * k + b] += z[a] * z[b]
                    counts[a * k + b] += 1
                }
            }
        }
        var r = [Double](repeating: 0, count: k * k)
        for a in 0..<k {
            r[a * k + a] = 1
            for b in (a + 1)..<max(a + 1, k) {
                let value = counts[a * k + b] > 1 ? Swift.max(-1, Swift.min(1, sums[a * k + b] / Double(counts[a * k + b]))) : 0
                r[a * k + b] = value
                r[b * k + a] = value
            }
        }
        return r
    }

    /// Principal-axis factoring: communalities start at each row's largest |r|, then
    /// alternate (top eigenpair of R with communalities on the diagonal) -> λ = √eig · v.
    package static func principalAxis(_ r: [Double], size k: Int) -> [Double] {
        var h = (0..<k).map { a in (0..<k).filter { $0 != a }.map { abs(r[a * k + $0]) }.max() ?? 0.5 }
        var loadings = [Double](repeating: 0, count: k)
        for _ in 0..<200 {
            var m = r
            for a in 0..<k { m[a * k + a] = h[a] }
            let (value, vector) = topEigenpair(m, size: k)
            let root = Swift.max(0, value).squareRoot()
            var change = 0.0
            for a in 0..<k {
                loadings[a] = root * vector[a]
                let next = Swift.min(maxCommunality, Swift.max(0.005, loadings[a] * loadings[a]))
                change = Swift.max(change, abs(next - h[a]))
                h[a] = next
            }
            if change < 1e-10 { break }
        }
        // Keep |λ| <= √maxCommunality so every feature keeps some noise.
        return loadings.map { $0 < 0 ? -Swift.min(-$0, maxCommunality.squareRoot()) : Swift.min($0, maxCommunality.squareRoot()) }
    }

    /// The largest eigenvalue of a symmetric matrix and its unit eigenvector, by power iteration
    /// on the matrix shifted to be positive definite (so the largest algebraic one wins).
    package static func topEigenpair(_ m: [Double], size k: Int) -> (Double, [Double]) {
        var shift = 0.0
        for a in 0..<k {
            var radius = 0.0
            for b in 0..<k where b != a { radius += abs(m[a * k + b]) }
            shift = Swift.max(shift, radius - m[a * k + a])
        }
        var v = [Double](repeating: 1 / Double(k).squareRoot(), count: k)
        var value = 0.0
        for _ in 0..<1000 {
            var w = [Double](repeating: 0, count: k)
            for a in 0..<k {
                var s = shift * v[a]
                for b in 0..<k { s += m[a * k + b] * v[b] }
                w[a] = s
            }
            let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0 else { break }
            var change = 0.0
            for a in 0..<k {
                let next = w[a] / norm
                change = Swift.max(change, abs(next - v[a]))
                v[a] = next
            }
            value = norm - shift
            if change < 1e-13 { break }
        }
        return (value, v)
    }
}
