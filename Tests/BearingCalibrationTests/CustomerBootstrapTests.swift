import BearingMetrics
import BearingPanel
import BearingVector
import Foundation
import Testing

@testable import BearingCalibration

@Suite struct CustomerBootstrapTests {
    static let sample = StatisticsData.panel(customers: 300, periods: 5, seed: 11)

    static func bootstrap() throws -> CustomerBootstrap {
        let s = sample
        return try CustomerBootstrap(
            customers: s.customers, labels: s.labels, probabilities: [s.informed, s.uninformed, s.monotone])
    }

    /// The batched SIMD kernel against the scalar reference, resample by resample, bit for bit
    /// (integer AUC sums, the same floating-point order for Brier and log loss). 21 resamples:
    /// two full batches of 8 and a partial one.
    @Test func kernelMatchesScalarReference() throws {
        let b = try Self.bootstrap()
        let run = b.run(resamples: 21, seed: 5, threads: 2)
        for r in 0..<21 {
            let ref = b.referenceReplicate(r, seed: 5)
            for m in 0..<3 {
                let i = r * 3 + m
                #expect(run.auc[i].bitPattern == ref.auc[m].bitPattern, "resample \(r) model \(m) AUC")
                #expect(run.brier[i].bitPattern == ref.brier[m].bitPattern, "resample \(r) model \(m) Brier")
                #expect(run.logLoss[i].bitPattern == ref.logLoss[m].bitPattern, "resample \(r) model \(m) log loss")
            }
        }
    }

    /// With every customer drawn once, the weighted metrics are the sample's (scikit-learn's
    /// definitions via ClassifierMetrics): AUC to 1e-15, Brier and log loss to 1e-13 (summed per
    /// customer first, so in a different order).
    @Test func unitWeightsGiveTheSampleMetrics() throws {
        let s = Self.sample
        let b = try Self.bootstrap()
        let e = b.evaluate(weights: Array(repeating: 1, count: b.customerCount))
        for (m, p) in [s.informed, s.uninformed, s.monotone].enumerated() {
            #expect(abs(e.auc[m] - (try ClassifierMetrics.auc(labels: s.labels, scores: p))) < 1e-15)
            #expect(abs(e.brier[m] - (try ClassifierMetrics.brierScore(labels: s.labels, probabilities: p))) < 1e-13)
            #expect(abs(e.logLoss[m] - (try ClassifierMetrics.logLoss(labels: s.labels, probabilities: p))) < 1e-13)
        }
        #expect(b.customerCount == 300 && b.rowCount == s.labels.count)
    }

    /// Identical replicates whatever the number of threads.
    @Test func threadsDoNotChangeResults() throws {
        let b = try Self.bootstrap()
        let one = b.run(resamples: 37, seed: 9, threads: 1)
        #expect(b.run(resamples: 37, seed: 9, threads: 2) == one)
        #expect(b.run(resamples: 37, seed: 9, threads: 3) == one)
        #expect(b.run(resamples: 37, seed: 10, threads: 1) != one)
    }

