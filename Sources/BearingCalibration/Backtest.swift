import BearingMetrics
import BearingPanel
import BearingVector
import Foundation

/// Settings of a walk-forward backtest.
public struct BacktestOptions: Sendable, Hashable {
    public var models: [ModelKind]
    public var window: BacktestWindow
    /// Periods of history required before the first forecast (≥ 1). With the default 2, the
    /// vector model has at least one validation fold for choosing C.
    public var minimumTrainingPeriods: Int
    public var calibration: CalibrationOptions
    /// Customer bootstrap of the pooled metrics and of the differences between models (default
    /// 1,000 resamples; `.off` reports point values only). Its threads are the calibration's.
    public var bootstrap: BootstrapSettings
    /// Walk-forward by period (default), or stratified K-fold by customer for a snapshot.
    public var split: BacktestSplit
    /// Seed of the customer split's fold assignment (`CustomerFolds`).
    public var splitSeed: UInt64
    /// Judge only rows up for renewal in their period: a `renewal_date` within the period
    /// (`HistoryPanel.contracts`). Models are still fitted on every training row.
    public var renewalsOnly: Bool

    public init(
        models: [ModelKind] = [.vector, .logistic, .health], window: BacktestWindow = .expanding,
        minimumTrainingPeriods: Int = 2, calibration: CalibrationOptions, bootstrap: BootstrapSettings = BootstrapSettings(),
        split: BacktestSplit = .periods, splitSeed: UInt64 = BootstrapSettings.defaultSeed, renewalsOnly: Bool = false
    ) {
        self.models = models
        self.window = window
        self.minimumTrainingPeriods = minimumTrainingPeriods
        self.calibration = calibration
        self.bootstrap = bootstrap
        self.split = split
        self.splitSeed = splitSeed
        self.renewalsOnly = renewalsOnly
    }
}

/// Out-of-time results of one model over a set of forecast rows.
public struct BacktestModelResult: Sendable, Hashable, Codable {
    public var model: ModelKind
    public var metrics: ClassifierSummary
    /// Ghost, negative, neutral, positive.
    public var churnByCategory: [GroupRate]
    /// Bad fit, then the four good-fit cohorts.
    public var churnByCohort: [GroupRate]
    /// Whether the categories (and so both tables above) are the model's own: only `vector`'s
    /// are; `logistic` and `health` categorise with default domain-signed vector weights, so
    /// their tables say nothing about them and are not shown.
    public var ownsCategories: Bool
    /// Whether observed churn orders ghost > negative > neutral > positive (non-empty categories).
    public var categoryOrderHolds: Bool
    /// Regularisation used (per-period results only; nil for health and for pooled results).
    public var c: Double?
    /// Reliability curve, 10 equal-width bins (pooled results only; empty per period).
    public var reliability: [ReliabilityPoint]
    /// ROC curve thinned to about 100 points (pooled results only; empty per period).
    public var roc: [ROCPoint]
    /// AUC, Brier and log loss with confidence intervals and small-sample flags: customer
    /// bootstrap when pooled, DeLong / normal intervals per period.
    public var estimates: ClassifierEstimates
}

/// One forecast period of a backtest.
public struct BacktestPeriod: Sendable, Hashable, Codable {
    public var period: Period
    public var trainingPeriods: [Period]
    public var trainingRows: Int
    public var rows: Int
    public var results: [BacktestModelResult]
}

/// A period that could not be forecast, and why.
public struct SkippedPeriod: Sendable, Hashable, Codable {
    public var period: Period
    public var reason: String
}

