import BearingCalibration
import BearingComp
import BearingContracts
import BearingForecast
import BearingMetrics
import BearingVector
import Foundation

/// The three answers the report opens with. Each sentence comes from the same verdict the
/// detail shows (`ComparisonVerdict` of the comparison's interval), so the two never disagree.
extension ReportBuilder {
    static let weightsQuestion = "Which weights make the Success Vector predict churn?"
    static let forecastQuestion = "Should we forecast expansion from quotas or from vectors?"
    static let compQuestion = "Which compensation plan rewards the right people?"

    /// The answer when its input is absent: why the file could not be read, else how to make it.
    static func missingInput(_ question: String, _ what: String, problem: String?, run: String, section: String) -> ReportAnswer {
        ReportAnswer.notRun(question, problem.map { "The \(what) could not be read: \($0)." } ?? "No \(what) found: \(run)", section: section)
    }

    // MARK: 1. Weights

    static func weightsAnswer(_ inputs: ReportInputs) -> ReportAnswer {
        guard let bt = inputs.backtest?.backtest else {
            return missingInput(
                weightsQuestion, "backtest", problem: inputs.problems["backtest"],
                run: "`bearing backtest HISTORY --out DIR/backtest` judges the weights out of time.", section: "calibration")
        }
        // The Success Vector against the plain health score (the baseline to beat), else the
        // logistic reference.
        let primary = [ModelKind.health, .logistic].lazy.compactMap { baseline in
            bt.comparisons.first { $0.model == ModelKind.vector.rawValue && $0.baseline == baseline.rawValue && $0.metric == .auc }
        }.first
        guard let primary, let baseline = ModelKind(rawValue: primary.baseline) else {
            return ReportAnswer.notRun(
                weightsQuestion,
                "The backtest has no Success Vector against a baseline: run `bearing backtest HISTORY --models vector,health`.",
                section: "calibration")
        }
        let vector = bt.overall.first { $0.model == .vector }?.estimates.auc
        let other = bt.overall.first { $0.model == baseline }?.estimates.auc
        let verdict = bt.verdicts.first { $0.model == .vector && $0.baseline == baseline }
        var facts: [String] = []
        if let w = inputs.weights { facts.append(weightsFacts(w)) }
        if let verdict, verdict.sentence.hasPrefix(primary.sentence) {
            let rest = verdict.sentence.dropFirst(primary.sentence.count).drop { $0 == ";" || $0 == " " }
            if !rest.isEmpty { facts.append(rest.prefix(1).uppercased() + rest.dropFirst() + ".") }
        }
        let periods = bt.periods.map(\.period.label)
        if let first = periods.first, let last = periods.last {
            facts.append("Walk-forward over \(first == last ? first : "\(first)–\(last)").")
        }
        return weightsAnswer(
            comparison: primary, vector: vector, baseline: other, baselineName: baselineName(baseline), detail: facts.joined(separator: " "))
    }

