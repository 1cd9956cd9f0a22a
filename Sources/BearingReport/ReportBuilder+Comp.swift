import BearingComp
import BearingContracts

extension ReportBuilder {
    static func compSection(_ inputs: ReportInputs) -> ReportSection {
        var section = ReportSection(
            id: "comp", title: "Compensation plans",
            intro:
                "Candidate CSM compensation plans replayed side by side on the same books: what each would have cost, whether it pays the CSMs whose books retained and grew (rank correlation of pay with book NRR), and how its cost spreads over simulated stress scenarios."
        )
        let rewards = PlanReward.collect(comp: inputs.comp, stress: inputs.stress, trials: inputs.stressTrials)
        if !rewards.isEmpty { section.blocks.append(rewardTable(rewards)) }
        if let comp = inputs.comp, !comp.plans.isEmpty {
            let plans = comp.plans
            func row(_ label: String, _ f: (CompComparisonDocument.Plan) -> String) -> [String] { [label] + plans.map(f) }
            let rows: [[String]] = [
                row("Payment period") { $0.paymentPeriod.rawValue },
                row("CSMs paid") { ReportFormat.count($0.summary.csmCount) },
                row("Total cost") { ReportFormat.money($0.summary.totalCost) },
                row("  base") { ReportFormat.money($0.summary.baseCost) },
                row("  variable") { ReportFormat.money($0.summary.variableCost) },
                row("Cost as % of retained revenue") { ReportFormat.percent($0.summary.costShareOfRetainedRevenue, decimals: 2) },
                row("Variable pay per CSM, P10") { ReportFormat.money($0.summary.spread.p10) },
                row("Variable pay per CSM, P50") { ReportFormat.money($0.summary.spread.p50) },
                row("Variable pay per CSM, P90") { ReportFormat.money($0.summary.spread.p90) },
                row("Clawbacks") { ReportFormat.money($0.summary.clawback) },
            ]
            let windows = plans.first.map { "\($0.windows.first ?? "")–\($0.windows.last ?? "")" } ?? ""
            section.blocks.append(
                ReportSection.table(
                    "Plans side by side\(windows.isEmpty ? "" : ", \(windows)")",
                    HTMLTable(header: ["Metric"] + plans.map(\.name), rows: rows, numericColumns: Set(1...plans.count)),
                    note: "Replayed on \(comp.history). Whether each plan pays the right people is in the table above."))
            var points: [ScatterChart.Point] = []
            for (i, p) in plans.enumerated() {
                for c in p.csms {
                    let nrr = c.nrr
                    let total = c.total
                    guard nrr.isFinite, total.isFinite else { continue }
                    points.append(
                        .init(
                            x: nrr, y: total, series: i,
                            label: "\(c.csmID), \(p.name): NRR \(ReportFormat.percent(nrr)), paid \(ReportFormat.money(total))"))
                }
            }
            if !points.isEmpty {
                var chart = ScatterChart(
                    title: "Pay vs performance",
                    xAxis: AxisSpec(title: "NRR of the CSM's book over the window (%)", format: .percent),
                    yAxis: AxisSpec(title: "Total pay over the window ($)", format: .money),
                    series: plans.enumerated().map { SeriesStyle(name: $1.name, color: Palette.series($0)) }, points: points)
                chart.radius = 5
                chart.frame.height = 460
                section.blocks.append(
                    ReportSection.figure(
                        "Pay vs performance, one dot per CSM and plan", svg: chart.svg(),
                        caption:
                            "A plan that rewards the right people rises from left to right: CSMs whose books kept and grew more ARR are paid more."))
            }
        } else {
            section.missing.append(
                inputs.problems["comp"]
                    ?? "no plan comparison found: run `bearing comp PLAN... --history HISTORY --out DIR/comp` (writes comparison.json)")
        }
        if let stress = inputs.stress, !stress.plans.isEmpty {
            let plans = stress.plans.map(\.stress)
            let trials = ReportFormat.count(stress.trials)
            func rows(_ column: String?, _ q: (PlanStressSummary) -> StressDistribution?) -> [RangeChart.Row] {
                plans.enumerated().compactMap { i, p in
                    guard let v = q(p), v.p5.isFinite, v.p50.isFinite, v.p95.isFinite else { return nil }
                    let (lo, mid, hi) = (v.p5, v.p50, v.p95)
                    let samples = column.flatMap { inputs.stressTrials.values[p.planName]?[$0] } ?? []
                    return RangeChart.Row(label: p.planName, low: lo, mid: mid, high: hi, color: Palette.series(i), samples: samples)
                }
            }
            let charts: [(String, AxisSpec, [RangeChart.Row])] = [
                (
                    "Total plan cost", AxisSpec(title: "Total plan cost over the paid periods ($)", format: .money),
                    rows("total_cost") { $0.totalCost }
                ),
                (
                    "Cost as % of retained revenue", AxisSpec(title: "Plan cost / retained revenue (%)", format: .percent),
                    rows("cost_share_of_retained_revenue") { $0.costShareOfRetainedRevenue }
                ),
                ("Variable pay per CSM", AxisSpec(title: "Variable pay per CSM ($)", format: .money), rows(nil) { $0.variablePayPerCSM }),
                (
                    "Pay–performance rank correlation",
                    AxisSpec(title: "Spearman correlation of variable pay with book NRR", format: .number(decimals: 2)),
                    rows("pay_performance_correlation") { $0.payPerformanceCorrelation }
                ),
            ]
            for (title, axis, r) in charts where !r.isEmpty {
                let chart = RangeChart(title: title, xAxis: axis, rows: r)
                let strip = r.contains { !$0.samples.isEmpty } ? "; each small dot is one simulated history" : ""
                section.blocks.append(
                    ReportSection.figure(
                        "Stress test — \(title), across \(trials) simulated histories", svg: chart.svg(),
                        caption: "Bar from P5 to P95 of the simulated trials, large dot at the median (P50)\(strip); scenario \(stress.scenario)."))
            }
            section.blocks.append(skillFigure(stress, inputs: inputs, trials: trials))
        } else {
            section.missing.append(
                inputs.problems["stress"] ?? "no stress test found: run `bearing comp PLAN... --stress SCENARIO --out DIR/comp` (writes stress.json)")
        }
        return section
    }

