import BearingComp
import BearingMetrics
import Foundation
import Testing

@testable import BearingReport

/// The three answers: the sentence carries the number and its interval, agrees with the
/// verdict of the comparison it comes from, and a sample too small is greyed with its reason.
struct ReportAnswerTests {
    static func auc(_ d: Double, _ low: Double?, _ high: Double?, insufficient: String? = nil) -> BearingMetrics.MetricComparison {
        BearingMetrics.MetricComparison(
            model: "vector", baseline: "health", metric: .auc, difference: d,
            interval: low.flatMap { l in high.map { ConfidenceInterval(low: l, high: $0) } }, confidence: 0.95, insufficientBecause: insufficient)
    }

    static let vectorAUC = MetricValue(value: 0.781, interval: ConfidenceInterval(low: 0.752, high: 0.809))
    static let healthAUC = MetricValue(value: 0.750, interval: ConfidenceInterval(low: 0.72, high: 0.78))

    static func weights(_ c: BearingMetrics.MetricComparison) -> ReportAnswer {
        ReportBuilder.weightsAnswer(comparison: c, vector: vectorAUC, baseline: healthAUC, baselineName: "the health score", detail: "")
    }

    @Test func weightsAnswerFollowsTheVerdict() {
        let better = Self.weights(Self.auc(0.031, 0.018, 0.044))
        #expect(better.status == .clear && better.badge == "Yes")
        #expect(
            better.sentence
                == "The calibrated Success Vector weights predict churn out of time with AUC 0.781 (95% CI 0.752–0.809), beating the health score by 0.031 AUC (95% CI 0.018–0.044)."
        )
        // The margin is the one MetricComparison's own sentence states.
        #expect(Self.auc(0.031, 0.018, 0.044).sentence.contains("by 0.031 AUC (95% CI 0.018–0.044)"))

