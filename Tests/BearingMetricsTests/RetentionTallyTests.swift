import BearingMetrics
import Testing

@Suite struct RetentionTallyTests {
    /// Hand computation: three customers, $100k + $50k + $50k start.
    /// A expands 20k, B contracts 10k, C churns ($50k).
    /// NRR = (200 + 20 - 10 - 50) / 200 = 0.8; GRR = (200 - 10 - 50) / 200 = 0.7; logos 2/3.
    @Test func handComputedWindow() {
        var t = RetentionTally()
        t.addCustomer(startARR: 100_000, expansion: 20_000, contraction: 0, churnedARR: 0, retained: true)
        t.addCustomer(startARR: 50_000, expansion: 0, contraction: 10_000, churnedARR: 0, retained: true)
        t.addCustomer(startARR: 50_000, expansion: 0, contraction: 0, churnedARR: 50_000, retained: false)
        #expect(abs(t.nrr - 0.8) < 1e-12)
        #expect(abs(t.grr - 0.7) < 1e-12)
        #expect(abs(t.logoRetention - 2.0 / 3.0) < 1e-12)
    }

    @Test func grrIsCappedAndEmptyIsNaN() {
        var t = RetentionTally()
        t.addCustomer(startARR: 100, expansion: 50, contraction: 0, churnedARR: 0, retained: true)
        #expect(t.grr == 1)
        #expect(abs(t.nrr - 1.5) < 1e-12)
        #expect(RetentionTally().nrr.isNaN)
    }

    /// Quarterly window of 4 periods with 10% logo churn: annual churn 10%,
    /// CLTV = 1000 * 0.8 / 0.1 = 8000.
    @Test func cltvUsesAnnualisedChurn() {
        var t = RetentionTally()
        for i in 0..<10 {
            t.addCustomer(startARR: 1000, expansion: 0, contraction: 0, churnedARR: i == 0 ? 1000 : 0, retained: i != 0)
        }
        #expect(abs(t.cltv(grossMargin: 0.8, windowPeriods: 4, periodsPerYear: 4) - 8000) < 1e-9)
        // One quarter with 10% churn annualises to 1 - 0.9^4.
        let annual = 1 - 0.9 * 0.9 * 0.9 * 0.9
        #expect(abs(t.cltv(grossMargin: 0.8, windowPeriods: 1, periodsPerYear: 4) - 800 / annual) < 1e-9)
    }

    /// Reference: numpy.quantile([1, 2, 3, 4, 10], [0.05, 0.5, 0.95]) = [1.2, 3.0, 8.8].
    @Test func quantilesMatchNumpyDefault() {
        let q = Quantiles.quantiles([10, 2, 4, 1, 3, .nan], [0.05, 0.5, 0.95])
        #expect(abs(q[0] - 1.2) < 1e-12)
        #expect(abs(q[1] - 3.0) < 1e-12)
        #expect(abs(q[2] - 8.8) < 1e-12)
    }
}