    /// The stress test's "does pay follow skill" chart and the plan with the highest median
    /// skill correlation, or a note when stress.json predates the field.
    static func skillFigure(_ stress: StressDocument, inputs: ReportInputs, trials: String) -> String {
        let title = "Stress test — Does pay follow CSM skill? Spearman correlation of variable pay with latent CSM skill"
        let rows: [RangeChart.Row] = stress.plans.map(\.stress).enumerated().compactMap { i, p in
            guard let v = p.skillCorrelation, v.p5.isFinite, v.p50.isFinite, v.p95.isFinite else { return nil }
            let (lo, mid, hi) = (v.p5, v.p50, v.p95)
            let samples = (inputs.stressTrials.values[p.planName]?["skill_correlation"] ?? []).filter(\.isFinite)
            return RangeChart.Row(label: p.planName, low: lo, mid: mid, high: hi, color: Palette.series(i), samples: samples)
        }
        guard !rows.isEmpty else {
            return ReportSection.missingNote(
                "\(title): Not available — stress.json has no skill_correlation; rerun `bearing comp PLAN... --stress SCENARIO` to add it.")
        }
        let chart = RangeChart(
            title: "Pay vs latent CSM skill",
            xAxis: AxisSpec(title: "Spearman correlation of variable pay with latent CSM skill", format: .number(decimals: 2)),
            rows: rows)
        // Highest median; ties keep plan order.
        var best = rows[0]
        for r in rows.dropFirst() where r.mid > best.mid { best = r }
        let strip = rows.contains { !$0.samples.isEmpty } ? "; each small dot is one simulated history" : ""
        return ReportSection.figure(
            "\(title), across \(trials) simulated histories", svg: chart.svg(),
            caption:
                "\(best.label) rewards skill best: its median correlation of variable pay with the CSM skill the simulator drew is \(ReportFormat.number(best.mid, decimals: 2)). Bar from P5 to P95 of the simulated trials, large dot at the median (P50)\(strip); CSMs with no book in the paid periods are left out."
        )
    }

    /// Does each plan pay the right people: pay against latent CSM skill and book NRR over the
    /// stress test, and pay against book NRR, its concentration and the plan's cost on the
    /// history. New figures (e.g. at equal cost) become columns here; see `PlanReward`.
    static func rewardTable(_ plans: [PlanReward]) -> String {
        let trials = plans.map(\.trials).max() ?? 0
        func spread(_ d: StressDistribution?) -> String {
            guard let d, d.p50.isFinite else { return ReportFormat.missing }
            return "\(ReportFormat.number(d.p50, decimals: 2)) (\(ReportFormat.number(d.p5, decimals: 2))–\(ReportFormat.number(d.p95, decimals: 2)))"
        }
        let thin = trials > 0 && trials < PlanReward.minimumTrials
        let rows = plans.map { p in
            [
                p.plan, spread(p.skill), spread(p.stressNRRCorrelation), ReportFormat.number(p.historyNRRCorrelation, decimals: 2),
                ReportFormat.percent(p.topQuartileShare), ReportFormat.number(p.gini, decimals: 2), ReportFormat.money(p.totalCost ?? .nan),
                p.equalCostSlope.map { ReportFormat.money($0) + (p.equalCostRank.map { " (#\($0))" } ?? "") } ?? ReportFormat.missing,
            ]
        }
        let cells = plans.map { _ in ["", thin ? "insufficient" : "", thin ? "insufficient" : "", "", "", "", "", ""] }
        var note =
            "Spearman rank correlations: 1 means pay follows the measure exactly, 0 not at all. Latent CSM skill is what the simulator drew, so only the stress test can measure it; NRR is the CSM's book over the paid windows. Stress figures: median (P5–P95) over the simulated histories."
        if thin {
            note += " Greyed: \(trials) simulated histories are too few for a P5–P95 spread (at least \(PlanReward.minimumTrials) are needed)."
        }
        note +=
            " At equal cost: variable pay per standard deviation of book NRR (OLS over CSMs) with every plan's pay scaled to the first plan's total cost, so plans with different OTEs compare; #1 pays performance most steeply."
        return ReportSection.table(
            "Does each plan reward the right people?",
            HTMLTable(
                header: [
                    "Plan", "Pay vs CSM skill", "Pay vs book NRR", "Pay vs book NRR", "Variable pay to top quartile by NRR", "Gini of variable pay",
                    "Total cost", "Pay per SD of NRR at equal cost",
                ],
                rows: rows, cellClasses: cells, numericColumns: Set(1...7),
                groups: [
                    .init("", span: 1), .init("Stress test, \(ReportFormat.count(trials)) simulated histories", span: 2),
                    .init("Replay on the history", span: 5),
                ]),
            note: note)
    }
}
