import BearingMetrics
import BearingPanel
import Foundation
import Testing

@testable import BearingForecast

/// Intervals, verdicts and coverage warnings of the walk-forward forecast comparison.
@Suite struct ForecastIntervalTests {
    @Test func blockLengthRule() {
        // ℓ = max(1, round(T^(1/3))): switches at T = 3.375 and 15.625.
        let expected: [(Int, Int)] = [(0, 1), (1, 1), (3, 1), (4, 2), (8, 2), (15, 2), (16, 3), (27, 3), (42, 3), (43, 4)]
        for (t, l) in expected { #expect(PeriodBlockBootstrap.blockLength(periods: t) == l, "T = \(t)") }
    }

    @Test func resamplesAreCircularBlocksAndDeterministic() {
        let b = PeriodBlockBootstrap(periods: 7)
        #expect(b.blockLength == 2)
        for r in 0..<50 {
            let idx = b.indices(resample: r, seed: 3)
            #expect(idx.count == 7 && idx.allSatisfy { (0..<7).contains($0) })
            // Blocks of two consecutive periods, wrapping 6 → 0.
            for k in stride(from: 0, to: 6, by: 2) { #expect(idx[k + 1] == (idx[k] + 1) % 7) }
            #expect(idx == b.indices(resample: r, seed: 3))
        }
        #expect(b.indices(resample: 0, seed: 3) != b.indices(resample: 0, seed: 3, stream: 1))
        #expect(PeriodBlockBootstrap(periods: 0).indices(resample: 0, seed: 1).isEmpty)
    }

    /// The block bootstrap against its closed form. For T = kℓ the resampled mean is the mean
    /// of k block means drawn uniformly from the T circular block means B̄ᵢ, so its bootstrap
    /// distribution has mean x̄ exactly and variance (1/k)·(1/T)·Σᵢ (B̄ᵢ − x̄)². T = 27, ℓ = 3,
    /// 20,000 resamples: mean within 4 Monte Carlo errors, sd within 3% (its Monte Carlo
    /// relative error is 1/√(2B) = 0.5%).
    @Test func blockBootstrapOfAMeanMatchesClosedForm() {
        let t = 27
        let x = (0..<t).map { i in sin(Double(i) * 0.7) * 10 + Double(i % 5) }
        let b = PeriodBlockBootstrap(periods: t)
        let l = b.blockLength
        let k = t / l
        let mean = x.reduce(0, +) / Double(t)
        let blockMeans = (0..<t).map { i in (0..<l).reduce(0.0) { $0 + x[(i + $1) % t] } / Double(l) }
        let variance = blockMeans.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(t) / Double(k)
        let resamples = 20_000
        let means = (0..<resamples).map { r in b.indices(resample: r, seed: 8).reduce(0.0) { $0 + x[$1] } / Double(t) }
        let bootMean = means.reduce(0, +) / Double(resamples)
        let bootSD = (means.reduce(0) { $0 + ($1 - bootMean) * ($1 - bootMean) } / Double(resamples - 1)).squareRoot()
        #expect(abs(bootMean - mean) < 4 * variance.squareRoot() / Double(resamples).squareRoot())
        #expect(abs(bootSD / variance.squareRoot() - 1) < 0.03, "sd \(bootSD) vs \(variance.squareRoot())")
    }

    static func row(_ t: Int, actual: Double, quota: Double, p50: Double, covered: Bool, segment: String = "all") -> ForecastComparison.Row {
        .init(
            period: "p\(t)", segment: segment, actualExpansionARR: actual, quotaExpansionARR: quota,
            vectorExpectedExpansionARR: p50, vectorP10: 0, vectorP50: p50, vectorP90: 0, covered: covered,
            actualChurnedARR: 0, expectedChurnedARR: 0)
    }

    /// The same forecast under two names: every resampled difference is 0.
    @Test func identicalForecastsAreNoClearDifference() throws {
        let rows = (0..<12).map { t in
            Self.row(t, actual: 1000 + Double(t * 37 % 11) * 100, quota: 1100, p50: 1100, covered: true)
        }
        let a = ForecastComparison.assess(segment: "all", rows: rows, settings: BootstrapSettings(resamples: 500), stream: 0)
        for c in a.comparisons {
            #expect(c.verdict == .noClearDifference)
            #expect(try #require(c.interval).contains(0))
            #expect(c.segment == "all" && c.model == "vector" && c.baseline == "quota")
        }
        #expect(a.comparisons.map(\.metric) == [.mape, .bias])
    }

    /// A vector forecast within 5% of actual every period against a quota that ignores a
    /// swinging book: MAPE and absolute bias favour the vector forecast, intervals exclude 0.
    @Test func clearlyBetterForecastWins() throws {
        let rows = (0..<12).map { t -> ForecastComparison.Row in
            let actual = t % 2 == 0 ? 2000.0 : 800.0
            return Self.row(t, actual: actual, quota: 2600, p50: actual * (t % 3 == 0 ? 1.05 : 0.97), covered: true)
        }
        let a = ForecastComparison.assess(segment: "all", rows: rows, settings: BootstrapSettings(resamples: 500), stream: 0)
        let mape = try #require(a.comparisons.first { $0.metric == .mape })
        #expect(mape.verdict == .modelBetter && (mape.ciHigh ?? 0) < 0)
        #expect(mape.sentence.hasPrefix("vector beats quota by "))
        let bias = try #require(a.comparisons.first { $0.metric == .bias })
        #expect(bias.verdict == .modelBetter)
        let e = a.summary.estimates
        #expect(e.intervalMethod == "circular_block_bootstrap")
        #expect(try #require(e.vectorMAPE.interval).contains(e.vectorMAPE.value))
        #expect(!e.vectorMAPE.insufficient && a.summary.blockLength == 2)
    }

    @Test func coverageIntervalAndWarnings() throws {
        func coverage(_ covered: Int, of n: Int) -> ForecastComparison.Summary {
            let rows = (0..<n).map { Self.row($0, actual: 100, quota: 100, p50: 100, covered: $0 < covered) }
            return ForecastComparison.assess(segment: "all", rows: rows, settings: .off, stream: 0).summary
        }
        let low = coverage(5, of: 10)
        let wilson = try #require(ConfidenceInterval.wilson(successes: 5, trials: 10))
        #expect(low.estimates.coverage.interval == wilson)
        let warning = try #require(low.coverageWarning)
        #expect(warning.hasPrefix("P10\u{2013}P90 coverage 50.0% (95% CI 23.7\u{2013}76.3%) over 10 periods is 30.0 pp below the nominal 80%"))
        #expect(warning.contains("too narrow") && !warning.contains("may be chance"))
        #expect(coverage(8, of: 10).coverageWarning == nil)
        #expect(coverage(7, of: 10).coverageWarning == nil)  // exactly 10 pp is not "more than"
        let high = try #require(coverage(10, of: 10).coverageWarning)
        #expect(high.contains("20.0 pp above") && high.contains("too wide") && high.contains("may be chance"))
        // Few periods: flagged, and the warning says the gap may be chance.
        let few = coverage(3, of: 5)
        #expect(few.estimates.coverage.insufficient && few.estimates.quotaMAPE.insufficient)
        #expect(few.coverageWarning?.contains("may be chance") == true)
    }

    /// Through `walkForward`: every segment gets estimates, two comparisons and, in JSON,
    /// snake_case keys; the text output carries the verdict sentences.
    @Test func walkForwardCarriesIntervals() throws {
        var fixture = PanelFixture()
        var g = SplitMix64(state: 77)
        for q in 1...10 {
            let period = Period(year: 2023, quarter: 1).advanced(by: q - 1)
            for i in 0..<200 {
                let category: VectorCategory = i % 4 == 0 ? .negative : .positive
                let reached = g.uniform() < (category == .positive ? 0.5 : 0.1)
                fixture.add(
                    customer: "c\(i)", period: period, segment: i % 2 == 0 ? "smb" : "mid", arr: 12_000,
                    expansion: reached && g.uniform() < 0.8 ? 2_000 : 0, milestone: "ready", reached: reached ? 1 : 0,
                    category: category)
            }
        }
        let catalogue = MilestoneCatalogue(milestones: [Milestone(name: "ready", upsellARR: 2_000, horizon: .days(90))])
        func run(_ seed: UInt64) throws -> ForecastComparison {
            try ForecastComparison.walkForward(
                panel: fixture.panel, index: PanelIndex(fixture.panel), categories: fixture.categories, churnProbabilities: nil,
                catalogue: catalogue, options: .init(trials: 200, seed: seed, quota: .rate(0.05)),
                bootstrap: BootstrapSettings(resamples: 300, seed: 5))
        }
        let c = try run(3)
        #expect(c.summaries.map(\.segment) == ["mid", "smb", "all"])
        #expect(c.comparisons.count == 6)
        #expect(c.comparisons.map { $0.segment ?? "" } == ["mid", "mid", "smb", "smb", "all", "all"])
        for s in c.summaries {
            #expect(s.periods == 9 && s.blockLength == 2)
            #expect(s.estimates.vectorMAPE.interval != nil && s.estimates.coverage.interval != nil)
            #expect(!s.estimates.vectorBias.insufficient)
        }
        #expect(try run(3) == c)
        let json = String(decoding: try JSONEncoder().encode(c), as: UTF8.self)
        for key in ["\"comparisons\"", "\"vector_mape\"", "\"quota_bias\"", "\"ci_low\"", "\"block_length\"", "\"interval_method\""] {
            #expect(json.contains(key), "\(key) missing")
        }
        #expect(try JSONDecoder().decode(ForecastComparison.self, from: Data(json.utf8)) == c)
        let text = c.renderTable()
        for comparison in c.comparisons { #expect(text.contains(comparison.sentence)) }
        #expect(text.contains("circular block bootstrap over periods, 300 resamples, seed 5"))
    }

    @Test func badBootstrapSettingsAreAnError() {
        var fixture = PanelFixture()
        fixture.add(customer: "a", period: Period(year: 2025, quarter: 1), milestone: "m")
        fixture.add(customer: "a", period: Period(year: 2025, quarter: 2), milestone: "m")
        let catalogue = MilestoneCatalogue(milestones: [Milestone(name: "m", upsellARR: 1)])
        #expect(throws: ForecastError.self) {
            try ForecastComparison.walkForward(
                panel: fixture.panel, index: PanelIndex(fixture.panel), categories: fixture.categories,
                churnProbabilities: nil, catalogue: catalogue, options: .init(),
                bootstrap: BootstrapSettings(resamples: 10, confidence: 1.5))
        }
    }
}