    /// The weights answer from the AUC comparison of the Success Vector with `baselineName`.
    static func weightsAnswer(
        comparison c: BearingMetrics.MetricComparison, vector: MetricValue?, baseline: MetricValue?, baselineName: String, detail: String
    ) -> ReportAnswer {
        let auc = vector.map { "AUC \(estimate($0, percent: false, confidence: c.confidence))" } ?? "AUC \(ReportFormat.missing)"
        let status: ReportAnswer.Status
        let badge: String
        let sentence: String
        switch c.verdict {
        case .modelBetter:
            (status, badge) = (.clear, "Yes")
            sentence = "The calibrated Success Vector weights predict churn out of time with \(auc), beating \(baselineName) by \(margin(c))."
        case .baselineBetter:
            (status, badge) = (.against, "Not yet")
            sentence =
                "\(baselineName.prefix(1).uppercased() + baselineName.dropFirst()) still beats the calibrated Success Vector weights out of time by \(margin(c)); the vector scores \(auc)."
        case .noClearDifference:
            (status, badge) = (.unclear, "Not proven")
            sentence =
                "The calibrated Success Vector weights predict churn out of time with \(auc), not clearly better than \(baselineName): \(signedDifference(c))."
        case .insufficient:
            (status, badge) = (.insufficient, "Too few data")
            let values = [
                vector.map { "vector \(ReportFormat.number($0.value, decimals: 3))" },
                baseline.map { "\(baselineName) \(ReportFormat.number($0.value, decimals: 3))" },
            ]
            .compactMap { $0 }.joined(separator: " vs ")
            sentence =
                "Too few outcomes to judge the weights out of time: \(c.reason ?? "sample too small")\(values.isEmpty ? "" : " (AUC so far \(values), not a verdict)")."
        case .noInterval:
            (status, badge) = (.unclear, "No interval")
            sentence =
                "The calibrated Success Vector weights predict churn out of time with \(auc) against \(ReportFormat.number(baseline?.value, decimals: 3)) for \(baselineName), but without an interval this is not a verdict (run the backtest with its bootstrap on)."
        }
        return ReportAnswer(question: weightsQuestion, status: status, badge: badge, sentence: sentence, detail: detail, section: "calibration")
    }

    static func baselineName(_ m: ModelKind) -> String {
        switch m {
        case .health: "the health score"
        case .logistic: "plain logistic regression"
        case .vector: "the Success Vector"
        }
    }

    /// Where the weights came from and their strongest feature on each axis.
    static func weightsFacts(_ w: Weights) -> String {
        var text = w.provenance.source == "calibrate" ? "Weights calibrated" : "Default weights"
        if let first = w.provenance.periods.first, let last = w.provenance.periods.last {
            text += " on \(first == last ? first.label : "\(first.label)–\(last.label)")"
        }
        func strongest(_ weight: (WeightedFeature) -> Double) -> String? {
            w.features.filter { weight($0) != 0 && weight($0).isFinite }.max { abs(weight($0)) < abs(weight($1)) }?.name
        }
        let axes = [strongest(\.direction).map { "direction \($0)" }, strongest(\.magnitude).map { "magnitude \($0)" }].compactMap { $0 }
        if !axes.isEmpty { text += "; strongest signal for \(axes.joined(separator: ", "))" }
        return text + "."
    }

    // MARK: 2. Forecasts

    static func forecastAnswer(_ inputs: ReportInputs) -> ReportAnswer {
        guard let cmp = inputs.forecastComparison?.result else {
            return missingInput(
                forecastQuestion, "forecast comparison", problem: inputs.problems["compare"],
                run: "`bearing compare-forecasts HISTORY --milestones M` sets both forecasts against past periods.", section: "forecasts")
        }
        let segment = cmp.summaries.contains { $0.segment == "all" } ? "all" : cmp.summaries.first?.segment
        guard let summary = cmp.summaries.first(where: { $0.segment == segment }),
            let mape = cmp.comparisons.first(where: { $0.segment == segment && $0.metric == .mape })
        else {
            return ReportAnswer.notRun(
                forecastQuestion,
                "The forecast comparison holds no period to compare: the history needs more periods than the training minimum.",
                section: "forecasts")
        }
        let unit = RetentionRate.periodName(periodsPerYear: cmp.rows.first.flatMap { RetentionRate.periodsPerYear(label: $0.period) })
        return forecastAnswer(
            comparison: mape, vector: summary.estimates.vectorMAPE, quota: summary.estimates.quotaMAPE, periods: summary.periods,
            periodName: unit,
            detail: coverageFact(
                summary.estimates.coverage, periods: summary.periods, warning: summary.coverageWarning, confidence: cmp.bootstrap.confidence)
                + " " + cmp.quota.summary.prefix(1).uppercased() + cmp.quota.summary.dropFirst() + ".")
    }

