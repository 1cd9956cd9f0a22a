import Testing

@testable import BearingMetrics

/// Wilson intervals against statsmodels 0.15 `proportion_confint(method="wilson")`, normal
/// quantiles and CDF against scipy 1.17 (`reference/intervals_reference.py` printed the values).
@Suite struct IntervalTests {
    static let wilson95: [(Int, Int, Double, Double)] = [
        (0, 1, 0.0, 0.7934506856227627),
        (1, 2, 0.09453120573423068, 0.9054687942657693),
        (0, 10, 0.0, 0.27753279986288926),
        (1, 10, 0.017876213095072924, 0.40415002679523854),
        (5, 10, 0.23659309051256394, 0.7634069094874361),
        (10, 10, 0.7224672001371106, 1.0),
        (3, 47, 0.021945385205433238, 0.17162614183124442),
        (120, 1000, 0.10129926060130912, 0.14160907584771276),
        (1, 30, 0.005908590381612455, 0.16670390991409176),
        (29, 30, 0.8332960900859081, 0.9940914096183875),
    ]
    static let wilson90: [(Int, Int, Double, Double)] = [
        (0, 1, 0.0, 0.730134051215946),
        (1, 2, 0.1208663194222736, 0.8791336805777263),
        (0, 10, 0.0, 0.2129419700834071),
        (1, 10, 0.02263490873086718, 0.34771866733585843),
        (5, 10, 0.26927182113826714, 0.7307281788617328),
        (10, 10, 0.7870580299165928, 1.0),
        (3, 47, 0.02579549558002904, 0.14934680946558926),
        (120, 1000, 0.10411421795828386, 0.13793644690393408),
        (1, 30, 0.007471878764942305, 0.13640414215181706),
        (29, 30, 0.8635958578481829, 0.9925281212350577),
    ]

    /// Tolerance 1e-14 absolute: the same closed form, evaluated in a different order.
    @Test(arguments: [(0.95, wilson95), (0.90, wilson90)])
    func wilsonMatchesStatsmodels(confidence: Double, table: [(Int, Int, Double, Double)]) throws {
        for (k, n, low, high) in table {
            let interval = try #require(ConfidenceInterval.wilson(successes: k, trials: n, confidence: confidence))
            #expect(abs(interval.low - low) < 1e-14, "\(k)/\(n) low \(interval.low) vs \(low)")
            #expect(abs(interval.high - high) < 1e-14, "\(k)/\(n) high \(interval.high) vs \(high)")
        }
    }

    /// A hand check of the formula: 5 of 10 at 95%, z² = 3.8415: centre = 0.5 (symmetric),
    /// half-width = 1.96 · √(0.025 + 0.0096)/1.384 = 0.2634.
    @Test func wilsonByHand() throws {
        let i = try #require(ConfidenceInterval.wilson(successes: 5, trials: 10))
        #expect(abs((i.low + i.high) / 2 - 0.5) < 1e-15)
        #expect(abs((i.high - i.low) / 2 - 0.2634) < 1e-4)
        #expect(ConfidenceInterval.wilson(successes: 0, trials: 0) == nil)
        #expect(ConfidenceInterval.wilson(successes: 3, trials: 2) == nil)
    }

    static let quantiles: [(Double, Double)] = [
        (1e-300, -37.0470962993612), (1e-20, -9.262340089798409), (1e-10, -6.361340902404056),
        (1e-05, -4.264890793922825), (0.001, -3.090232306167813), (0.025, -1.9599639845400545),
        (0.1, -1.2815515655446004), (0.3, -0.5244005127080409), (0.5, 0.0), (0.7, 0.5244005127080407),
        (0.9, 1.2815515655446004), (0.975, 1.959963984540054), (0.999, 3.090232306167813),
        (0.999999999999, 7.0344869100478356),
    ]

    /// AS 241 is accurate to about 1e-16 relative; near p = 1 the input 1 − 1e-12 itself
    /// carries a relative error of 1e-4 in the tail area, so that case gets 1e-10.
    @Test func normalQuantileMatchesScipy() {
        for (p, z) in Self.quantiles {
            let tolerance = p > 0.9999 ? 1e-10 : 4e-15 * max(1, abs(z))
            #expect(abs(NormalDistribution.quantile(p) - z) <= tolerance, "p \(p): \(NormalDistribution.quantile(p)) vs \(z)")
        }
        #expect(NormalDistribution.quantile(0) == -.infinity)
        #expect(NormalDistribution.quantile(1) == .infinity)
        #expect(NormalDistribution.quantile(-0.1).isNaN)
        #expect(abs(NormalDistribution.critical(confidence: 0.95) - 1.959963984540054) < 1e-15)
    }

    @Test func normalCDFMatchesScipy() {
        let table: [(Double, Double)] = [
            (-40.0, 0.0), (-8.0, 6.22096057427174e-16), (-1.959963984540054, 0.025), (-1.0, 0.15865525393145707),
            (0.0, 0.5), (0.5, 0.6914624612740131), (1.959963984540054, 0.975), (3.0, 0.9986501019683699),
        ]
        for (x, p) in table {
            // erfc is accurate to a few ulps, but the argument x/√2 carries a rounding error of
            // one ulp that the tail amplifies by x² (d log Φ / d log x ≈ x² for large |x|):
            // relative tolerance 1e-15 · max(4, x²) (6.4e-14 at x = −8).
            let error = abs(NormalDistribution.cdf(x) - p)
            #expect(error <= 1e-15 * max(4, x * x) * p || (p == 0 && error == 0), "x \(x): \(NormalDistribution.cdf(x)) vs \(p)")
        }
        #expect(abs(NormalDistribution.twoSidedPValue(1.959963984540054) - 0.05) < 1e-15)
    }

    /// Percentile intervals are numpy's type-7 quantiles; NaN replicates are dropped.
    @Test func percentileInterval() throws {
        let values = (0...100).map(Double.init) + [.nan]
        let i = try #require(ConfidenceInterval.percentile(values, confidence: 0.95))
        // Quantile 0.025 of 0...100 is 2.5, 0.975 is 97.5.
        #expect(abs(i.low - 2.5) < 1e-12 && abs(i.high - 97.5) < 1e-12)
        #expect(ConfidenceInterval.percentile([.nan, .infinity], confidence: 0.95) == nil)
    }
}