    /// The bootstrap machinery against the closed form of the bootstrap distribution: with one
    /// row per customer, a resample's Brier score is the mean of n draws with replacement from
    /// the per-row terms x, so its bootstrap distribution has mean x̄ and standard deviation
    /// σ̂/√n (σ̂ with denominator n). 4,000 resamples: the bootstrap mean must be within 4
    /// Monte Carlo standard errors of x̄ and the bootstrap sd within 5% of σ̂/√n (the sd's own
    /// Monte Carlo relative error is about 1/√(2B) = 1.1%).
    @Test func bootstrapDistributionOfAMeanMatchesClosedForm() throws {
        let d = StatisticsData.delongDataset(n: 500, seed: 4)
        let b = try CustomerBootstrap(customers: (0..<500).map(Int32.init), labels: d.labels, probabilities: [d.a])
        let resamples = 4000
        let values = b.run(resamples: resamples, seed: 1, threads: 2).values(.brier, model: 0)
        let terms = zip(d.labels, d.a).map { y, p in (p - (y ? 1 : 0)) * (p - (y ? 1 : 0)) }
        let n = Double(terms.count)
        let mean = terms.reduce(0, +) / n
        let sigma = (terms.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
        let expectedSD = sigma / n.squareRoot()
        let bootMean = values.reduce(0, +) / Double(resamples)
        let bootSD = (values.reduce(0) { $0 + ($1 - bootMean) * ($1 - bootMean) } / Double(resamples - 1)).squareRoot()
        #expect(abs(bootMean - mean) < 4 * expectedSD / Double(resamples).squareRoot(), "mean \(bootMean) vs \(mean)")
        #expect(abs(bootSD / expectedSD - 1) < 0.05, "sd \(bootSD) vs \(expectedSD)")
    }

    /// With one row per customer the customer bootstrap and DeLong estimate the same sampling
    /// variance of the AUC, so their 95% intervals agree: half-widths within 10% for each AUC
    /// and for the paired difference (2,000 resamples over 3,000 customers).
    @Test func bootstrapIntervalAgreesWithDeLong() throws {
        let d = StatisticsData.delongDataset(n: 3000, seed: 6)
        let b = try CustomerBootstrap(customers: (0..<3000).map(Int32.init), labels: d.labels, probabilities: [d.a, d.b])
        let replicates = b.run(resamples: 2000, seed: 3, threads: 2)
        let delong = try DeLong.compare(labels: d.labels, scoresA: d.a, scoresB: d.b)
        func halfWidth(_ i: ConfidenceInterval?) -> Double { i.map { ($0.high - $0.low) / 2 } ?? .nan }
        let pairs: [(ConfidenceInterval?, ConfidenceInterval?)] = [
            (replicates.interval(.auc, model: 0, confidence: 0.95), delong.a.interval()),
            (replicates.interval(.auc, model: 1, confidence: 0.95), delong.b.interval()),
            (replicates.differenceInterval(.auc, model: 0, baseline: 1, confidence: 0.95), delong.interval()),
        ]
        for (boot, analytic) in pairs {
            let ratio = halfWidth(boot) / halfWidth(analytic)
            #expect(abs(ratio - 1) < 0.10, "bootstrap/DeLong half-width ratio \(ratio)")
        }
    }

    /// Two models with the same ranking: every resample's AUC difference is exactly 0, so the
    /// verdict is "no clear difference" and the interval covers 0.
    @Test func sameModelIsNoClearDifference() throws {
        let s = Self.sample
        for other in [s.informed, s.monotone] {
            let a = try assessed(s, [s.informed, other], resamples: 300)
            let auc = try #require(a.comparisons.first { $0.metric == .auc })
            #expect(auc.verdict == .noClearDifference)
            #expect(try #require(auc.interval).contains(0))
            #expect(auc.sentence.hasPrefix("no clear difference in AUC between vector and health"))
            #expect(a.verdicts.first?.verdict == .noClearDifference)
        }
    }

    /// A strong true link: the model that uses the signal beats the one that does not, on AUC
    /// (interval excludes 0), and Brier and log loss agree.
    @Test func informedModelBeatsUninformedOne() throws {
        let s = StatisticsData.panel(customers: 800, periods: 4, seed: 12)
        let a = try assessed(s, [s.informed, s.uninformed], resamples: 300)
        let auc = try #require(a.comparisons.first { $0.metric == .auc })
        #expect(auc.verdict == .modelBetter)
        #expect(try #require(auc.ciLow) > 0)
        #expect(auc.sentence.hasPrefix("vector beats health by "))
        let verdict = try #require(a.verdicts.first)
        #expect(verdict.verdict == .modelBetter && verdict.disagreements.isEmpty)
        #expect(verdict.sentence.contains("Brier agrees") && verdict.sentence.contains("log loss agrees"))
        // Estimates carry bootstrap intervals around their values.
        let estimates = a.overall[0].estimates
        #expect(estimates.intervalMethod == "customer_bootstrap" && estimates.customers == 800)
        #expect(try #require(estimates.auc.interval).contains(estimates.auc.value))
    }

    @Test func badInputIsAnError() {
        #expect(throws: CalibrationError.self) {
            try CustomerBootstrap(customers: [1], labels: [true, false], probabilities: [[0.1, 0.2]])
        }
        #expect(throws: CalibrationError.self) {
            try CustomerBootstrap(customers: [1, 2], labels: [true, false], probabilities: [[0.1, .nan]])
        }
        let empty = try? CustomerBootstrap(customers: [], labels: [], probabilities: [[]])
        #expect(empty?.run(resamples: 10, seed: 1).auc.allSatisfy(\.isNaN) == true)
    }

    /// `Backtest.assess` on a sample with models "vector" (first) and "health".
    func assessed(
        _ s: (customers: [Int32], labels: [Bool], informed: [Double], uninformed: [Double], monotone: [Double]),
        _ probabilities: [[Double]], resamples: Int
    ) throws -> (overall: [BacktestModelResult], comparisons: [MetricComparison], verdicts: [BacktestVerdict]) {
        let categories = [VectorCategory](repeating: .neutral, count: s.labels.count)
        let cohorts = [Cohort](repeating: .goodFitNeutral, count: s.labels.count)
        let overall = try zip([ModelKind.vector, .health], probabilities).map { model, p in
            try Backtest.summarise(model: model, labels: s.labels, probabilities: p, categories: categories, cohorts: cohorts)
        }
        return try Backtest.assess(
            overall: overall, customers: s.customers, labels: s.labels, probabilities: probabilities,
            settings: BootstrapSettings(resamples: resamples, seed: 2), threads: 2)
    }
}