    /// The forecast answer from the MAPE comparison vector − quota of the roll-up, with each
    /// forecast's MAPE over `periods` walk-forward periods.
    static func forecastAnswer(
        comparison c: BearingMetrics.MetricComparison, vector v: MetricValue, quota q: MetricValue, periods: Int, periodName: String,
        detail: String
    ) -> ReportAnswer {
        let over = "over \(periods) past \(periodName)\(periods == 1 ? "" : "s")"
        let vector = "\(estimate(v, percent: true, confidence: c.confidence))"
        let quota = "\(estimate(q, percent: true, confidence: c.confidence))"
        let status: ReportAnswer.Status
        let badge: String
        let sentence: String
        switch c.verdict {
        case .modelBetter:
            (status, badge) = (.clear, "Vectors")
            sentence =
                "Forecast from vectors: \(over) the vector forecast missed by \(vector) MAPE against the quota's \(quota), \(margin(c)) better."
        case .baselineBetter:
            (status, badge) = (.against, "Quotas")
            sentence = "Keep the quota: \(over) it missed by \(quota) MAPE against the vector forecast's \(vector), \(margin(c)) better."
        case .noClearDifference:
            (status, badge) = (.unclear, "No clear winner")
            sentence = "Neither forecast is clearly better \(over): vector MAPE \(vector) against quota \(quota), \(signedDifference(c))."
        case .insufficient:
            (status, badge) = (.insufficient, "Too few data")
            sentence =
                "Too few past \(periodName)s to choose: \(c.reason ?? "sample too small") (MAPE so far vector \(ReportFormat.percent(v.value)) vs quota \(ReportFormat.percent(q.value)), not a verdict)."
        case .noInterval:
            (status, badge) = (.unclear, "No interval")
            sentence =
                "\(over.prefix(1).uppercased() + over.dropFirst()) the vector forecast's MAPE was \(ReportFormat.percent(v.value)) against the quota's \(ReportFormat.percent(q.value)), but without an interval this is not a verdict."
        }
        return ReportAnswer(question: forecastQuestion, status: status, badge: badge, sentence: sentence, detail: detail, section: "forecasts")
    }

    /// How often the vector forecast's P10–P90 range held the actual, with its Wilson interval.
    static func coverageFact(_ coverage: MetricValue, periods: Int, warning: String?, confidence: Double) -> String {
        guard coverage.value.isFinite else { return "" }
        let held = Int((coverage.value * Double(periods)).rounded())
        var text =
            "The vector's P10–P90 range held the actual in \(held) of \(periods) periods (\(estimate(coverage, percent: true, confidence: confidence)); nominal 80%)."
        // The warning repeats the coverage figures before its colon; keep what it concludes.
        if let warning {
            let conclusion = warning.range(of: ": ").map { String(warning[$0.upperBound...]) } ?? warning
            text += " " + conclusion.prefix(1).uppercased() + conclusion.dropFirst() + "."
        }
        return text
    }

    // MARK: 3. Compensation

    static func compAnswer(_ inputs: ReportInputs) -> ReportAnswer {
        let plans = PlanReward.collect(comp: inputs.comp, stress: inputs.stress, trials: inputs.stressTrials)
        guard !plans.isEmpty else {
            return missingInput(
                compQuestion, "plan comparison", problem: inputs.problems["comp"] ?? inputs.problems["stress"],
                run: "`bearing comp PLAN... --history HISTORY --stress SCENARIO` replays the plans.", section: "comp")
        }
        return compAnswer(plans)
    }