/// The `backtest.json` document.
public struct BacktestReport: Sendable, Hashable, Codable {
    public var models: [ModelKind]
    /// `periods` (walk-forward) or `customers:K`.
    public var split: BacktestSplit
    /// What the split validates: "out-of-time: …" or "out-of-sample, not out-of-time: …".
    public var validation: String
    public var window: BacktestWindow
    public var minimumTrainingPeriods: Int
    /// Whether only rows up for renewal in their period were judged.
    public var renewalsOnly: Bool
    /// Forecast periods of a walk-forward (empty for a customer split).
    public var periods: [BacktestPeriod]
    /// Folds of a customer split (empty for a walk-forward).
    public var folds: [BacktestFold]
    /// All forecast rows of all periods pooled, per model.
    public var overall: [BacktestModelResult]
    public var skipped: [SkippedPeriod]
    /// How each metric is defined, so the file stands on its own.
    public var definitions: [String: String]
    /// The bootstrap behind the pooled intervals and `comparisons` (0 resamples: off).
    public var bootstrap: BootstrapSettings
    /// Every pair of models on AUC, Brier and log loss: difference model − baseline with its
    /// paired customer-bootstrap interval and verdict. The baseline of a pair is `health` if it
    /// is in the pair, else `logistic`.
    public var comparisons: [MetricComparison]
    /// One verdict per pair, resting on AUC and naming where Brier and log loss disagree.
    public var verdicts: [BacktestVerdict]
    /// What the fits noted (a C at the edge of its grid, thresholds that could not order churn,
    /// …), each once, with the model and the periods or folds it applies to; and how many rows
    /// `renewalsOnly` left out.
    public var notes: [String]
}

/// Walk-forward evaluation: for each period t (after `minimumTrainingPeriods`), every model is
/// calibrated on the window's periods before t only, scores the rows of t (features at the
/// start of t) and is compared with churn during t.
public enum Backtest {
    public static let definitions: [String: String] = [
        "auc": "Mann-Whitney area under the ROC curve, ties count 1/2 (sklearn roc_auc_score)",
        "brier": "mean (p - y)^2",
        "log_loss": "mean -log p(outcome), p and 1-p clipped to [2.2e-16, 1 - 2.2e-16] (sklearn log_loss)",
        "expected_calibration_error":
            "sum over 10 equal-width probability bins of (n_bin/n) |mean p - churn rate|; bins (0.1k, 0.1(k+1)], the first closed",
        "top_decile_lift": "churn rate of the top ceil(10%) of rows by probability / overall churn rate; ties at the cut share it",
        "window": "expanding: all periods before t; rolling:N: the N periods before t",
        "estimates":
            "value with ci_low/ci_high; pooled: percentile interval of a customer bootstrap (customers resampled with all their periods); per period: DeLong interval for AUC, mean +- z s/sqrt(n) for Brier and log loss",
        "insufficient": "fewer than 10 churn events or 30 customers (AUC: also fewer than 10 retained); the value is shown but is not a verdict",
        "comparisons":
            "difference = model - baseline on the full sample; interval = percentile interval of the paired differences over the same customer-bootstrap resamples; verdict from the interval and the metric's direction (AUC higher is better, Brier and log loss lower)",
        "churn_rate_interval": "Wilson score interval of churned / rows; groups under 30 rows are marked insufficient",
    ]

