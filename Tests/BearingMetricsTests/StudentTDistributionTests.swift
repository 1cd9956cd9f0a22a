import BearingMetrics
import Testing

/// Student's t against `scipy.stats.t` (values printed by `reference/student_t_reference.py`).
@Suite struct StudentTDistributionTests {
    static let quantiles: [(Double, Double, Double)] = [
        (0.975, 1.0, 12.706204736174694), (0.995, 1.0, 63.656741162871526), (0.6, 1.0, 0.32491969623290634),
        (1e-06, 1.0, -318309.8861827435), (0.975, 2.0, 4.302652729749462), (0.995, 2.0, 9.924843200918287),
        (0.6, 2.0, 0.2886751345948128), (1e-06, 2.0, -707.1057205259339), (0.975, 3.0, 3.1824463052837078),
        (0.995, 3.0, 5.840909309733355), (0.6, 3.0, 0.2766706623326898), (1e-06, 3.0, -103.29946778041935),
        (0.975, 4.0, 2.7764451051977934), (0.995, 4.0, 4.604094871349992), (0.6, 4.0, 0.2707222947075976),
        (1e-06, 4.0, -41.577854150450975), (0.975, 6.0, 2.4469118511449786), (0.995, 6.0, 3.7074280213248065),
        (0.6, 6.0, 0.2648345329335734), (1e-06, 6.0, -17.83031450065549), (0.975, 10.0, 2.228138851986274),
        (0.995, 10.0, 3.16927267261695), (0.6, 10.0, 0.2601848294920803), (1e-06, 10.0, -9.751995490940581),
        (0.975, 28.0, 2.0484071417952454), (0.995, 28.0, 2.763262455461444), (0.6, 28.0, 0.255767523382335),
        (1e-06, 28.0, -5.967007414716865), (0.975, 2.5, 3.5746548420036817), (0.995, 2.5, 7.163728138948783),
        (0.6, 2.5, 0.2814595127485477), (1e-06, 2.5, -220.17342917823686), (0.975, 200.0, 1.9718962236339088),
        (0.995, 200.0, 2.600634436191558), (0.6, 200.0, 0.25368437919014747), (1e-06, 200.0, -4.897302102826782),
    ]

    static let cdfs: [(Double, Double, Double)] = [
        (0.5, 1.0, 0.6475836176504333), (-2.0, 3.0, 0.06966298427942152), (2.7764451051977987, 4.0, 0.9750000000000001),
        (10.0, 7.0, 0.9999893028985546), (-10.0, 7.0, 1.0697101445386401e-05), (1.3, 2.5, 0.8497566053646458),
        (0.0, 30.0, 0.5), (-45.0, 12.0, 4.726315045304071e-15),
    ]

    /// Relative error below 1e-12 everywhere, including the far tail (p = 1e-6 at ν = 1).
    @Test func quantileMatchesScipy() {
        for (p, nu, expected) in Self.quantiles {
            let t = StudentTDistribution.quantile(p, degreesOfFreedom: nu)
            #expect(abs(t - expected) <= 1e-12 * abs(expected), "p \(p), df \(nu): \(t) vs \(expected)")
        }
        #expect(abs(StudentTDistribution.critical(confidence: 0.95, degreesOfFreedom: 4) - 2.7764451051977934) < 1e-12)
    }

    @Test func cdfMatchesScipy() {
        for (x, nu, expected) in Self.cdfs {
            let p = StudentTDistribution.cdf(x, degreesOfFreedom: nu)
            #expect(abs(p - expected) <= 1e-12 * expected, "x \(x), df \(nu): \(p) vs \(expected)")
        }
    }

    @Test func edgesAndBadArguments() {
        #expect(StudentTDistribution.quantile(0, degreesOfFreedom: 3) == -.infinity)
        #expect(StudentTDistribution.quantile(1, degreesOfFreedom: 3) == .infinity)
        #expect(StudentTDistribution.quantile(0.5, degreesOfFreedom: 3) == 0)
        #expect(StudentTDistribution.quantile(1.5, degreesOfFreedom: 3).isNaN)
        #expect(StudentTDistribution.quantile(0.9, degreesOfFreedom: 0).isNaN)
        #expect(StudentTDistribution.cdf(.infinity, degreesOfFreedom: 3) == 1)
        #expect(StudentTDistribution.cdf(1, degreesOfFreedom: -1).isNaN)
    }
}