    /// The compensation answer: the plan whose pay follows CSM skill best across simulated
    /// histories, clear when the paired per-history difference to the runner-up has its whole
    /// P5–P95 range above zero; on the history alone (no stress test), the plan whose pay
    /// follows book NRR best, without an interval.
    static func compAnswer(_ plans: [PlanReward]) -> ReportAnswer {
        let answer = { (status: ReportAnswer.Status, badge: String, sentence: String, detail: String) in
            ReportAnswer(question: compQuestion, status: status, badge: badge, sentence: sentence, detail: detail, section: "comp")
        }
        let historyFact = historyFacts(plans)
        guard let lead = PlanReward.leader(plans), let skill = lead.leader.skill else {
            let ranked = plans.filter { $0.historyNRRCorrelation != nil }.sorted { ($0.historyNRRCorrelation ?? 0) > ($1.historyNRRCorrelation ?? 0) }
            guard let best = ranked.first, let rho = best.historyNRRCorrelation else {
                return answer(
                    .missing, "Not run",
                    "No plan has a defined pay–performance correlation: run `bearing comp PLAN... --stress SCENARIO` to test the plans on simulated histories.",
                    historyFact)
            }
            let others = ranked.dropFirst().prefix(2).map { "\(ReportFormat.number($0.historyNRRCorrelation, decimals: 2)) for \($0.plan)" }
            return answer(
                .unclear, "No interval",
                "On the history, \(best.plan)'s pay follows book NRR most closely (Spearman \(ReportFormat.number(rho, decimals: 2))\(others.isEmpty ? "" : " against \(others.joined(separator: ", "))")), but without a stress test there is no interval: run `bearing comp --stress SCENARIO`.",
                historyFact)
        }
        let leader = lead.leader
        let histories = "\(ReportFormat.count(leader.trials)) simulated histor\(leader.trials == 1 ? "y" : "ies")"
        let follows =
            "median Spearman \(ReportFormat.number(skill.p50, decimals: 2)) (P5–P95 \(ReportFormat.number(skill.p5, decimals: 2))–\(ReportFormat.number(skill.p95, decimals: 2)))"
        guard leader.trials >= PlanReward.minimumTrials else {
            return answer(
                .insufficient, "Too few data",
                "Too few simulated histories to choose a plan: \(histories) (at least \(PlanReward.minimumTrials) are needed for a P5–P95 spread); so far \(leader.plan) leads with \(follows) between variable pay and CSM skill, not a verdict.",
                historyFact)
        }
        guard let runnerUp = lead.runnerUp, let other = runnerUp.skill else {
            return answer(
                .unclear, "One plan",
                "Only one plan was tested: across \(histories) \(leader.plan)'s variable pay follows CSM skill with \(follows); add candidate plans to compare.",
                historyFact)
        }
        let wins = lead.differences.filter { $0 > 0 }.count
        let spread = StressDistribution(lead.differences)
        let versus = "\(ReportFormat.number(other.p50, decimals: 2)) for \(runnerUp.plan)"
        if spread.p5.isFinite, spread.p5 > 0, let caution = flatPayCaution(leader, among: plans) {
            // A rank correlation says pay follows skill in order, not that it pays for it.
            return answer(
                .unclear, "Flat pay",
                "\(leader.plan) ranks CSMs by skill best, but pays little for it: across \(histories) its variable pay follows CSM skill with \(follows) against \(versus), and more closely in \(wins) of \(lead.differences.count).",
                caution + " " + historyFact)
        }
        if spread.p5.isFinite, spread.p5 > 0 {
            return answer(
                .clear, "Clear leader",
                "\(leader.plan) rewards the right people best: across \(histories) its variable pay follows CSM skill with \(follows) against \(versus), and more closely in \(wins) of \(lead.differences.count).",
                historyFact)
        }
        return answer(
            .unclear, "No clear leader",
            "No plan clearly rewards skill best: \(leader.plan) leads across \(histories) with \(follows) against \(versus), but follows skill more closely in only \(wins) of \(lead.differences.count) (paired difference P5–P95 \(ReportFormat.number(spread.p5, decimals: 2))–\(ReportFormat.number(spread.p95, decimals: 2))).",
            historyFact)
    }

