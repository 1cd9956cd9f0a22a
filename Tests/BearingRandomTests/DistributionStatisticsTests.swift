import Foundation
import Testing

@testable import BearingRandom

/// Moments of a sample, accumulated in double precision.
struct Moments {
    var n = 0.0, mean = 0.0, m2 = 0.0, m3 = 0.0, m4 = 0.0

    init<S: Sequence>(_ values: S) where S.Element: BinaryFloatingPoint {
        let xs = values.map { Double($0) }
        n = Double(xs.count)
        mean = xs.reduce(0, +) / n
        for x in xs {
            let d = x - mean, d2 = d * d
            m2 += d2; m3 += d2 * d; m4 += d2 * d2
        }
        m2 /= n; m3 /= n; m4 /= n
    }

    var variance: Double { m2 }
    var skewness: Double { m3 / pow(m2, 1.5) }
    var excessKurtosis: Double { m4 / (m2 * m2) - 3 }
}

func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.squareRoot()) }

/// Kolmogorov–Smirnov statistic `sqrt(n) · D` against `cdf`.
func ksStatistic(_ sample: [Double], cdf: (Double) -> Double) -> Double {
    let sorted = sample.sorted()
    let n = Double(sorted.count)
    var d = 0.0
    for (i, x) in sorted.enumerated() {
        let f = cdf(x)
        d = max(d, f - Double(i) / n, Double(i + 1) / n - f)
    }
    return d * n.squareRoot()
}

/// Statistical checks on fixed seeds: deterministic, so they cannot flake; the bands are about
/// 5 standard errors (or the α = 0.001 critical value for KS / chi-square), so a correct
/// sampler passes for essentially any seed and a biased one fails.
struct DistributionStatisticsTests {
    static let n = 1_000_000

    @Test func floatNormalMomentsKSAndTail() {
        var s = RandomStream(seed: 20_261_125, trial: 0, customer: 0, period: 0)
        var buffer = [Float](repeating: 0, count: Self.n)
        buffer.withUnsafeMutableBufferPointer { s.fillNormal($0) }
        let m = Moments(buffer)
        let n = Double(Self.n)
        #expect(abs(m.mean) < 5 / n.squareRoot())  // se 1e-3
        #expect(abs(m.variance - 1) < 5 * (2 / n).squareRoot())  // se 1.4e-3
        #expect(abs(m.skewness) < 5 * (6 / n).squareRoot())  // se 2.4e-3
        #expect(abs(m.excessKurtosis) < 5 * (24 / n).squareRoot())  // se 4.9e-3
        // KS: sqrt(n)·D < 1.95 is the α = 0.001 critical value.
        #expect(ksStatistic(buffer.map { Double($0) }, cdf: normalCDF) < 1.95)
        // The tail path (|x| > r, probability 2.58e-4) is taken and at the right rate:
        // expected 258, sd 16.
        let tail = buffer.lazy.filter { abs(Double($0)) > Ziggurat.r }.count
        let expectedTail = n * erfc(Ziggurat.r / 2.squareRoot())
        #expect(abs(Double(tail) - expectedTail) < 5 * expectedTail.squareRoot())
        // Both signs, no zeros from the fast path dominating.
        #expect(buffer.contains { $0 > 4 } && buffer.contains { $0 < -4 })
    }

    @Test func tailSamplerMatchesConditionalNormal() {
        // The tail path alone (layer 0 past r), 100k draws, against P(Z ≤ x | Z > r) by KS.
        var s = RandomStream(seed: 31, trial: 0, customer: 0, period: 0)
        let sample = (0..<100_000).map { _ in
            Ziggurat.slowRound(layer: 0, fraction: 1, round: 0, using: &s) ?? .nan
        }
        let upper = { (x: Double) in 0.5 * erfc(x / 2.squareRoot()) }
        let tailMass = upper(Ziggurat.r)
        #expect(sample.allSatisfy { $0 >= Ziggurat.r })
        #expect(ksStatistic(sample, cdf: { 1 - upper($0) / tailMass }) < 1.95)
    }