    /// Runs the backtest. `progress` hears each (forecast period, model) of a walk-forward;
    /// `foldProgress` each (1-based fold, model) of a customer split.
    public static func run(
        _ panel: HistoryPanel, options: BacktestOptions, progress: ((Period, ModelKind) -> Void)? = nil,
        foldProgress: ((Int, ModelKind) -> Void)? = nil
    ) throws(CalibrationError) -> BacktestReport {
        guard !options.models.isEmpty else { throw .invalidOption("name at least one model to backtest") }
        guard options.minimumTrainingPeriods >= 1 else {
            throw .invalidOption("the minimum number of training periods must be at least 1")
        }
        if let problem = options.bootstrap.problem { throw .invalidOption(problem) }
        if options.renewalsOnly, panel.contracts == nil {
            throw .invalidOption(
                "judging renewals only needs the contract columns contract_term_months and renewal_date; the history has neither")
        }
        // A model named twice is backtested once.
        let models = options.models.reduce(into: [ModelKind]()) { if !$0.contains($1) { $0.append($1) } }
        var pool = Pool(models: models)
        var periods: [BacktestPeriod] = []
        var folds: [BacktestFold] = []
        var skipped: [SkippedPeriod] = []
        var renewal = RenewalTally()
        switch options.split {
        case .periods:
            (periods, skipped) = try walkForward(
                panel, options: options, models: models, pool: &pool, renewal: &renewal, progress: progress)
        case .customers(let k):
            folds = try customerFolds(
                panel, k: k, options: options, models: models, pool: &pool, renewal: &renewal, progress: foldProgress)
        }
        // The pooled summaries are independent per model: one task each, in model order.
        let pooled = models.compactMap { m in pool.byModel[m].flatMap { $0.labels.isEmpty ? nil : (m, $0) } }
        let threads = options.calibration.threads ?? ProcessInfo.processInfo.activeProcessorCount
        let summaries = ParallelWork.map(count: pooled.count, threads: threads) { i -> Result<BacktestModelResult, CalibrationError> in
            let (model, p) = pooled[i]
            do throws(CalibrationError) {
                try ClassifierMetrics.check(p.labels, p.probabilities)
                // One sort of the pooled rows serves AUC, lift and the ROC curve.
                let order = ScoreOrder.descending(p.probabilities)
                var result = try summarise(
                    model: model, labels: p.labels, probabilities: p.probabilities, categories: p.categories, cohorts: p.cohorts,
                    order: order)
                result.reliability = try ClassifierMetrics.reliabilityCurve(labels: p.labels, probabilities: p.probabilities)
                result.roc = ClassifierMetrics.thinned(
                    ClassifierMetrics.rocCurve(labels: p.labels, scores: p.probabilities, order: order, dropIntermediate: true))
                return .success(result)
            } catch {
                return .failure(error)
            }
        }
        var overall: [BacktestModelResult] = []
        for summary in summaries { overall.append(try summary.get()) }
        let scored = pooled.map { $0.1.probabilities }
        let labels = overall.first.map { pool.byModel[$0.model]?.labels ?? [] } ?? []
        let assessment = try assess(
            overall: overall, customers: pool.customers, labels: labels, probabilities: scored,
            settings: options.bootstrap, threads: threads)
        var notes = pool.notes.lines
        if options.renewalsOnly { notes.append(renewal.note) }
        return BacktestReport(
            models: options.models, split: options.split,
            validation: options.split.validation(window: options.window, seed: options.splitSeed), window: options.window,
            minimumTrainingPeriods: options.minimumTrainingPeriods, renewalsOnly: options.renewalsOnly, periods: periods,
            folds: folds, overall: assessment.overall, skipped: skipped, definitions: definitions, bootstrap: options.bootstrap,
            comparisons: assessment.comparisons, verdicts: assessment.verdicts, notes: notes)
    }

    /// What a one-period history should use instead of a walk-forward.
    static let snapshotAdvice =
        "for a one-period snapshot (one row per customer and a churn flag) validate out of sample instead, "
        + "with --split customers:5 (stratified 5-fold by customer; out-of-sample, not out-of-time)"

    /// Stratified K-fold by customer: for each fold, every model fitted on the other folds'
    /// customers (all their periods) and judged on the fold's rows.
    static func customerFolds(
        _ panel: HistoryPanel, k: Int, options: BacktestOptions, models: [ModelKind], pool: inout Pool,
        renewal: inout RenewalTally, progress: ((Int, ModelKind) -> Void)?
    ) throws(CalibrationError) -> [BacktestFold] {
        let rows = panel.rowsWithKnownOutcome(Array(0..<Int32(panel.rowCount)))
        guard !rows.isEmpty else { throw .nothingBacktested("no row of the history has a known outcome") }
        let assignment = try CustomerFolds(panel: panel, rows: rows, k: k, seed: options.splitSeed)
        var folds: [BacktestFold] = []
        for f in 0..<k {
            let (training, known) = assignment.split(rows, panel: panel, fold: f)
            let test = options.renewalsOnly ? renewal.filter(known, panel: panel) : known
            guard !test.isEmpty else { continue }
            for model in models { progress?(f + 1, model) }
            var session = FitSession(data: PeriodOrderedRows(panel: panel, rows: training), options: options.calibration)
            let fits = try session.fit(models, periods: 0..<session.data.periods.count)
            let results = try pool.add(
                fits, models: models, panel: panel, test: test, threads: options.calibration.threads ?? ProcessInfo.processInfo.activeProcessorCount,
                confidence: options.bootstrap.confidence, label: "fold \(f + 1)")
            folds.append(
                BacktestFold(
                    fold: f + 1, customers: assignment.customers[f], trainingRows: training.count, rows: test.count, results: results))
        }
        guard !folds.isEmpty else {
            throw .nothingBacktested("no row is up for renewal in its period (renewal_date within the period)")
        }
        return folds
    }