        let worse = Self.weights(Self.auc(-0.031, -0.044, -0.018))
        #expect(worse.status == .against)
        #expect(
            worse.sentence.hasPrefix(
                "The health score still beats the calibrated Success Vector weights out of time by 0.031 AUC (95% CI 0.018–0.044)"))
        #expect(Self.auc(-0.031, -0.044, -0.018).sentence.contains("by 0.031 AUC (95% CI 0.018–0.044)"))

        let unclear = Self.weights(Self.auc(0.004, -0.006, 0.011))
        #expect(unclear.status == .unclear && unclear.badge == "Not proven")
        #expect(unclear.sentence.contains("not clearly better than the health score: difference +0.004 AUC (95% CI −0.006–0.011)"))

        let none = Self.weights(Self.auc(0.031, nil, nil))
        #expect(none.status == .unclear && none.sentence.contains("without an interval this is not a verdict"))
    }

    @Test func tooSmallASampleIsGreyedWithItsReason() {
        let reason = "4 churn events (at least 10 are needed)"
        let answer = Self.weights(Self.auc(0.031, 0.018, 0.044, insufficient: reason))
        #expect(answer.status == .insufficient && answer.isGreyed)
        #expect(answer.sentence.contains(reason))
        #expect(answer.sentence.contains("not a verdict"))
        let html = answer.html(number: 1)
        #expect(html.contains("class=\"answer status-insufficient greyed\""))
        #expect(html.contains("<a href=\"#calibration\">"))
    }

    static func mape(_ d: Double, _ low: Double, _ high: Double, insufficient: String? = nil) -> BearingMetrics.MetricComparison {
        BearingMetrics.MetricComparison(
            model: "vector", baseline: "quota", metric: .mape, difference: d, interval: ConfidenceInterval(low: low, high: high),
            confidence: 0.95, insufficientBecause: insufficient, segment: "all")
    }

    @Test func forecastAnswerNamesTheBetterForecastWithIntervals() {
        let vector = MetricValue(value: 0.123, interval: ConfidenceInterval(low: 0.081, high: 0.160))
        let quota = MetricValue(value: 0.254, interval: ConfidenceInterval(low: 0.20, high: 0.31))
        func answer(_ c: BearingMetrics.MetricComparison) -> ReportAnswer {
            ReportBuilder.forecastAnswer(comparison: c, vector: vector, quota: quota, periods: 9, periodName: "quarter", detail: "")
        }
        let vectors = answer(Self.mape(-0.131, -0.205, -0.041))
        #expect(vectors.status == .clear && vectors.badge == "Vectors")
        #expect(
            vectors.sentence
                == "Forecast from vectors: over 9 past quarters the vector forecast missed by 12.3% (95% CI 8.1–16.0%) MAPE against the quota's 25.4% (95% CI 20.0–31.0%), 13.1 pp MAPE (95% CI 4.1–20.5 pp) better."
        )
        #expect(Self.mape(-0.131, -0.205, -0.041).sentence.contains("by 13.1 pp MAPE (95% CI 4.1–20.5 pp)"))
        let quotas = answer(Self.mape(0.131, 0.041, 0.205))
        #expect(quotas.status == .against && quotas.sentence.hasPrefix("Keep the quota"))
        let thin = answer(Self.mape(-0.131, -0.205, -0.041, insufficient: "6 periods (at least 8 are needed to judge a forecast over periods)"))
        #expect(thin.isGreyed && thin.sentence.contains("6 periods (at least 8 are needed"))
    }

    @Test func coverageFactCountsPeriodsAndKeepsTheWarningsConclusion() {
        let coverage = MetricValue(value: 0.5, interval: ConfidenceInterval(low: 0.237, high: 0.763))
        let text = ReportBuilder.coverageFact(
            coverage, periods: 10,
            warning:
                "P10–P90 coverage 50.0% (95% CI 23.7–76.3%) over 10 periods is 30.0 pp below the nominal 80%: the vector forecast's intervals look too narrow",
            confidence: 0.95)
        #expect(
            text
                == "The vector's P10–P90 range held the actual in 5 of 10 periods (50.0% (95% CI 23.7–76.3%); nominal 80%). The vector forecast's intervals look too narrow."
        )
    }

    static func plan(_ name: String, _ skill: [Double], rho: Double? = nil) -> PlanReward {
        PlanReward(plan: name, skill: StressDistribution(skill), skillTrials: skill, trials: skill.count, historyNRRCorrelation: rho)
    }

    /// Reference values from numpy (`np.percentile`, linear): A = B + 0.1 in every history has
    /// P5/P50/P95 0.30/0.33/0.36 against B's median 0.23; A = B ± 0.05 (losing every third
    /// history) has median 0.26 but paired differences with P5 −0.05, so it is not clear.
    @Test func compAnswerNeedsAPairedLeadAcrossHistories() {
        let base = (0..<40).map { 0.2 + 0.01 * Double($0 % 7) }
        let clear = ReportBuilder.compAnswer([Self.plan("B", base), Self.plan("A", base.map { $0 + 0.1 })])
        #expect(clear.status == .clear && clear.badge == "Clear leader")
        #expect(
            clear.sentence.hasPrefix(
                "A rewards the right people best: across 40 simulated histories its variable pay follows CSM skill with median Spearman 0.33 (P5–P95 0.30–0.36)"
            ))
        #expect(clear.sentence.contains("against 0.23 for B, and more closely in 40 of 40."))

        // The same lead with nearly flat pay and the flattest slope at equal cost is not a clear answer.
        var flat = Self.plan("A", base.map { $0 + 0.1 })
        flat.gini = 0.02
        flat.equalCostRank = 2
        flat.equalCostSlope = 2_700
        var steep = Self.plan("B", base)
        steep.gini = 0.25
        steep.equalCostRank = 1
        steep.equalCostSlope = 53_000
        let cautious = ReportBuilder.compAnswer([steep, flat])
        #expect(cautious.status == .unclear && cautious.badge == "Flat pay")
        #expect(cautious.sentence.hasPrefix("A ranks CSMs by skill best, but pays little for it"))
        #expect(
            cautious.detail.hasPrefix(
                "Caution: its variable pay is nearly the same for every CSM (Gini 0.02) and at equal cost it pays the least per SD of book NRR ($2.7k, #2 of 2)"
            ))

        // A leads on the median but loses in 13 of 40 histories.
        let mixed = base.enumerated().map { $0.offset % 3 == 0 ? $0.element - 0.05 : $0.element + 0.05 }
        let unclear = ReportBuilder.compAnswer([Self.plan("B", base), Self.plan("A", mixed)])
        #expect(unclear.status == .unclear && unclear.badge == "No clear leader")
        #expect(unclear.sentence.contains("more closely in only 26 of 40"))

        let few = ReportBuilder.compAnswer([Self.plan("B", Array(base.prefix(10))), Self.plan("A", Array(base.prefix(10)).map { $0 + 0.1 })])
        #expect(few.status == .insufficient && few.isGreyed)
        #expect(few.sentence.contains("10 simulated histories (at least 20 are needed for a P5–P95 spread)"))

        let historyOnly = ReportBuilder.compAnswer([
            PlanReward(plan: "B", historyNRRCorrelation: 0.31, totalCost: 1_000_000),
            PlanReward(plan: "A", historyNRRCorrelation: 0.55, totalCost: 1_100_000),
        ])
        #expect(historyOnly.status == .unclear && historyOnly.badge == "No interval")
        #expect(historyOnly.sentence.hasPrefix("On the history, A's pay follows book NRR most closely (Spearman 0.55 against 0.31 for B)"))
        #expect(historyOnly.detail == "On the history, pay–NRR rank correlation and plan cost: B 0.31 at $1M; A 0.55 at $1.1M.")
    }

    @Test func emptyInputsGiveThreeGreyedAnswersAboveTheContents() {
        let html = ReportBuilder.page(ReportInputs(source: "empty"), generatedBy: "test").html()
        #expect(occurrences(of: "class=\"answer status-missing greyed\"", in: html) == 3)
        let answers = html.range(of: "<section id=\"answers\"")
        let nav = html.range(of: "<nav")
        let firstSection = html.range(of: "<section id=\"vector-map\">")
        #expect(answers != nil && nav != nil && firstSection != nil)
        if let answers, let nav, let firstSection {
            #expect(answers.lowerBound < nav.lowerBound && nav.lowerBound < firstSection.lowerBound)
        }
        for section in ["calibration", "forecasts", "comp"] { #expect(html.contains("<a href=\"#\(section)\">Details ↓</a>")) }
        #expect(html.contains("bearing backtest HISTORY"))
    }
}