    @Test(arguments: [1, 2, 37, 128, 254, 255])
    func wedgeAcceptanceRateMatchesArea(layer: Int) {
        // A point uniform over the wedge part of a layer, x ∈ [x_{i−1}, x_i], y over the layer's
        // height, is accepted with probability (area under f − area below the layer) / box
        // area; 200k trials, band 5 binomial standard errors.
        let t = Ziggurat.tables
        let lo = t.x[layer - 1] * (layer == 1 ? 0 : 1), hi = t.x[layer]
        let top = t.f[layer - 1], bottom = t.f[layer]
        let underCurve = (Double.pi / 2).squareRoot() * (erf(hi / 2.squareRoot()) - erf(lo / 2.squareRoot()))
        let p = (underCurve - bottom * (hi - lo)) / ((hi - lo) * (top - bottom))
        var s = RandomStream(seed: 41, trial: UInt32(layer), customer: 0, period: 0)
        let trials = 200_000
        var accepted = 0
        for _ in 0..<trials {
            let fraction = (lo + (hi - lo) * s.nextDouble()) / hi
            if Ziggurat.slowRound(layer: layer, fraction: fraction, round: 0, using: &s) != nil { accepted += 1 }
        }
        let se = (p * (1 - p) / Double(trials)).squareRoot()
        #expect(abs(Double(accepted) / Double(trials) - p) < 5 * se)
    }