    /// Pooled estimates with their intervals, and every pair of models compared, from one paired
    /// customer bootstrap. `overall[m]` was computed from `probabilities[m]`; all share `labels`
    /// and the row-to-customer map `customers`.
    static func assess(
        overall: [BacktestModelResult], customers: [Int32], labels: [Bool], probabilities: [[Double]],
        settings: BootstrapSettings, threads: Int
    ) throws(CalibrationError) -> (overall: [BacktestModelResult], comparisons: [MetricComparison], verdicts: [BacktestVerdict]) {
        let distinct = Set(customers).count
        var replicates: BootstrapReplicates?
        if settings.isOn, !labels.isEmpty {
            let bootstrap = try CustomerBootstrap(customers: customers, labels: labels, probabilities: probabilities)
            replicates = bootstrap.run(resamples: settings.resamples, seed: settings.seed, threads: threads)
        }
        var results = overall
        for i in results.indices {
            if let replicates {
                results[i].estimates = ClassifierEstimates.bootstrapped(
                    summary: results[i].metrics, customers: distinct, replicates: replicates, model: i,
                    confidence: settings.confidence)
            } else {
                results[i].estimates = ClassifierEstimates.withoutIntervals(summary: results[i].metrics, customers: distinct)
            }
        }
        var comparisons: [MetricComparison] = []
        var verdicts: [BacktestVerdict] = []
        for (model, baseline) in pairs(results.map(\.model)) {
            let metrics: [ComparedMetric] = [.auc, .brier, .logLoss]
            let pair = metrics.map { metric in
                let a = results[model].estimates[metric]
                let b = results[baseline].estimates[metric]
                let difference = (a?.value ?? .nan) - (b?.value ?? .nan)
                return MetricComparison(
                    model: results[model].model.rawValue, baseline: results[baseline].model.rawValue, metric: metric,
                    difference: difference,
                    interval: replicates?.differenceInterval(metric, model: model, baseline: baseline, confidence: settings.confidence),
                    confidence: settings.confidence, insufficientBecause: a?.reason ?? b?.reason)
            }
            comparisons += pair
            verdicts.append(
                BacktestVerdict(
                    model: results[model].model, baseline: results[baseline].model, primary: pair[0],
                    secondary: Array(pair.dropFirst())))
        }
        return (results, comparisons, verdicts)
    }

    /// (model, baseline) index pairs: every two distinct models, the baseline being the one
    /// more of a reference (health, then logistic, then vector); pairs against health first.
    static func pairs(_ models: [ModelKind]) -> [(Int, Int)] {
        func rank(_ kind: ModelKind) -> Int {
            switch kind {
            case .health: 0
            case .logistic: 1
            case .vector: 2
            }
        }
        var out: [(Int, Int)] = []
        for i in models.indices {
            for j in models.indices where j > i && models[i] != models[j] {
                out.append(rank(models[i]) < rank(models[j]) ? (j, i) : (i, j))
            }
        }
        return out.sorted { a, b in
            let (ra, rb) = (rank(models[a.1]), rank(models[b.1]))
            return ra != rb ? ra < rb : (a.0 != b.0 ? a.0 < b.0 : a.1 < b.1)
        }
    }

    /// One model's results on `labels`; `order` is the rows in descending probability order
    /// when the caller has it (`ScoreOrder.descending`), else it is found here.
    static func summarise(
        model: ModelKind, labels: [Bool], probabilities: [Double], categories: [VectorCategory], cohorts: [Cohort],
        order: [Int]? = nil
    ) throws(CalibrationError) -> BacktestModelResult {
        let byCategory = GroupRates.byCategory(categories: categories, labels: labels, probabilities: probabilities)
        try ClassifierMetrics.check(labels, probabilities)
        let summary = try ClassifierSummary(
            labels: labels, probabilities: probabilities, order: order ?? ScoreOrder.descending(probabilities))
        return BacktestModelResult(
            model: model, metrics: summary,
            churnByCategory: byCategory,
            churnByCohort: GroupRates.byCohort(cohorts: cohorts, labels: labels, probabilities: probabilities),
            ownsCategories: model == .vector, categoryOrderHolds: GroupRates.orderHolds(byCategory), c: nil, reliability: [],
            roc: [], estimates: .withoutIntervals(summary: summary, customers: labels.count))
    }
}
