import Foundation
import Testing

@testable import BearingMetrics

@Suite struct VerdictTests {
    @Test func directionDecidesWhoIsBetter() {
        let above = ConfidenceInterval(low: 0.01, high: 0.03)
        let below = ConfidenceInterval(low: -0.03, high: -0.01)
        let across = ConfidenceInterval(low: -0.01, high: 0.02)
        #expect(ComparisonVerdict.judge(metric: .auc, interval: above) == .modelBetter)
        #expect(ComparisonVerdict.judge(metric: .auc, interval: below) == .baselineBetter)
        #expect(ComparisonVerdict.judge(metric: .brier, interval: above) == .baselineBetter)
        #expect(ComparisonVerdict.judge(metric: .logLoss, interval: below) == .modelBetter)
        #expect(ComparisonVerdict.judge(metric: .mape, interval: below) == .modelBetter)
        #expect(ComparisonVerdict.judge(metric: .auc, interval: across) == .noClearDifference)
        // An interval touching zero is not a win.
        #expect(ComparisonVerdict.judge(metric: .auc, interval: ConfidenceInterval(low: 0, high: 0)) == .noClearDifference)
        #expect(ComparisonVerdict.judge(metric: .auc, interval: nil) == .noInterval)
        #expect(ComparisonVerdict.judge(metric: .auc, interval: above, insufficient: true) == .insufficient)
    }

    @Test func sentencesAgreeWithTheVerdict() {
        let win = MetricComparison(
            model: "vector", baseline: "health", metric: .auc, difference: 0.031,
            interval: ConfidenceInterval(low: 0.018, high: 0.044), confidence: 0.95)
        #expect(win.verdict == .modelBetter)
        #expect(win.sentence == "vector beats health by 0.031 AUC (95% CI 0.018\u{2013}0.044)")
        let loss = MetricComparison(
            model: "vector", baseline: "health", metric: .auc, difference: -0.02,
            interval: ConfidenceInterval(low: -0.03, high: -0.01), confidence: 0.95)
        #expect(loss.sentence == "health beats vector by 0.020 AUC (95% CI 0.010\u{2013}0.030)")
        let tie = MetricComparison(
            model: "vector", baseline: "health", metric: .auc, difference: 0.002,
            interval: ConfidenceInterval(low: -0.006, high: 0.011), confidence: 0.95)
        #expect(tie.sentence == "no clear difference in AUC between vector and health: +0.002 (95% CI \u{2212}0.006\u{2013}0.011)")
        // Lower is better: a negative Brier difference is the model's win, printed as a margin.
        let brier = MetricComparison(
            model: "vector", baseline: "health", metric: .brier, difference: -0.004,
            interval: ConfidenceInterval(low: -0.006, high: -0.002), confidence: 0.95)
        #expect(brier.verdict == .modelBetter)
        #expect(brier.sentence == "vector beats health by 0.0040 Brier (95% CI 0.0020\u{2013}0.0060)")
        let mape = MetricComparison(
            model: "vector", baseline: "quota", metric: .mape, difference: 0.05,
            interval: ConfidenceInterval(low: 0.01, high: 0.09), confidence: 0.9, segment: "smb")
        #expect(mape.verdict == .baselineBetter)
        #expect(mape.sentence == "quota beats vector by 5.0 pp MAPE (90% CI 1.0\u{2013}9.0 pp)")
        let few = MetricComparison(
            model: "vector", baseline: "health", metric: .auc, difference: 0.2, interval: nil, confidence: 0.95,
            insufficientBecause: "1 churn event (at least 10 are needed)")
        #expect(few.verdict == .insufficient)
        #expect(few.sentence.contains("too few to compare vector and health on AUC: 1 churn event"))
    }

    @Test func comparisonJSONIsSnakeCaseAndRoundTrips() throws {
        let c = MetricComparison(
            model: "vector", baseline: "health", metric: .logLoss, difference: .nan, interval: nil, confidence: 0.95)
        let data = try JSONEncoder().encode(c)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"ci_low\":null") && text.contains("\"metric\":\"log_loss\"") && text.contains("\"difference\":null"))
        #expect(text.contains("\"verdict\":\"no_interval\""))
        let back = try JSONDecoder().decode(MetricComparison.self, from: data)
        #expect(back.verdict == c.verdict && back.sentence == c.sentence && back.difference.isNaN)
        let value = MetricValue(value: 0.5, interval: ConfidenceInterval(low: 0.4, high: 0.6), insufficientBecause: "few")
        let v = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        #expect(v.contains("\"ci_high\":0.6") && v.contains("\"insufficient\":true") && v.contains("\"reason\":\"few\""))
        #expect(try JSONDecoder().decode(MetricValue.self, from: Data(v.utf8)) == value)
    }

    @Test func sufficiencyRule() {
        #expect(SampleSufficiency.classifierReason(customers: 500, events: 10, nonEvents: 490, ranksClasses: true) == nil)
        #expect(
            SampleSufficiency.classifierReason(customers: 500, events: 1, nonEvents: 499, ranksClasses: false)
                == "1 churn event (at least 10 are needed)")
        #expect(SampleSufficiency.classifierReason(customers: 29, events: 12, nonEvents: 17, ranksClasses: false) != nil)
        #expect(SampleSufficiency.classifierReason(customers: 40, events: 35, nonEvents: 5, ranksClasses: true) != nil)
        #expect(SampleSufficiency.classifierReason(customers: 40, events: 35, nonEvents: 5, ranksClasses: false) == nil)
        #expect(SampleSufficiency.proportionReason(trials: 2) != nil && SampleSufficiency.proportionReason(trials: 30) == nil)
    }
}