    @Test func floatNormalChiSquareOnEquiprobableBins() {
        // 100 bins of equal normal probability; chi-square with 99 degrees of freedom has
        // α = 0.001 critical value 148.2.
        var s = RandomStream(seed: 77, trial: 1, customer: 0, period: 0)
        let bins = 100
        let edges = (1..<bins).map { quantile(Double($0) / Double(bins)) }
        var counts = [Int](repeating: 0, count: bins)
        for _ in 0..<Self.n {
            let x = Double(s.nextNormal())
            var lo = 0, hi = edges.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if x < edges[mid] { hi = mid } else { lo = mid + 1 }
            }
            counts[lo] += 1
        }
        let expected = Double(Self.n) / Double(bins)
        let chi2 = counts.reduce(0.0) { $0 + pow(Double($1) - expected, 2) / expected }
        #expect(chi2 < 148.2)
    }

    /// Normal quantile by bisection on `normalCDF` (tests only).
    func quantile(_ p: Double) -> Double {
        var lo = -10.0, hi = 10.0
        for _ in 0..<100 {
            let mid = (lo + hi) / 2
            if normalCDF(mid) < p { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    @Test func doubleNormalMomentsAndKS() {
        var s = RandomStream(seed: 5, trial: 2, customer: 0, period: 0)
        let sample = (0..<200_000).map { _ in s.nextNormalDouble() }
        let m = Moments(sample)
        let n = Double(sample.count)
        #expect(abs(m.mean) < 5 / n.squareRoot())
        #expect(abs(m.variance - 1) < 5 * (2 / n).squareRoot())
        #expect(abs(m.skewness) < 5 * (6 / n).squareRoot())
        #expect(abs(m.excessKurtosis) < 5 * (24 / n).squareRoot())
        #expect(ksStatistic(sample, cdf: normalCDF) < 1.95)
    }

    @Test func exponentialMeanVarianceAndKS() {
        var s = RandomStream(seed: 6, trial: 0, customer: 0, period: 0)
        let sample = (0..<200_000).map { _ in s.nextExponential() }
        let m = Moments(sample)
        let n = Double(sample.count)
        #expect(abs(m.mean - 1) < 5 / n.squareRoot())  // sd 1
        #expect(abs(m.variance - 1) < 5 * (8 / n).squareRoot())  // var of s² = (μ4 − σ⁴)/n = 8/n
        #expect(ksStatistic(sample, cdf: { 1 - exp(-$0) }) < 1.95)
    }

    @Test(arguments: [(0.3, 1.0), (0.5, 2.0), (1.0, 1.0), (2.5, 2.0), (40.0, 0.5)])
    func gammaMeanAndVariance(shape: Double, scale: Double) {
        var s = RandomStream(seed: 7, trial: 0, customer: 0, period: 0)
        let sample = (0..<200_000).map { _ in s.nextGamma(shape: shape, scale: scale) }
        let m = Moments(sample)
        let n = Double(sample.count)
        let mean = shape * scale, variance = shape * scale * scale
        // var of the sample variance ≈ σ⁴ (2 + excess kurtosis) / n, excess kurtosis 6/k.
        #expect(abs(m.mean - mean) < 5 * (variance / n).squareRoot())
        #expect(abs(m.variance - variance) < 5 * variance * ((2 + 6 / shape) / n).squareRoot())
        #expect(sample.allSatisfy { $0 >= 0 && $0.isFinite })
    }

    @Test(arguments: [(2.0, 5.0), (0.5, 0.5), (0.2, 3.0), (30.0, 10.0)])
    func betaMeanAndVariance(a: Double, b: Double) {
        var s = RandomStream(seed: 8, trial: 0, customer: 0, period: 0)
        let sample = (0..<200_000).map { _ in s.nextBeta(a, b) }
        let m = Moments(sample)
        let n = Double(sample.count)
        let mean = a / (a + b)
        let variance = a * b / ((a + b) * (a + b) * (a + b + 1))
        #expect(abs(m.mean - mean) < 5 * (variance / n).squareRoot())
        // Beta is bounded, so its kurtosis is at most that of a two-point law; 10σ⁴/n covers it.
        #expect(abs(m.variance - variance) < 5 * variance * (10 / n).squareRoot())
        #expect(sample.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    @Test func betaWithTinyShapesIsNearlyBernoulli() {
        var s = RandomStream(seed: 9, trial: 0, customer: 0, period: 0)
        let sample = (0..<20_000).map { _ in s.nextBeta(0.001, 0.003) }
        #expect(sample.allSatisfy { !$0.isNaN && $0 >= 0 && $0 <= 1 })
        // Mean 0.25, variance ≈ 0.1875: se 3.1e-3.
        #expect(abs(Moments(sample).mean - 0.25) < 0.016)
    }

    @Test(arguments: [0.05, 3.5, 9.9, 10.0, 40.0, 1000.0])
    func poissonMeanAndVariance(mean: Double) {
        var s = RandomStream(seed: 10, trial: 0, customer: 0, period: 0)
        let sample = (0..<200_000).map { _ in Double(s.nextPoisson(mean: mean)) }
        let m = Moments(sample)
        let n = Double(sample.count)
        #expect(abs(m.mean - mean) < 5 * (mean / n).squareRoot())
        // var of the sample variance ≈ λ²(2 + 1/λ)/n.
        #expect(abs(m.variance - mean) < 5 * mean * ((2 + 1 / mean) / n).squareRoot())
    }

    @Test func poissonSmallMeanProbabilities() {
        // Exact pmf for mean 2 against observed frequencies: chi-square, 7 cells (k ≥ 6 pooled),
        // 6 degrees of freedom, α = 0.001 critical value 22.46.
        var s = RandomStream(seed: 12, trial: 0, customer: 0, period: 0)
        let n = 200_000
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<n { counts[min(6, s.nextPoisson(mean: 2))] += 1 }
        var pmf = (0..<6).map { k in exp(-2) * pow(2, Double(k)) / tgamma(Double(k) + 1) }
        pmf.append(1 - pmf.reduce(0, +))
        let chi2 = zip(counts, pmf).reduce(0.0) { acc, cell in
            let e = Double(n) * cell.1
            return acc + pow(Double(cell.0) - e, 2) / e
        }
        #expect(chi2 < 22.46)
    }

    @Test func lognormalLogMoments() {
        var s = RandomStream(seed: 13, trial: 0, customer: 0, period: 0)
        let sample = (0..<200_000).map { _ in log(s.nextLognormal(mu: 1.5, sigma: 0.4)) }
        let m = Moments(sample)
        let n = Double(sample.count)
        #expect(abs(m.mean - 1.5) < 5 * 0.4 / n.squareRoot())
        #expect(abs(m.variance - 0.16) < 5 * 0.16 * (2 / n).squareRoot())
    }

    @Test func categoricalFrequencies() {
        // Chi-square, 3 non-empty cells, 2 degrees of freedom: α = 0.001 critical value 13.8.
        var s = RandomStream(seed: 14, trial: 0, customer: 0, period: 0)
        let weights = [1.0, 0, 2, 7]
        let n = 200_000
        var counts = [Int](repeating: 0, count: 4)
        for _ in 0..<n { counts[s.nextCategorical(weights) ?? 1] += 1 }
        #expect(counts[1] == 0)
        let chi2 = [0, 2, 3].reduce(0.0) { acc, i in
            let e = Double(n) * weights[i] / 10
            return acc + pow(Double(counts[i]) - e, 2) / e
        }
        #expect(chi2 < 13.8)
    }
}
