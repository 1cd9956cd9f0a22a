import BearingCalibration
import BearingMetrics
import BearingVector

extension ReportBuilder {
    static func calibrationSection(_ inputs: ReportInputs) -> ReportSection {
        var section = ReportSection(
            id: "calibration", title: "Calibration: does the vector predict churn?",
            intro:
                "A well-calibrated model's predicted churn matches the churn that happened (points on the diagonal), ranks churners first (ROC curve far above the diagonal; AUC 0.5 is chance, 1.0 perfect), orders churn ghost > negative > neutral > positive, and beats the plain health score out of time."
        )
        if let bt = inputs.backtest?.backtest, !bt.comparisons.isEmpty {
            section.blocks.append(comparisonBlock(bt))
        }
        if let curves = inputs.curves, curves.rows > 0 {
            section.blocks += curveFigures(curves, scope: inputs.curvesScope)
        } else {
            section.missing.append(
                inputs.problems["curves"] ?? "no scores with outcomes: the reliability curve and ROC need scores.csv and the history.csv it scored")
        }
        if let bt = inputs.backtest?.backtest {
            section.blocks += backtestBlocks(bt)
        } else {
            section.missing.append(
                inputs.problems["backtest"] ?? "no backtest found: run `bearing backtest HISTORY --out DIR/backtest` (writes backtest.json)")
        }
        return section
    }

