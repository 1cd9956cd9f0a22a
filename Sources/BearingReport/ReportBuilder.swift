import BearingCalibration
import BearingComp
import BearingContracts
import BearingSimulation
import BearingVector

/// Turns `ReportInputs` into the report's sections. Every section is always present; when
/// its inputs are missing it says which command writes them.
package enum ReportBuilder {
    /// Maximum customers drawn on the vector map.
    package static let vectorMapLimit = 2_000

    package static func page(_ inputs: ReportInputs, generatedBy: String) -> ReportPage {
        var subtitle = ["Source: \(inputs.source)"]
        if let sim = inputs.simulation {
            subtitle.append("Scenario \(sim.scenario), seed \(sim.seed), \(ReportFormat.count(sim.trials)) Monte Carlo trials")
        }
        subtitle.append(generatedBy)
        return ReportPage(
            title: "Customer Success Vectors — Bearing report", subtitle: subtitle,
            sections: [
                vectorMapSection(inputs), cohortSection(inputs), calibrationSection(inputs), forecastSection(inputs),
                compSection(inputs), filesSection(inputs),
            ])
    }

    static let categories = ["positive", "neutral", "negative", "ghost"]
    static let cohorts = ["good-fit positive", "good-fit neutral", "good-fit negative", "good-fit gone dark"]

    // MARK: Vector map

    static func vectorMapSection(_ inputs: ReportInputs) -> ReportSection {
        var section = ReportSection(
            id: "vector-map", title: "Vector map",
            intro: "Each dot is a customer at its Success Vector: direction (is it heading toward its required outcome, right, or away from it, left) and magnitude (the strength of the experience carrying it, up). Colour is the vector category; a ring marks a bad-fit customer; a grey arrow comes from where the customer was the period before.")
        guard let map = inputs.vectorMap, !map.points.isEmpty else {
            section.missing.append(inputs.problems["vector"] ?? "no scores found: run `bearing score HISTORY --out DIR/score/scores.csv` (the map needs scores.csv)")
            return section
        }
        let present = categories.filter { c in map.points.contains { $0.category == c } }
        let others = Set(map.points.map(\.category)).subtracting(categories).sorted()
        let order = present + others
        let series = order.map { SeriesStyle(name: $0, color: Palette.category($0)) }
        let index = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        let points = map.points.map { p in
            ScatterChart.Point(
                x: p.direction, y: p.magnitude, series: index[p.category] ?? 0, hollow: p.badFit,
                from: p.previous.map { (x: $0.direction, y: $0.magnitude) },
                label: "\(p.customerID) (\(p.segment)): \(p.category)\(p.badFit ? ", bad fit" : ""), direction \(ReportFormat.number(p.direction, decimals: 2)), magnitude \(ReportFormat.number(p.magnitude, decimals: 2))")
        }
        var chart = ScatterChart(
            title: "Vector map, \(map.period)",
            xAxis: AxisSpec(title: "Direction (−1 = heading away from outcome, +1 = toward)", format: .number(decimals: 1), domain: (-1, 1)),
            yAxis: AxisSpec(title: "Magnitude (strength of experience, 0–1)", format: .number(decimals: 1), domain: (0, 1)),
            series: series, points: points)
        chart.legendExtras = [SeriesStyle(name: "bad fit", color: "#444", mark: .hollowDot)]
        chart.referenceX = [0]
        chart.referenceY = [0.5]
        chart.quadrantLabels = [
            "Heading away, strong experience", "Heading toward outcome, strong experience",
            "Heading away, weak experience", "Heading toward outcome, weak experience",
        ]
        let shown = map.points.count < map.totalCustomers
            ? "\(ReportFormat.count(map.points.count)) of \(ReportFormat.count(map.totalCustomers)) customers shown (a fixed sample by customer id, the same on every run)."
            : "All \(ReportFormat.count(map.totalCustomers)) customers shown."
        let arrows = map.previousPeriod.map { " Arrows start at the customer's position in \($0)." } ?? ""
        section.blocks.append(ReportSection.figure("Where customers are heading, \(map.period)", svg: chart.svg(), caption: shown + arrows))
        let total = max(1, map.categoryCounts.values.reduce(0, +))
        let rows = order.map { c in
            [c, ReportFormat.count(map.categoryCounts[c] ?? 0), ReportFormat.percent(Double(map.categoryCounts[c] ?? 0) / Double(total))]
        }
        section.blocks.append(
            ReportSection.table(
                "Customers by vector category, \(map.period)",
                HTMLTable(header: ["Category", "Customers", "Share"], rows: rows, numericColumns: [1, 2])))
        return section
    }

    // MARK: Cohorts

    static func cohortSection(_ inputs: ReportInputs) -> ReportSection {
        var section = ReportSection(
            id: "cohorts", title: "Cohorts and retention",
            intro: "Five cohorts per Logical Customer Segment: bad-fit customers (no Success Potential) apart, and good-fit customers by their vector category at the start of the window. Bad-fit churn is shown separately from good-fit retention, and both are in the roll-up. NRR = (start ARR + expansion − contraction − churned ARR) / start ARR; GRR is the same without expansion, capped at 100%; logo retention = retained customers / starting customers.")
        if let scores = inputs.scores {
            let t = scores.cohortTable
            let predicted = Dictionary(
                scores.cohortsAtStart.map { ("\($0.segment)|\($0.cohort)", $0.meanChurnProbability) },
                uniquingKeysWith: { a, _ in a })
            var rows: [[String]] = []
            var classes: [String] = []
            let segments = orderedSegments(t.rows.map(\.segment))
            for segment in segments {
                rows.append([segment == "all" ? "All segments (roll-up)" : segment, "", "", "", "", "", "", ""])
                classes.append("segment-head")
                let mine = t.rows.filter { $0.segment == segment }
                let ordered = cohorts.compactMap { c in mine.first { $0.cohort == c } }
                    + mine.filter { $0.cohort == "good-fit" } + mine.filter { $0.cohort == "bad-fit" }
                    + mine.filter { $0.cohort == "all" }
                for row in ordered {
                    let p = predicted["\(segment)|\(row.cohort)"] ?? nil
                    rows.append([
                        row.cohort == "all" ? "all customers" : row.cohort == "good-fit" ? "good fit, total" : row.cohort,
                        ReportFormat.count(row.tally.startCustomers), ReportFormat.money(row.tally.startARR),
                        ReportFormat.percent(row.nrr), ReportFormat.percent(row.grr), ReportFormat.percent(row.logoRetention),
                        ReportFormat.money(row.cltv ?? .nan), ReportFormat.percent(p),
                    ])
                    classes.append(row.cohort == "bad-fit" ? "badfit" : row.cohort == "good-fit" ? "goodfit" : row.cohort == "all" ? "rollup" : "")
                }
            }
            let margin = ReportFormat.percent(t.grossMargin, decimals: 0)
            section.blocks.append(
                ReportSection.table(
                    "Realised retention by cohort, \(t.firstPeriod) to \(t.lastPeriod)",
                    HTMLTable(
                        header: ["Cohort", "Customers at start", "Start ARR", "NRR", "GRR", "Logo retention", "CLTV", "Predicted churn / period"],
                        rows: rows, rowClasses: classes, numericColumns: Set(1...7)),
                    note: "Cohorts are taken at \(t.firstPeriod) from the scored vectors. \(scores.cltvFormula) (gross margin \(margin)). Predicted churn is the mean scored churn probability per period at the start."))
            let roll = t.rows.filter { $0.segment == "all" }
            let cats = cohorts + ["bad-fit"]
            let values = cats.map { c in roll.first { $0.cohort == c } }
            if values.contains(where: { $0 != nil }) {
                let chart = BarChart(
                    title: "NRR and GRR by cohort, all segments",
                    xTitle: "Cohort at \(t.firstPeriod)", yAxis: AxisSpec(title: "Retention over the window (%)", format: .percent),
                    categories: cats,
                    series: [
                        .init(style: SeriesStyle(name: "NRR", color: Palette.series(0), mark: .bar), values: values.map { $0?.nrr }),
                        .init(style: SeriesStyle(name: "GRR", color: Palette.series(1), mark: .bar), values: values.map { $0?.grr }),
                        .init(style: SeriesStyle(name: "Logo retention", color: Palette.series(2), mark: .bar), values: values.map { $0?.logoRetention }),
                    ])
                section.blocks.append(ReportSection.figure("Retention by cohort", svg: chart.svg(), caption: "All segments together, \(t.firstPeriod) to \(t.lastPeriod). Bad-fit customers are the right-most group."))
            }
        } else {
            section.missing.append(inputs.problems["cohorts"] ?? "no scores summary found: run `bearing score` (writes scores.summary.json with the cohort table)")
        }
        if let sim = inputs.simulation {
            let groups = Dictionary(sim.groups.map { ($0.group, $0.metrics) }, uniquingKeysWith: { a, _ in a })
            var rows: [[String]] = []
            var classes: [String] = []
            for c in cohorts + ["bad-fit"] {
                guard let m = groups["cohort[\(c)]"] else { continue }
                rows.append(simulationRow(c, m))
                classes.append(c == "bad-fit" ? "badfit" : "")
            }
            if let all = groups["all"] {
                rows.append(simulationRow("all customers", all))
                classes.append("rollup")
            }
            if !rows.isEmpty {
                section.blocks.append(
                    ReportSection.table(
                        "Simulated retention across \(ReportFormat.count(sim.trials)) trials (P5 – P50 – P95)",
                        HTMLTable(
                            header: ["Cohort", "Customers at start", "NRR P5", "NRR P50", "NRR P95", "GRR P50", "Logo retention P50", "Churned ARR P50"],
                            rows: rows, rowClasses: classes, numericColumns: Set(1...7)),
                        note: "From the Monte Carlo run; cohorts here use the simulation's true latent category (\(sim.cohortRule)), over \(sim.periods.first ?? "")–\(sim.periods.last ?? "")."))
            }
        } else if inputs.scores == nil {
            section.missing.append("no simulation summary found: `bearing simulate` writes summary.json")
        }
        return section
    }

    static func simulationRow(_ label: String, _ m: [String: SimulationSummary.Distribution]) -> [String] {
        [
            label, ReportFormat.number(m["start_customers"]?.p50), ReportFormat.percent(m["nrr"]?.p5),
            ReportFormat.percent(m["nrr"]?.p50), ReportFormat.percent(m["nrr"]?.p95), ReportFormat.percent(m["grr"]?.p50),
            ReportFormat.percent(m["logo_retention"]?.p50), ReportFormat.money(m["churned_arr"]?.p50 ?? .nan),
        ]
    }

    /// Segments in first-seen order with the roll-up (`all`) last.
    static func orderedSegments(_ names: [String]) -> [String] {
        var seen: [String] = []
        for n in names where !seen.contains(n) && n != "all" { seen.append(n) }
        return names.contains("all") ? seen + ["all"] : seen
    }

    // MARK: Calibration

    static func calibrationSection(_ inputs: ReportInputs) -> ReportSection {
        var section = ReportSection(
            id: "calibration", title: "Calibration: does the vector predict churn?",
            intro: "A well-calibrated model's predicted churn matches the churn that happened (points on the diagonal), ranks churners first (ROC curve far above the diagonal; AUC 0.5 is chance, 1.0 perfect), orders churn ghost > negative > neutral > positive, and beats the plain health score out of time.")
        if let curves = inputs.curves, curves.rows > 0 {
            let bins = curves.reliability
            var reliability = LineChart(
                title: "Reliability curve",
                xAxis: AxisSpec(title: "Predicted churn probability per period (%)", format: .percent, domain: (0, reliabilityMax(bins))),
                yAxis: AxisSpec(title: "Observed churn rate (%)", format: .percent, domain: (0, reliabilityMax(bins))),
                lines: [
                    .init(style: SeriesStyle(name: "Success Vector model", color: Palette.series(0), mark: .line), points: bins.map { (x: $0.meanProbability, y: $0.churnRate) })
                ])
            reliability.diagonal = true
            section.blocks.append(
                ReportSection.figure(
                    "Reliability: predicted vs observed churn", svg: reliability.svg(),
                    caption: "\(inputs.curvesScope) \(ReportFormat.count(curves.rows)) customer-periods in \(bins.count) equal-count bins by predicted probability (about \(ReportFormat.count(bins.first?.rows ?? 0)) rows each); dashed line = perfect calibration."))
            var roc = LineChart(
                title: "ROC curve",
                xAxis: AxisSpec(title: "False-positive rate: retained customers flagged (%)", format: .percent, domain: (0, 1)),
                yAxis: AxisSpec(title: "True-positive rate: churners caught (%)", format: .percent, domain: (0, 1)),
                lines: [.init(style: SeriesStyle(name: "Success Vector model, AUC \(ReportFormat.number(curves.auc, decimals: 3))", color: Palette.series(0), mark: .line), points: curves.roc.map { (x: $0.fpr, y: $0.tpr) }, dots: false)])
            roc.diagonal = true
            roc.frame.height = 480
            section.blocks.append(
                ReportSection.figure(
                    "ROC: how well the churn probability ranks churners", svg: roc.svg(),
                    caption: "\(inputs.curvesScope) \(ReportFormat.count(curves.positives)) churned of \(ReportFormat.count(curves.rows)). Dashed line = chance (AUC 0.5)."))
        } else {
            section.missing.append(inputs.problems["curves"] ?? "no scores with outcomes: the reliability curve and ROC need scores.csv and the history.csv it scored")
        }
        if let bt = inputs.backtest?.backtest {
            let models = bt.models
            let styleOf: (Int, ModelKind) -> SeriesStyle = { i, m in SeriesStyle(name: modelName(m), color: Palette.series(i), mark: .bar) }
            let groups = categories
            let bars = BarChart(
                title: "Churn rate by vector category",
                xTitle: "Vector category (when scored)", yAxis: AxisSpec(title: "Churn rate per period (%)", format: .percent),
                categories: groups,
                series: models.enumerated().map { i, m in
                    let r = bt.overall.first { $0.model == m }
                    return .init(style: styleOf(i, m), values: groups.map { g in r?.churnByCategory.first { $0.group == g }?.churnRate })
                })
            let order = bt.overall.map { "\(modelName($0.model)): \($0.categoryOrderHolds ? "ordered" : "NOT ordered")" }.joined(separator: "; ")
            section.blocks.append(
                ReportSection.figure(
                    "Churn rate by vector category (walk-forward backtest)", svg: bars.svg(),
                    caption: "Pooled over all forecast periods, each period scored by a model fitted on earlier periods only. Expected order ghost > negative > neutral > positive — \(order)."))
            let periods = bt.periods.map(\.period.label)
            let auc = LineChart(
                title: "AUC by period",
                xAxis: AxisSpec(title: "Forecast period", format: .number(decimals: 0)),
                yAxis: AxisSpec(title: "AUC (0.5 = chance)", format: .number(decimals: 2)),
                categories: periods,
                lines: models.enumerated().map { i, m in
                    .init(
                        style: SeriesStyle(name: modelName(m), color: Palette.series(i), mark: i == 0 ? .line : .dashedLine),
                        points: bt.periods.enumerated().map { k, p in (x: Double(k), y: p.results.first { $0.model == m }?.metrics.auc ?? .nan) })
                })
            section.blocks.append(
                ReportSection.figure(
                    "Backtest: AUC by period, Success Vector vs baselines", svg: auc.svg(),
                    caption: "Walk-forward (\(bt.window) window): fit on the past, score the next period. Logistic = plain L2 logistic regression on all features; health = equal-weight health score."))
            let brier = LineChart(
                title: "Brier score by period",
                xAxis: AxisSpec(title: "Forecast period", format: .number(decimals: 0)),
                yAxis: AxisSpec(title: "Brier score (lower is better)", format: .number(decimals: 3)),
                categories: periods,
                lines: models.enumerated().map { i, m in
                    .init(
                        style: SeriesStyle(name: modelName(m), color: Palette.series(i), mark: i == 0 ? .line : .dashedLine),
                        points: bt.periods.enumerated().map { k, p in (x: Double(k), y: p.results.first { $0.model == m }?.metrics.brier ?? .nan) })
                })
            section.blocks.append(ReportSection.figure("Backtest: Brier score by period", svg: brier.svg(), caption: "Mean squared error of the churn probability; lower is better."))
            var rows: [[String]] = []
            for p in bt.periods {
                for r in p.results { rows.append(metricsRow(p.period.label, r)) }
            }
            for r in bt.overall { rows.append(metricsRow("all periods", r)) }
            section.blocks.append(
                ReportSection.table(
                    "Backtest metrics by period",
                    HTMLTable(
                        header: ["Period", "Model", "Rows", "Churn rate", "AUC", "Brier", "Log loss", "Calibration error", "Top-decile lift"],
                        rows: rows, rowClasses: rows.map { $0[0] == "all periods" ? "rollup" : "" }, numericColumns: Set(2...8))))
        } else {
            section.missing.append(inputs.problems["backtest"] ?? "no backtest found: run `bearing backtest HISTORY --out DIR/backtest` (writes backtest.json)")
        }
        return section
    }

    static func reliabilityMax(_ bins: [ClassifierCurves.ReliabilityBin]) -> Double {
        let top = bins.flatMap { [$0.meanProbability, $0.churnRate] }.max() ?? 1
        let ticks = Ticks.nice(low: 0, high: max(0.01, top), target: 5)
        return min(1, ticks.last ?? 1)
    }

    static func metricsRow(_ period: String, _ r: BacktestModelResult) -> [String] {
        let m = r.metrics
        return [
            period, modelName(r.model), ReportFormat.count(m.rows), ReportFormat.percent(m.churnRate),
            ReportFormat.number(m.auc, decimals: 3), ReportFormat.number(m.brier, decimals: 4), ReportFormat.number(m.logLoss, decimals: 4),
            ReportFormat.number(m.expectedCalibrationError, decimals: 3), ReportFormat.number(m.topDecileLift, decimals: 2),
        ]
    }

    static func modelName(_ m: ModelKind) -> String {
        switch m {
        case .vector: "Success Vector"
        case .logistic: "Logistic (reference)"
        case .health: "Health score (baseline)"
        }
    }

    // MARK: Forecasts

    static func forecastSection(_ inputs: ReportInputs) -> ReportSection {
        var section = ReportSection(
            id: "forecasts", title: "Expansion forecasts: quota vs vector",
            intro: "The quota forecast is a rate times book ARR. The vector forecast adds up milestone cohorts: expected customers reaching each Success Milestone x its upsell ARR x the take rate, with reach and take depending on the vector category. Both are set against the expansion ARR that actually happened.")
        if let cmp = inputs.forecastComparison?.comparison {
            let segments = orderedSegments(cmp.rows.map(\.segment))
            // The roll-up first and large; segments after it (at most five, smaller).
            let drawn = (segments.contains("all") ? ["all"] : []) + segments.filter { $0 != "all" }.prefix(5)
            for segment in drawn {
                let rows = cmp.rows.filter { $0.segment == segment }
                guard !rows.isEmpty else { continue }
                let periods = rows.map(\.period)
                let x = rows.indices.map(Double.init)
                var chart = LineChart(
                    title: "Expansion ARR per period, \(segment == "all" ? "all segments" : segment)",
                    xAxis: AxisSpec(title: "Period", format: .number(decimals: 0)),
                    yAxis: AxisSpec(title: "Expansion ARR in the period ($)", format: .money, includeZero: true),
                    categories: periods,
                    lines: [
                        .init(style: SeriesStyle(name: "Quota forecast", color: Palette.series(1), mark: .dashedLine), points: zip(x, rows).map { (x: $0, y: $1.quotaExpansionARR) }),
                        .init(style: SeriesStyle(name: "Vector forecast P50", color: Palette.series(0), mark: .line), points: zip(x, rows).map { (x: $0, y: $1.vectorP50) }),
                        .init(style: SeriesStyle(name: "Actual", color: "#222", mark: .line), points: zip(x, rows).map { (x: $0, y: $1.actualExpansionARR) }),
                    ],
                    bands: [
                        .init(style: SeriesStyle(name: "Vector P10–P90", color: Palette.series(0), mark: .band), points: zip(x, rows).map { (x: $0, low: $1.vectorP10, high: $1.vectorP90) })
                    ])
                if segment != "all" { chart.frame.height = 320 }
                let s = cmp.summaries.first { $0.segment == segment }
                let caption = s.map {
                    "Walk-forward: each period forecast from its start with rates fitted on earlier periods. MAPE quota \(ReportFormat.percent($0.quotaMAPE)) vs vector \(ReportFormat.percent($0.vectorMAPE)); bias quota \(ReportFormat.percent($0.quotaBias)) vs vector \(ReportFormat.percent($0.vectorBias)); actual inside P10–P90 in \(ReportFormat.percent($0.coverage)) of periods (nominal 80%)."
                } ?? ""
                section.blocks.append(ReportSection.figure(chart.title, svg: chart.svg(), caption: caption))
            }
            let rows = cmp.summaries.map {
                [
                    $0.segment == "all" ? "all segments" : $0.segment, String($0.periods), ReportFormat.percent($0.quotaMAPE),
                    ReportFormat.percent($0.vectorMAPE), ReportFormat.percent($0.quotaBias), ReportFormat.percent($0.vectorBias),
                    ReportFormat.percent($0.coverage),
                ]
            }
            section.blocks.append(
                ReportSection.table(
                    "Forecast accuracy by segment",
                    HTMLTable(
                        header: ["Segment", "Periods", "Quota MAPE", "Vector MAPE", "Quota bias", "Vector bias", "P10–P90 coverage"],
                        rows: rows, rowClasses: cmp.summaries.map { $0.segment == "all" ? "rollup" : "" }, numericColumns: Set(1...6)),
                    note: "MAPE = mean |forecast − actual| / actual; bias = (Σ forecast − Σ actual) / Σ actual; the vector forecast is scored by its P50; quota rate \(ReportFormat.percent(cmp.quotaRate)) of book ARR per period."))
        } else {
            section.missing.append(inputs.problems["compare"] ?? "no forecast comparison found: run `bearing compare-forecasts HISTORY --milestones M --quota RATE --out DIR/compare-forecasts`")
        }
        if let f = inputs.forecast?.forecast {
            if let all = f.segments.first(where: { $0.segment == "all" }) ?? f.segments.first {
                section.blocks.append("<h3>Next period: \(HTML.escape(f.period))</h3>")
                section.blocks.append(
                    ReportSection.cards([
                        ("Quota forecast of expansion", ReportFormat.money(all.quotaExpansionARR)),
                        ("Vector forecast P50 (P10–P90)", "\(ReportFormat.money(all.expansionP50)) (\(ReportFormat.money(all.expansionP10))–\(ReportFormat.money(all.expansionP90)))"),
                        ("Expected churned ARR, good fit", ReportFormat.money(all.expectedChurnedARRGoodFit)),
                        ("Expected churned ARR, bad fit", ReportFormat.money(all.expectedChurnedARRBadFit)),
                        ("Book ARR", ReportFormat.money(all.bookARR)),
                    ]))
            }
            // Milestone x category over all segments: reachers and ARR add; rates are weighted.
            struct Acc {
                var customers = 0
                var reachers = 0.0
                var arr = 0.0
                var upsell = 0.0
            }
            var acc: [String: Acc] = [:]
            var milestones: [String] = []
            for c in f.cohorts {
                if !milestones.contains(c.milestone) { milestones.append(c.milestone) }
                var a = acc["\(c.milestone)|\(c.category)", default: Acc()]
                a.customers += c.customers
                a.reachers += c.expectedReachers
                a.arr += c.expectedExpansionARR
                a.upsell += c.expectedReachers * c.realisedUpsellARR
                acc["\(c.milestone)|\(c.category)"] = a
            }
            var rows: [[String]] = []
            for m in milestones {
                for cat in categories + Set(f.cohorts.map(\.category)).subtracting(categories).sorted() {
                    guard let a = acc["\(m)|\(cat)"], a.customers > 0 else { continue }
                    rows.append([
                        m, cat, ReportFormat.count(a.customers), ReportFormat.number(a.reachers, decimals: 1),
                        ReportFormat.percent(a.reachers / Double(a.customers)), ReportFormat.percent(a.upsell > 0 ? a.arr / a.upsell : nil),
                        ReportFormat.money(a.arr),
                    ])
                }
            }
            section.blocks.append(
                ReportSection.table(
                    "Milestone cohorts, \(f.period)",
                    HTMLTable(
                        header: ["Next milestone", "Vector category", "Customers", "Expected to reach", "Reach rate", "Take rate", "Expected expansion ARR"],
                        rows: rows, numericColumns: Set(2...6)),
                    note: "All segments together; take rate = expected expansion ARR / (expected reachers x upsell ARR). The vector forecast is the sum of the last column."))
        } else {
            section.missing.append(inputs.problems["forecast"] ?? "no next-period forecast found: run `bearing forecast HISTORY --milestones M --quota RATE --out DIR/forecast`")
        }
        return section
    }

    // MARK: Compensation

    static func compSection(_ inputs: ReportInputs) -> ReportSection {
        var section = ReportSection(
            id: "comp", title: "Compensation plans",
            intro: "Candidate CSM compensation plans replayed side by side on the same books: what each would have cost, whether it pays the CSMs whose books retained and grew (rank correlation of pay with book NRR), and how its cost spreads over simulated stress scenarios.")
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
                row("Gini of variable pay") { ReportFormat.number($0.summary.spread.gini, decimals: 2) },
                row("Pay–performance rank correlation") { ReportFormat.number($0.summary.payPerformanceCorrelation, decimals: 2) },
                row("Variable pay to top quartile by NRR") { ReportFormat.percent($0.summary.topQuartileVariableShare) },
                row("Clawbacks") { ReportFormat.money($0.summary.clawback) },
            ]
            let windows = plans.first.map { "\($0.windows.first ?? "")–\($0.windows.last ?? "")" } ?? ""
            section.blocks.append(
                ReportSection.table(
                    "Plans side by side\(windows.isEmpty ? "" : ", \(windows)")",
                    HTMLTable(header: ["Metric"] + plans.map(\.name), rows: rows, numericColumns: Set(1...plans.count)),
                    note: "Replayed on \(comp.history). Rank correlation is Spearman's between a CSM's variable pay and the NRR of their book; 1 means pay follows retention exactly."))
            var points: [ScatterChart.Point] = []
            for (i, p) in plans.enumerated() {
                for c in p.csms {
                    let nrr = c.nrr
                    let total = c.total
                    guard nrr.isFinite, total.isFinite else { continue }
                    points.append(.init(x: nrr, y: total, series: i, label: "\(c.csmID), \(p.name): NRR \(ReportFormat.percent(nrr)), paid \(ReportFormat.money(total))"))
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
                        caption: "A plan that rewards the right people rises from left to right: CSMs whose books kept and grew more ARR are paid more."))
            }
        } else {
            section.missing.append(inputs.problems["comp"] ?? "no plan comparison found: run `bearing comp PLAN... --history HISTORY --out DIR/comp` (writes comparison.json)")
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
                ("Total plan cost", AxisSpec(title: "Total plan cost over the paid periods ($)", format: .money), rows("total_cost") { $0.totalCost }),
                ("Cost as % of retained revenue", AxisSpec(title: "Plan cost / retained revenue (%)", format: .percent), rows("cost_share_of_retained_revenue") { $0.costShareOfRetainedRevenue }),
                ("Variable pay per CSM", AxisSpec(title: "Variable pay per CSM ($)", format: .money), rows(nil) { $0.variablePayPerCSM }),
                ("Pay–performance rank correlation", AxisSpec(title: "Spearman correlation of variable pay with book NRR", format: .number(decimals: 2)), rows("pay_performance_correlation") { $0.payPerformanceCorrelation }),
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
            section.missing.append(inputs.problems["stress"] ?? "no stress test found: run `bearing comp PLAN... --stress SCENARIO --out DIR/comp` (writes stress.json)")
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
            caption: "\(best.label) rewards skill best: its median correlation of variable pay with the CSM skill the simulator drew is \(ReportFormat.number(best.mid, decimals: 2)). Bar from P5 to P95 of the simulated trials, large dot at the median (P50)\(strip); CSMs with no book in the paid periods are left out.")
    }

    // MARK: Files

    static func filesSection(_ inputs: ReportInputs) -> ReportSection {
        var section = ReportSection(id: "files", title: "Inputs")
        if inputs.found.isEmpty {
            section.missing.append("no Bearing outputs were found in \(inputs.source)")
        } else {
            section.blocks.append(
                ReportSection.table("Files read", HTMLTable(header: ["File"], rows: inputs.found.map { [$0] })))
        }
        return section
    }
}