    /// Why a plan that orders CSMs right may still not reward them: variable pay nearly equal
    /// for everyone (Gini under `flatGini`), or the flattest pay for performance of all plans at
    /// equal cost. Nil when neither holds (or the figures are missing).
    static func flatPayCaution(_ leader: PlanReward, among plans: [PlanReward]) -> String? {
        var reasons: [String] = []
        if let gini = leader.gini, gini < flatGini {
            reasons.append("its variable pay is nearly the same for every CSM (Gini \(ReportFormat.number(gini, decimals: 2)))")
        }
        let ranks = plans.compactMap(\.equalCostRank)
        if let rank = leader.equalCostRank, ranks.count > 1, rank == ranks.max(), let slope = leader.equalCostSlope {
            reasons.append("at equal cost it pays the least per SD of book NRR (\(ReportFormat.money(slope)), #\(rank) of \(ranks.count))")
        }
        guard !reasons.isEmpty else { return nil }
        return "Caution: " + reasons.joined(separator: " and ") + "; it orders CSMs right but pays little for the difference."
    }

    /// Below this Gini of variable pay per CSM, pay is called flat.
    static let flatGini = 0.05

    /// Pay–NRR correlation and cost of each plan on the history, in one line.
    static func historyFacts(_ plans: [PlanReward]) -> String {
        let parts = plans.compactMap { p -> String? in
            guard p.historyNRRCorrelation != nil || p.totalCost != nil else { return nil }
            return "\(p.plan) \(ReportFormat.number(p.historyNRRCorrelation, decimals: 2)) at \(ReportFormat.money(p.totalCost ?? .nan))"
        }
        var text = parts.isEmpty ? "" : "On the history, pay–NRR rank correlation and plan cost: \(parts.joined(separator: "; "))."
        let ranked = plans.filter { $0.equalCostRank != nil }.sorted { ($0.equalCostRank ?? 0) < ($1.equalCostRank ?? 0) }
        if ranked.count > 1 {
            text +=
                " At equal cost, pay per SD of book NRR ranks "
                + ranked.map { "\($0.plan) \(ReportFormat.money($0.equalCostSlope ?? .nan))" }.joined(separator: " > ") + "."
        }
        return text
    }

    // MARK: Formatting of estimates and comparisons

    /// "0.781 (95% CI 0.752–0.809)", or with `percent` "12.3% (95% CI 8.1–16.0%)".
    static func estimate(_ v: MetricValue, percent: Bool, confidence: Double) -> String {
        func text(_ x: Double) -> String { percent ? ReportFormat.percent(x) : ReportFormat.number(x, decimals: 3) }
        guard let interval = v.interval, interval.low.isFinite, interval.high.isFinite else { return text(v.value) }
        let low = percent ? ReportFormat.number(interval.low * 100, decimals: 1) : ReportFormat.number(interval.low, decimals: 3)
        return "\(text(v.value)) (\(BootstrapSettings.label(confidence)) CI \(low)–\(text(interval.high)))"
    }

    /// The winner's margin with its interval, both positive in the metric's better direction:
    /// "0.031 AUC (95% CI 0.018–0.044)", "13.1 pp MAPE (95% CI 4.1–20.5 pp)". The same
    /// arithmetic as `MetricComparison`'s sentence.
    static func margin(_ c: BearingMetrics.MetricComparison) -> String {
        let d = c.metric.decimals(for: c.interval)
        let value = "\(c.metric.format(abs(c.difference), decimals: d)) \(c.metric.label)"
        guard let interval = c.interval else { return value }
        let flip = (c.verdict == .modelBetter) != c.metric.higherIsBetter
        let range = flip ? ConfidenceInterval(low: -interval.high, high: -interval.low) : interval
        return "\(value) (\(BootstrapSettings.label(c.confidence)) CI \(c.metric.format(range, decimals: d)))"
    }

    /// "difference +0.004 AUC (95% CI −0.006–0.011)".
    static func signedDifference(_ c: BearingMetrics.MetricComparison) -> String {
        let d = c.metric.decimals(for: c.interval)
        let range = c.interval.map { " (\(BootstrapSettings.label(c.confidence)) CI \(c.metric.format($0, decimals: d)))" } ?? ""
        return "difference \(c.metric.format(c.difference, decimals: d, signed: true)) \(c.metric.label)\(range)"
    }
}