    /// The verdicts of the backtest (one sentence per pair of models) and every comparison
    /// behind them with its interval; comparisons from too small a sample are greyed with why.
    static func comparisonBlock(_ bt: BacktestReport) -> String {
        var s = "<div class=\"block\"><h3>Out-of-time verdicts, walk-forward backtest</h3><ul class=\"verdicts\">"
        for v in bt.verdicts {
            s +=
                "<li\(v.verdict == .insufficient ? " class=\"insufficient\"" : "")>\(HTML.escape(modelName(v.model))) vs \(HTML.escape(modelName(v.baseline))): \(HTML.escape(v.sentence)).</li>"
        }
        s += "</ul>"
        var rows: [[String]] = []
        var classes: [String] = []
        for c in bt.comparisons {
            let model = ModelKind(rawValue: c.model).map(modelName) ?? c.model
            let baseline = ModelKind(rawValue: c.baseline).map(modelName) ?? c.baseline
            rows.append(comparisonRow(c, model: model, baseline: baseline))
            classes.append(c.verdict == .insufficient ? "insufficient" : "")
        }
        let level = BootstrapSettings.label(bt.bootstrap.confidence)
        s += ReportSection.table(
            "Every comparison, pooled over the forecast periods",
            HTMLTable(
                header: ["Model", "Baseline", "Metric", "Difference (model − baseline)", "\(level) CI", "Verdict", "Why too few"],
                rows: rows, rowClasses: classes, cellClasses: rows.map { Array(repeating: "", count: $0.count - 1) + ["reason"] },
                numericColumns: [3, 4]),
            note:
                "Difference and interval from a paired customer bootstrap (\(ReportFormat.count(bt.bootstrap.resamples)) resamples, customers drawn with all their periods). Higher AUC is better; lower Brier and log loss are better. A sample below \(SampleSufficiency.minimumEvents) churn events or \(SampleSufficiency.minimumCustomers) customers is too small to judge: its row is greyed."
        )
        return s + "</div>"
    }

    /// Model, baseline, metric, difference, interval, verdict and (when insufficient) why.
    static func comparisonRow(_ c: BearingMetrics.MetricComparison, model: String, baseline: String) -> [String] {
        let d = c.metric.decimals(for: c.interval)
        let range = c.interval.map { c.metric.format($0, decimals: d) } ?? ReportFormat.missing
        return [
            model, baseline, c.metric.label, c.metric.format(c.difference, decimals: d, signed: true), range,
            verdictLabel(c.verdict, model: model, baseline: baseline), c.reason ?? "",
        ]
    }

    static func verdictLabel(_ v: ComparisonVerdict, model: String, baseline: String) -> String {
        switch v {
        case .modelBetter: "\(model) better"
        case .baselineBetter: "\(baseline) better"
        case .noClearDifference: "no clear difference"
        case .insufficient: "too few to judge"
        case .noInterval: "no interval"
        }
    }

    /// Reliability curve and ROC of the scored churn probabilities.
    static func curveFigures(_ curves: ClassifierCurves, scope: String) -> [String] {
        let bins = curves.reliability
        var reliability = LineChart(
            title: "Reliability curve",
            xAxis: AxisSpec(title: "Predicted churn probability per period (%)", format: .percent, domain: (0, reliabilityMax(bins))),
            yAxis: AxisSpec(title: "Observed churn rate (%)", format: .percent, domain: (0, reliabilityMax(bins))),
            lines: [
                .init(
                    style: SeriesStyle(name: "Success Vector model", color: Palette.series(0), mark: .line),
                    points: bins.map { (x: $0.meanProbability, y: $0.churnRate) })
            ])
        reliability.diagonal = true
        var roc = LineChart(
            title: "ROC curve",
            xAxis: AxisSpec(title: "False-positive rate: retained customers flagged (%)", format: .percent, domain: (0, 1)),
            yAxis: AxisSpec(title: "True-positive rate: churners caught (%)", format: .percent, domain: (0, 1)),
            lines: [
                .init(
                    style: SeriesStyle(
                        name: "Success Vector model, AUC \(ReportFormat.number(curves.auc, decimals: 3))", color: Palette.series(0), mark: .line),
                    points: curves.roc.map { (x: $0.fpr, y: $0.tpr) }, dots: false)
            ])
        roc.diagonal = true
        roc.frame.height = 480
        return [
            ReportSection.figure(
                "Reliability: predicted vs observed churn", svg: reliability.svg(),
                caption:
                    "\(scope) \(ReportFormat.count(curves.rows)) customer-periods in \(bins.count) equal-count bins by predicted probability (about \(ReportFormat.count(bins.first?.rows ?? 0)) rows each); dashed line = perfect calibration."
            ),
            ReportSection.figure(
                "ROC: how well the churn probability ranks churners", svg: roc.svg(),
                caption:
                    "\(scope) \(ReportFormat.count(curves.positives)) churned of \(ReportFormat.count(curves.rows)). Dashed line = chance (AUC 0.5)."),
        ]
    }

    /// Whether a model's vector categories are its own. Only the Success Vector's axes are
    /// calibrated; logistic and health scores categorise with the default domain-signed
    /// weights (see `Calibrator`), so their churn by category repeats one another's.
    static func hasOwnCategories(_ model: ModelKind) -> Bool { model == .vector }

    /// Churn by category (models with categories of their own), AUC and Brier by period, and
    /// the metrics table.
    static func backtestBlocks(_ bt: BacktestReport) -> [String] {
        var blocks: [String] = []
        let models = bt.models
        let categorised = bt.overall.filter { hasOwnCategories($0.model) && $0.churnByCategory.contains { $0.rows > 0 } }
        if !categorised.isEmpty {
            let groups = categories
            let bars = BarChart(
                title: "Churn rate by vector category",
                xTitle: "Vector category (when scored)", yAxis: AxisSpec(title: "Churn rate per period (%)", format: .percent),
                categories: groups,
                series: categorised.map { r in
                    let i = models.firstIndex(of: r.model) ?? 0
                    let rates = groups.map { g in r.churnByCategory.first { $0.group == g } }
                    return .init(
                        style: SeriesStyle(name: modelName(r.model), color: Palette.series(i), mark: .bar),
                        values: rates.map { $0?.churnRate },
                        intervals: rates.map { g in g.flatMap { g in g.ciLow.flatMap { lo in g.ciHigh.map { (low: lo, high: $0) } } } },
                        greyed: rates.map { $0?.insufficient ?? false })
                })
            let order = categorised.map { "\($0.categoryOrderHolds ? "holds" : "does NOT hold") for the \(modelName($0.model))" }.joined(
                separator: "; ")
            let thin = categorised.flatMap { r in r.churnByCategory.filter(\.insufficient).map { "\($0.group) (\($0.reason ?? "too few rows"))" } }
            blocks.append(
                ReportSection.figure(
                    "Churn rate by vector category (walk-forward backtest)", svg: bars.svg(),
                    caption:
                        "Pooled over all forecast periods, each period scored by a model fitted on earlier periods only; error bars are 95% Wilson intervals. Expected order ghost > negative > neutral > positive: it \(order). Logistic and health scores are not shown: their categories come from default weights, not from their fit."
                        + (thin.isEmpty ? "" : " Pale bars are too small to judge: \(thin.joined(separator: "; ")).")))
        }
        let periods = bt.periods.map(\.period.label)
        /// One line per model of `value` by forecast period.
        func byPeriod(_ title: String, yAxis: AxisSpec, _ value: @escaping (ClassifierSummary) -> Double) -> LineChart {
            let lines = models.enumerated().map { i, m in
                LineChart.Line(
                    style: SeriesStyle(name: modelName(m), color: Palette.series(i), mark: i == 0 ? .line : .dashedLine),
                    points: bt.periods.enumerated().map { k, p in
                        (x: Double(k), y: p.results.first { $0.model == m }.map { value($0.metrics) } ?? .nan)
                    })
            }
            return LineChart(
                title: title, xAxis: AxisSpec(title: "Forecast period", format: .number(decimals: 0)), yAxis: yAxis,
                categories: periods, lines: lines)
        }
        let auc = byPeriod("AUC by period", yAxis: AxisSpec(title: "AUC (0.5 = chance)", format: .number(decimals: 2), ratio: true), \.auc)
        blocks.append(
            ReportSection.figure(
                "Backtest: AUC by period, Success Vector vs baselines", svg: auc.svg(),
                caption:
                    "Walk-forward (\(bt.window) window): fit on the past, score the next period. Logistic = plain L2 logistic regression on all features; health = equal-weight health score. Each line has its own marker; lines that coincide are named in the legend."
            ))
        let brier = byPeriod(
            "Brier score by period", yAxis: AxisSpec(title: "Brier score (lower is better)", format: .number(decimals: 3), ratio: true),
            \.brier)
        blocks.append(
            ReportSection.figure(
                "Backtest: Brier score by period", svg: brier.svg(), caption: "Mean squared error of the churn probability; lower is better."))
        var rows: [[String]] = []
        var cells: [[String]] = []
        var classes: [String] = []
        for p in bt.periods {
            for r in p.results {
                rows.append(metricsRow(p.period.label, r))
                cells.append(metricsCells(r))
                classes.append("")
            }
        }
        for r in bt.overall {
            rows.append(metricsRow("all periods", r))
            cells.append(metricsCells(r))
            classes.append("rollup")
        }
        blocks.append(
            ReportSection.table(
                "Backtest metrics by period",
                HTMLTable(
                    header: [
                        "Period", "Model", "Rows", "Churn rate", "AUC", "AUC 95% CI", "Brier", "Log loss", "Calibration error", "Top-decile lift",
                        "Why too few",
                    ],
                    rows: rows, rowClasses: classes, cellClasses: cells, numericColumns: Set(2...9)),
                note:
                    "Intervals: DeLong for one period's AUC, a customer bootstrap for all periods pooled. Greyed values come from too small a sample (fewer than \(SampleSufficiency.minimumEvents) churn events or \(SampleSufficiency.minimumCustomers) customers) and are not verdicts."
            ))
        return blocks
    }

    static func reliabilityMax(_ bins: [ClassifierCurves.ReliabilityBin]) -> Double {
        let top = bins.flatMap { [$0.meanProbability, $0.churnRate] }.max() ?? 1
        let ticks = Ticks.nice(low: 0, high: max(0.01, top), target: 5)
        return min(1, ticks.last ?? 1)
    }

    static func metricsRow(_ period: String, _ r: BacktestModelResult) -> [String] {
        let m = r.metrics
        let e = r.estimates
        let range =
            e.auc.interval.map { "\(ReportFormat.number($0.low, decimals: 3))–\(ReportFormat.number($0.high, decimals: 3))" } ?? ReportFormat.missing
        return [
            period, modelName(r.model), ReportFormat.count(m.rows), ReportFormat.percent(m.churnRate),
            ReportFormat.number(m.auc, decimals: 3), range, ReportFormat.number(m.brier, decimals: 4), ReportFormat.number(m.logLoss, decimals: 4),
            ReportFormat.number(m.expectedCalibrationError, decimals: 3), ReportFormat.number(m.topDecileLift, decimals: 2),
            e.auc.reason ?? e.brier.reason ?? "",
        ]
    }

    /// Greys AUC (and its interval), Brier and log loss when their sample is too small.
    static func metricsCells(_ r: BacktestModelResult) -> [String] {
        let e = r.estimates
        let auc = e.auc.insufficient ? "insufficient" : ""
        let loss = e.brier.insufficient ? "insufficient" : ""
        return ["", "", "", "", auc, auc, loss, e.logLoss.insufficient ? "insufficient" : "", "", "", "reason"]
    }
}
