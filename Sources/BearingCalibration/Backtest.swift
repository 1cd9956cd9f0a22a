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

    public init(
        models: [ModelKind] = [.vector, .logistic, .health], window: BacktestWindow = .expanding,
        minimumTrainingPeriods: Int = 2, calibration: CalibrationOptions
    ) {
        self.models = models
        self.window = window
        self.minimumTrainingPeriods = minimumTrainingPeriods
        self.calibration = calibration
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
    /// Whether observed churn orders ghost > negative > neutral > positive (non-empty categories).
    public var categoryOrderHolds: Bool
    /// Regularisation used (per-period results only; nil for health and for pooled results).
    public var c: Double?
    /// Reliability curve, 10 equal-width bins (pooled results only; empty per period).
    public var reliability: [ReliabilityPoint]
    /// ROC curve thinned to about 100 points (pooled results only; empty per period).
    public var roc: [ROCPoint]
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
    public var window: BacktestWindow
    public var minimumTrainingPeriods: Int
    public var periods: [BacktestPeriod]
    /// All forecast rows of all periods pooled, per model.
    public var overall: [BacktestModelResult]
    public var skipped: [SkippedPeriod]
    /// How each metric is defined, so the file stands on its own.
    public var definitions: [String: String]
}

/// Walk-forward evaluation: for each period t (after `minimumTrainingPeriods`), every model is
/// calibrated on the window's periods before t only, scores the rows of t (features at the
/// start of t) and is compared with churn during t.
public enum Backtest {
    public static let definitions: [String: String] = [
        "auc": "Mann-Whitney area under the ROC curve, ties count 1/2 (sklearn roc_auc_score)",
        "brier": "mean (p - y)^2",
        "logLoss": "mean -log p(outcome), p and 1-p clipped to [2.2e-16, 1 - 2.2e-16] (sklearn log_loss)",
        "expectedCalibrationError": "sum over 10 equal-width probability bins of (n_bin/n) |mean p - churn rate|; bins (0.1k, 0.1(k+1)], the first closed",
        "topDecileLift": "churn rate of the top ceil(10%) of rows by probability / overall churn rate; ties at the cut share it",
        "window": "expanding: all periods before t; rolling:N: the N periods before t",
    ]

    public static func run(
        _ panel: HistoryPanel, options: BacktestOptions, progress: ((Period, ModelKind) -> Void)? = nil
    ) throws(CalibrationError) -> BacktestReport {
        guard !options.models.isEmpty else { throw .invalidOption("name at least one model to backtest") }
        guard options.minimumTrainingPeriods >= 1 else {
            throw .invalidOption("the minimum number of training periods must be at least 1")
        }
        let index = PanelIndex(panel)
        let periods = index.periods
        guard periods.count > options.minimumTrainingPeriods else {
            throw .noTrainingRows(
                "the panel has \(periods.count) period(s); a backtest needs more than \(options.minimumTrainingPeriods) "
                    + "(the training minimum) so at least one period can be forecast")
        }
        var pooled: [ModelKind: (labels: [Bool], probabilities: [Double], categories: [VectorCategory], cohorts: [Cohort])] = [:]
        var results: [BacktestPeriod] = []
        var skipped: [SkippedPeriod] = []
        for k in options.minimumTrainingPeriods..<periods.count {
            let period = periods[k]
            let window = options.window.trainingPeriods(periods, before: k)
            var train: [Int32] = []
            for p in window { train.append(contentsOf: index.rows(in: p)) }
            train.sort()
            // Rows whose outcome is unknown (a period still running) are neither fitted nor judged.
            train = panel.rowsWithKnownOutcome(train)
            let test = panel.rowsWithKnownOutcome(index.rows(in: period))
            guard !test.isEmpty else {
                skipped.append(SkippedPeriod(period: period, reason: "no row of this period has a known outcome (still running)"))
                continue
            }
            let trainChurn = train.reduce(0) { $0 + (panel.churned[Int($1)] ? 1 : 0) }
            guard trainChurn > 0, trainChurn < train.count else {
                skipped.append(SkippedPeriod(
                    period: period, reason: "training periods have \(trainChurn) churned of \(train.count) rows; both outcomes are needed"))
                continue
            }
            let labels = test.map { panel.churned[Int($0)] }
            var periodResults: [BacktestModelResult] = []
            for model in options.models {
                progress?(period, model)
                let calibration = try Calibrator.calibrate(panel, model: model, rows: train, options: options.calibration)
                let scored = try Scoring.score(panel, rows: test, weights: calibration.weights, threads: options.calibration.threads ?? 1)
                var result = try summarise(
                    model: model, labels: labels, probabilities: scored.probabilities, categories: scored.categories,
                    cohorts: scored.cohorts)
                result.c = calibration.report.c
                periodResults.append(result)
                var p = pooled[model] ?? ([], [], [], [])
                p.labels += labels
                p.probabilities += scored.probabilities
                p.categories += scored.categories
                p.cohorts += scored.cohorts
                pooled[model] = p
            }
            results.append(BacktestPeriod(
                period: period, trainingPeriods: window, trainingRows: train.count, rows: test.count, results: periodResults))
        }
        var overall: [BacktestModelResult] = []
        for model in options.models {
            guard let p = pooled[model] else { continue }
            var result = try summarise(
                model: model, labels: p.labels, probabilities: p.probabilities, categories: p.categories, cohorts: p.cohorts)
            result.reliability = try ClassifierMetrics.reliabilityCurve(labels: p.labels, probabilities: p.probabilities)
            result.roc = ClassifierMetrics.thinned(try ClassifierMetrics.rocCurve(labels: p.labels, scores: p.probabilities))
            overall.append(result)
        }
        return BacktestReport(
            models: options.models, window: options.window, minimumTrainingPeriods: options.minimumTrainingPeriods,
            periods: results, overall: overall, skipped: skipped, definitions: definitions)
    }

    static func summarise(
        model: ModelKind, labels: [Bool], probabilities: [Double], categories: [VectorCategory], cohorts: [Cohort]
    ) throws(CalibrationError) -> BacktestModelResult {
        let byCategory = GroupRates.byCategory(categories: categories, labels: labels, probabilities: probabilities)
        return BacktestModelResult(
            model: model, metrics: try ClassifierSummary(labels: labels, probabilities: probabilities),
            churnByCategory: byCategory,
            churnByCohort: GroupRates.byCohort(cohorts: cohorts, labels: labels, probabilities: probabilities),
            categoryOrderHolds: GroupRates.orderHolds(byCategory), c: nil, reliability: [], roc: [])
    }
}
