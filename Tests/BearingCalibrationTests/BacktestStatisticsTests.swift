import BearingMetrics
import BearingPanel
import BearingVector
import Foundation
import Testing
import _TestSupport

@testable import BearingCalibration

/// Intervals, small-sample flags and verdicts through the whole walk-forward backtest.
@Suite struct BacktestStatisticsTests {
    static let panel = SyntheticChurnPanel.make(customers: 600, periods: 5, seed: 8)

    static func options(_ models: [ModelKind], resamples: Int = 200) -> BacktestOptions {
        BacktestOptions(
            models: models, calibration: CalibrationOptions(candidateCs: [1], threads: 2, bearingVersion: "test"),
            bootstrap: BootstrapSettings(resamples: resamples, seed: 4))
    }

    @Test func reportCarriesIntervalsComparisonsAndVerdicts() throws {
        let report = try Backtest.run(Self.panel, options: Self.options([.vector, .logistic, .health]))
        // Three pairs, health the baseline where it takes part, each on three metrics.
        #expect(report.verdicts.map { "\($0.model.rawValue)-\($0.baseline.rawValue)" } == ["vector-health", "logistic-health", "vector-logistic"])
        #expect(report.comparisons.count == 9)
        #expect(report.comparisons.prefix(3).map(\.metric) == [.auc, .brier, .logLoss])
        for c in report.comparisons {
            let model = try #require(report.overall.first { $0.model.rawValue == c.model })
            let baseline = try #require(report.overall.first { $0.model.rawValue == c.baseline })
            let a = try #require(model.estimates[c.metric])
            let b = try #require(baseline.estimates[c.metric])
            #expect(c.difference == a.value - b.value)
            #expect(c.interval != nil && c.verdict != .noInterval)
        }
        for r in report.overall {
            #expect(r.estimates.intervalMethod == "customer_bootstrap")
            let auc = try #require(r.estimates.auc.interval)
            #expect(auc.low < r.estimates.auc.value && r.estimates.auc.value < auc.high)
            #expect(r.churnByCategory.allSatisfy { $0.rows == 0 || ($0.ciLow ?? 2) <= $0.churnRate })
        }
        for p in report.periods {
            for r in p.results {
                #expect(r.estimates.intervalMethod == "delong_normal")
                #expect(r.estimates.customers == p.rows)
            }
        }
        let json = String(decoding: try report.jsonData(), as: UTF8.self)
        for key in [
            "\"comparisons\"", "\"verdicts\"", "\"ci_low\"", "\"ci_high\"", "\"log_loss\"", "\"interval_method\"",
            "\"insufficient\"", "\"bootstrap\"",
        ] {
            #expect(json.contains(key), "\(key) missing")
        }
        let decoded = try JSONDecoder().decode(BacktestReport.self, from: Data(json.utf8))
        #expect(decoded.comparisons == report.comparisons && decoded.verdicts == report.verdicts)
        let table = report.renderTable()
        #expect(table.contains("Verdicts (AUC decides; 95% paired customer-bootstrap intervals"))
        #expect(table.contains("Pooled metrics with 95% intervals (customer bootstrap, 200 resamples, seed 4)"))
        for v in report.verdicts { #expect(table.contains(v.sentence)) }
    }

    /// A tiny book: every period has too few customers and churn events to judge, and so does
    /// the pooled sample; the values are shown with *, the verdict says "too few".
    @Test func smallSamplesAreSaidOutLoud() throws {
        let small = SyntheticChurnPanel.make(customers: 25, periods: 5, seed: 3)
        let report = try Backtest.run(small, options: Self.options([.logistic, .health]))
        try #require(!report.periods.isEmpty)
        for p in report.periods {
            for r in p.results {
                #expect(r.estimates.auc.insufficient)
                #expect(r.estimates.auc.reason?.contains("customers (at least 30 are needed)") == true)
            }
        }
        #expect(report.overall.allSatisfy { $0.estimates.auc.insufficient })
        #expect(report.comparisons.allSatisfy { $0.verdict == .insufficient })
        #expect(report.verdicts.first?.sentence.hasPrefix("too few to compare logistic and health on AUC") == true)
        let table = report.renderTable()
        #expect(table.contains("* too few to judge"))
        // Cohort rows under 30 rows carry the flag and a Wilson interval all the same.
        let groups = report.overall[0].churnByCohort.filter { $0.rows > 0 && $0.rows < 30 }
        #expect(groups.allSatisfy { $0.insufficient && $0.ciLow != nil })
    }

    /// One churn event in a period: its AUC is a value, not a verdict.
    @Test func periodWithOneChurnEventIsInsufficient() throws {
        let labels = [true] + [Bool](repeating: false, count: 99)
        let probabilities = (0..<100).map { Double($0) / 100 }
        let summary = try ClassifierSummary(labels: labels, probabilities: probabilities)
        let e = try ClassifierEstimates.analytic(summary: summary, labels: labels, probabilities: probabilities, confidence: 0.95)
        #expect(summary.auc == 0)
        #expect(e.auc.insufficient && e.brier.insufficient && e.logLoss.insufficient)
        #expect(e.auc.reason == "1 churn event (at least 10 are needed)")
    }

    @Test func bootstrapOffGivesValuesWithoutIntervals() throws {
        let report = try Backtest.run(Self.panel, options: Self.options([.logistic, .health], resamples: 0))
        #expect(report.overall.allSatisfy { $0.estimates.intervalMethod == "none" && $0.estimates.auc.interval == nil })
        #expect(report.comparisons.allSatisfy { $0.verdict == .noInterval })
        #expect(report.renderTable().contains("no intervals: the bootstrap is off"))
        #expect(throws: CalibrationError.self) {
            try Backtest.run(Self.panel, options: Self.options([.health], resamples: -1))
        }
    }

    @Test func pairsPutTheReferenceModelSecond() {
        let pairs = Backtest.pairs([.health, .vector, .logistic]).map { "\($0.0)-\($0.1)" }
        // Indices: health 0, vector 1, logistic 2.
        #expect(pairs == ["1-0", "2-0", "1-2"])
        #expect(Backtest.pairs([.vector]).isEmpty)
    }
}
