import Foundation

/// Counter-based test data the reference scripts reproduce bit for bit (integer SplitMix64
/// arithmetic, no transcendental functions in what Python must match).
enum StatisticsData {
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform on (0, 1) from one key: (top 53 bits + 0.5) · 2^-53.
    static func uniform(_ key: UInt64) -> Double { (Double(mix(key) >> 11) + 0.5) * 0x1p-53 }

    /// Standard normal by Box–Muller on two keyed uniforms (Swift-only data; never matched in Python).
    static func normal(_ key: UInt64) -> Double {
        (-2 * log(uniform(key << 1))).squareRoot() * cos(2 * Double.pi * uniform((key << 1) | 1))
    }

    static func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

    /// `statistics_reference.py`'s `dataset(n, seed)`: 30% churners; model A sees the outcome
    /// more clearly than model B; both rounded to 1/50, so ties are common.
    static func delongDataset(n: Int, seed: UInt64) -> (labels: [Bool], a: [Double], b: [Double]) {
        var labels: [Bool] = []
        var a: [Double] = []
        var b: [Double] = []
        for i in 0..<UInt64(n) {
            let base = (seed << 32) | (i << 2)
            let y = uniform(base) < 0.3
            let u1 = uniform(base | 1)
            let u2 = uniform(base | 2)
            let yv = y ? 1.0 : 0.0
            a.append(((0.30 * yv + 0.45 * u1 + 0.25 * u2) * 50 + 0.5).rounded(.down) / 50)
            b.append(((0.15 * yv + 0.25 * u1 + 0.60 * u2) * 50 + 0.5).rounded(.down) / 50)
            labels.append(y)
        }
        return (labels, a, b)
    }

    /// A pooled-backtest-like sample: `customers` customers followed for up to `periods`
    /// periods until they churn, churn logit −2 + 1.5·x (x the customer's AR(1) risk).
    /// `informed` forecasts with the true probability rounded to 0.02 (ties); `uninformed`
    /// with noise that ignores x; `monotone` is a strictly increasing transform of `informed`
    /// (the same ranking, different probabilities).
    static func panel(
        customers: Int, periods: Int, seed: UInt64
    )
        -> (customers: [Int32], labels: [Bool], informed: [Double], uninformed: [Double], monotone: [Double])
    {
        var ids: [Int32] = []
        var labels: [Bool] = []
        var informed: [Double] = []
        var uninformed: [Double] = []
        var monotone: [Double] = []
        for c in 0..<customers {
            let key = (seed << 40) | (UInt64(c) << 12)
            var x = normal(key)
            for t in 0..<periods {
                let k = key | (UInt64(t + 1) << 4)
                if t > 0 { x = 0.8 * x + 0.6 * normal(k) }
                let p = sigmoid(-2 + 1.5 * x)
                let churned = uniform(k | 1) < p
                ids.append(Int32(c))
                labels.append(churned)
                let rounded = (p * 50).rounded() / 50
                informed.append(rounded)
                uninformed.append(sigmoid(-2 + normal(k | 2)))
                monotone.append(rounded * rounded * 0.5 + 0.1)
                if churned { break }
            }
        }
        return (ids, labels, informed, uninformed, monotone)
    }
}
