import BearingForecast
import BearingMetrics

extension ReportBuilder {
    static func forecastSection(_ inputs: ReportInputs) -> ReportSection {
        var section = ReportSection(
            id: "forecasts", title: "Expansion forecasts: quota vs vector",
            intro:
                "The quota forecast is the team's quota (a rate times book ARR, or annual targets per segment) or, when none is given, each segment's trailing observed expansion rate times its book ARR. The vector forecast adds up milestone cohorts: expected customers reaching each Success Milestone x its upsell ARR x the take rate, with reach and take depending on the vector category. Both are set against the expansion ARR that actually happened."
        )
        if let cmp = inputs.forecastComparison?.result {
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
                        .init(
                            style: SeriesStyle(name: "Quota forecast", color: Palette.series(1), mark: .dashedLine),
                            points: zip(x, rows).map { (x: $0, y: $1.quotaExpansionARR) }),
                        .init(
                            style: SeriesStyle(name: "Vector forecast P50", color: Palette.series(0), mark: .line),
                            points: zip(x, rows).map { (x: $0, y: $1.vectorP50) }),
                        .init(
                            style: SeriesStyle(name: "Actual", color: "#222", mark: .line),
                            points: zip(x, rows).map { (x: $0, y: $1.actualExpansionARR) }),
                    ],
                    bands: [
                        .init(
                            style: SeriesStyle(name: "Vector P10–P90", color: Palette.series(0), mark: .band),
                            points: zip(x, rows).map { (x: $0, low: $1.vectorP10, high: $1.vectorP90) })
                    ])
                if segment != "all" { chart.frame.height = 320 }
                let s = cmp.summaries.first { $0.segment == segment }
                let caption =
                    s.map {
                        "Walk-forward: each period forecast from its start with rates fitted on earlier periods. MAPE quota \(ReportFormat.percent($0.quotaMAPE)) vs vector \(ReportFormat.percent($0.vectorMAPE)); bias quota \(ReportFormat.percent($0.quotaBias)) vs vector \(ReportFormat.percent($0.vectorBias)); actual inside P10–P90 in \(ReportFormat.percent($0.coverage)) of periods (nominal 80%)."
                    } ?? ""
                section.blocks.append(ReportSection.figure(chart.title, svg: chart.svg(), caption: caption))
            }
            section.blocks.append(forecastAccuracyTable(cmp))
        } else {
            section.missing.append(
                inputs.problems["compare"]
                    ?? "no forecast comparison found: run `bearing compare-forecasts HISTORY --milestones M --out DIR/compare-forecasts`")
        }
        if let f = inputs.forecast?.result {
            if let all = f.segments.first(where: { $0.segment == "all" }) ?? f.segments.first {
                section.blocks.append("<h3>Next period: \(HTML.escape(f.period))</h3>")
                section.blocks.append(
                    ReportSection.cards([
                        ("Quota forecast of expansion", ReportFormat.money(all.quotaExpansionARR)),
                        (
                            "Vector forecast P50 (P10–P90)",
                            "\(ReportFormat.money(all.expansionP50)) (\(ReportFormat.money(all.expansionP10))–\(ReportFormat.money(all.expansionP90)))"
                        ),
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
                        header: [
                            "Next milestone", "Vector category", "Customers", "Expected to reach", "Reach rate", "Take rate",
                            "Expected expansion ARR",
                        ],
                        rows: rows, numericColumns: Set(2...6)),
                    note:
                        "All segments together; take rate = expected expansion ARR / (expected reachers x upsell ARR). The vector forecast is the sum of the last column."
                ))
        } else {
            section.missing.append(
                inputs.problems["forecast"] ?? "no next-period forecast found: run `bearing forecast HISTORY --milestones M --out DIR/forecast`")
        }
        return section
    }

    /// MAPE and bias of both forecasts and the vector's coverage, per segment, each with its
    /// interval; the vector-vs-quota verdicts; values from too few periods greyed with why.
    static func forecastAccuracyTable(_ cmp: ForecastComparison) -> String {
        let level = BootstrapSettings.label(cmp.bootstrap.confidence)
        func cell(_ v: MetricValue) -> String {
            guard let i = v.interval, i.low.isFinite, i.high.isFinite else { return ReportFormat.percent(v.value) }
            return "\(ReportFormat.percent(v.value)) (\(ReportFormat.number(i.low * 100, decimals: 1))–\(ReportFormat.percent(i.high)))"
        }
        func grey(_ v: MetricValue) -> String { v.insufficient ? "insufficient" : "" }
        var rows: [[String]] = []
        var cells: [[String]] = []
        for s in cmp.summaries {
            let e = s.estimates
            let verdicts = cmp.comparisons.filter { $0.segment == s.segment }
                .map { verdictLabel($0.verdict, model: "vector", baseline: "quota") + " on \($0.metric.label)" }
            rows.append([
                s.segment == "all" ? "all segments" : s.segment, String(s.periods), cell(e.quotaMAPE), cell(e.vectorMAPE), cell(e.quotaBias),
                cell(e.vectorBias), cell(e.coverage), verdicts.joined(separator: "; "),
                [e.vectorMAPE.reason, e.coverage.reason].compactMap { $0 }.first ?? "",
            ])
            cells.append(["", "", grey(e.quotaMAPE), grey(e.vectorMAPE), grey(e.quotaBias), grey(e.vectorBias), grey(e.coverage), "", "reason"])
        }
        var s = ReportSection.table(
            "Forecast accuracy by segment",
            HTMLTable(
                header: [
                    "Segment", "Periods", "Quota MAPE", "Vector MAPE", "Quota bias", "Vector bias", "P10–P90 coverage", "Verdict", "Why too few",
                ],
                rows: rows, rowClasses: cmp.summaries.map { $0.segment == "all" ? "rollup" : "" }, cellClasses: cells,
                numericColumns: Set(1...6)),
            note:
                "Each value with its \(level) interval in brackets: MAPE and bias from a circular block bootstrap over the periods (both forecasts resampled together), coverage a Wilson interval. MAPE = mean |forecast − actual| / actual; bias = (Σ forecast − Σ actual) / Σ actual; the vector forecast is scored by its P50; \(cmp.quota.summary). Fewer than \(SampleSufficiency.minimumPeriods) periods is too few to judge: those values are greyed."
        )
        let warnings = cmp.summaries.compactMap { w in w.coverageWarning.map { "\(w.segment == "all" ? "All segments" : w.segment): \($0)." } }
        for w in warnings { s += ReportSection.missingNote(w) }
        return s
    }
}
