import BearingComp
import BearingMetrics
import Testing

/// Pay-for-performance measures. Reference values from `Scripts/comparison_reference.py`
/// (scipy `linregress` on the NRR standardised with ddof 0, `t.ppf`, `spearmanr`, numpy
/// `quantile`, brute-force Gini); the four-CSM case is also worked by hand below.
@Suite struct PayPerformanceTests {
    static let nrr10 = [0.93, 1.12, 0.88, 1.05, 1.01, 1.24, 0.97, 1.08, 0.91, 1.15]

    /// NRR 0.9, 1.0, 1.1, 1.2 (mean 1.05, population SD √0.0125 = 0.1118), so the index is
    /// −3/√5, −1/√5, 1/√5, 3/√5 and Σ z² = 4. Pay 0, 1,000, 1,000, 3,000 (mean 1,250):
    /// Σ z (v − v̄) = (3·1,250 + 1·250 − 1·250 + 3·1,750)/√5 = 9,000/√5, so the slope is
    /// 9,000/(4√5) = 2,250/√5 = 1,006.23 dollars per SD. Fitted 1,250 + b·z = −100, 800, 1,700,
    /// 2,600; residuals 100, 200, −700, 400; Σ r² = 700,000; SE = √(700,000/2/4) = 295.80;
    /// t(0.975, 2) = 4.30265 → 1,006.23 ± 1,272.74. Gini: sorted 0, 1,000, 1,000, 3,000 →
    /// 2·17,000/(4·5,000) − 5/4 = 0.45. Top quartile: the 0.75 quantile of NRR is 1.125, so only
    /// the 1.2 CSM: 3,000/5,000 = 0.6. Four CSMs is below the minimum: marked insufficient.
    @Test func fourCSMsByHand() throws {
        let m = PayPerformance(pay: [0, 1000, 1000, 3000], nrr: [0.9, 1.0, 1.1, 1.2])
        #expect(m.csmCount == 4)
        #expect(abs(m.nrrStandardDeviation - 0.0125.squareRoot()) < 1e-15)
        #expect(abs(m.slope.value - 2250 / 5.0.squareRoot()) < 1e-9)
        let ci = try #require(m.slope.interval)
        #expect(abs(ci.low - -266.51125153355326) < 1e-8)
        #expect(abs(ci.high - 2278.9724312833637) < 1e-8)
        #expect(m.slope.insufficient)
        #expect(m.slope.reason == "4 CSMs with a book (at least 8 are needed to judge pay against performance)")
        #expect(abs(m.gini - 0.45) < 1e-12)
        #expect(abs(m.topQuartileShare - 0.6) < 1e-12)
        #expect(abs(m.rankCorrelation - 0.9486832980505139) < 1e-12)
    }

    @Test func tenCSMsMatchScipy() throws {
        let pay = [1800.0, 9100, 0, 6400, 5200, 14100, 2500, 7000, 900, 8800]
        let m = PayPerformance(pay: pay, nrr: Self.nrr10)
        #expect(abs(m.nrrStandardDeviation - 0.10965400129498239) < 1e-15)
        #expect(abs(m.slope.value - 4148.321033687757) < 1e-8)
        let ci = try #require(m.slope.interval)
        #expect(abs(ci.low - 3708.489959699061) < 1e-8)
        #expect(abs(ci.high - 4588.152107676454) < 1e-8)
        #expect(!m.slope.insufficient && m.slope.reason == nil)
        #expect(abs(m.rankCorrelation - 0.9878787878787878) < 1e-12)
        #expect(abs(m.topQuartileShare - 0.5734767025089605) < 1e-12)
        #expect(abs(m.gini - 0.41935483870967744) < 1e-12)
    }

    /// The case: pay perfectly ordered by NRR but within $90 of $10,000 for everyone.
    /// The rank correlation is 1, as for a plan that really pays for performance; the slope
    /// ($28 per SD against $4,148 above) and the Gini (0.0016) say the plan is flat.
    @Test func nearFlatPlanIsFlatByEveryMeasureButTheRankCorrelation() {
        let pay = [10020.0, 10070, 10000, 10050, 10040, 10090, 10030, 10060, 10010, 10080]
        let m = PayPerformance(pay: pay, nrr: Self.nrr10)
        #expect(abs(m.rankCorrelation - 1) < 1e-12)
        #expect(abs(m.slope.value - 28.453134068558306) < 1e-9)
        #expect(abs(m.gini - 0.001642608262817322) < 1e-12)
        #expect(abs(m.topQuartileShare - 0.3010452961672474) < 1e-12)
    }

    /// CSMs without a book (NaN NRR) are left out of every measure; the index is standardised
    /// over the rest (mean 0, population SD 1).
    @Test func indexAndExclusions() throws {
        let z = PayPerformance.performanceIndex([0.9, .nan, 1.0, 1.1, 1.2])
        #expect(z[1].isNaN)
        let kept = [z[0], z[2], z[3], z[4]]
        #expect(abs(kept.reduce(0, +)) < 1e-12)
        #expect(abs(kept.reduce(0) { $0 + $1 * $1 } / 4 - 1) < 1e-12)
        #expect(abs(z[4] - 3 / 5.0.squareRoot()) < 1e-12)
        let withGap = PayPerformance(pay: [0, 99_999, 1000, 1000, 3000], nrr: [0.9, .nan, 1.0, 1.1, 1.2])
        let without = PayPerformance(pay: [0, 1000, 1000, 3000], nrr: [0.9, 1.0, 1.1, 1.2])
        #expect(withGap == without)
        // Two CSMs: a slope but no interval; one CSM or equal NRRs: no index and no slope.
        let two = PayPerformance(pay: [4500, 12000], nrr: [0.85, 1.2])
        #expect(abs(two.slope.value - 3750) < 1e-9 && two.slope.interval == nil)
        #expect(PayPerformance(pay: [1], nrr: [1.1]).slope.value.isNaN)
        #expect(PayPerformance(pay: [1, 2, 3], nrr: [1, 1, 1]).slope.value.isNaN)
        #expect(PayPerformance.performanceIndex([1, 1]).allSatisfy { $0.isNaN })
    }
}
