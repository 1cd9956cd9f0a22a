import BearingPanel
import BearingVector
import Dispatch
import Foundation

extension Backtest {
    /// One forecast period of a walk-forward: what is fitted on and what is judged.
    struct Forecast: Sendable {
        var period: Period
        var window: [Period]
        /// Training periods (indices into the session's `PeriodOrderedRows.periods`).
        var training: Range<Int>
        var trainingRows: Int
        var test: [Int32]
    }

    /// For each period t after `minimumTrainingPeriods`: every model fitted on the window's
    /// periods before t, then judged on t's rows.
    ///
    /// Three stages, each with the same results as fitting and judging one period after another:
    /// - the forecasts (training range, rows to judge) or the reason a period is skipped, which
    ///   depend on the panel only;
    /// - the fits of every period, period after period (`FitSession`: fits warm-start from the
    ///   previous period's and the vector's validation folds are fitted once). The vector model
    ///   and the baselines never share a warm start, so the baselines' sequence runs on a second
    ///   thread beside the vector's, which is most of the work;
    /// - the scoring and metrics of every period, in parallel, pooled in period order.
    ///
    /// The first error in period order is thrown (in a period: the vector's fit, the baselines',
    /// then scoring), as if the periods had run one after another.
    static func walkForward(
        _ panel: HistoryPanel, options: BacktestOptions, models: [ModelKind], pool: inout Pool, renewal: inout RenewalTally,
        progress: ((Period, ModelKind) -> Void)?
    ) throws(CalibrationError) -> ([BacktestPeriod], [SkippedPeriod]) {
        let data = PeriodOrderedRows(panel: panel, rows: Array(0..<Int32(panel.rowCount)))
        let (forecasts, skipped) = try plan(panel, data: data, options: options, renewal: &renewal)
        let fitted = fitEvery(forecasts, data: data, models: models, options: options.calibration) { k in
            for model in models { progress?(forecasts[k].period, model) }
        }
        let threads = options.calibration.threads ?? ProcessInfo.processInfo.activeProcessorCount
        let fits = fitted.fits
        let confidence = options.bootstrap.confidence
        // One task per period; its models score one after another on one thread.
        let scores = ParallelWork.map(count: fits.count, threads: threads) { k in
            Pool.Scores(fits[k], models: models, panel: panel, test: forecasts[k].test, threads: 1, confidence: confidence)
        }
        var results: [BacktestPeriod] = []
        for (k, forecast) in forecasts.enumerated() {
            guard k < fits.count else { break }
            let periodResults = try pool.record(scores[k], fits: fits[k], label: forecast.period.label)
            results.append(
                BacktestPeriod(
                    period: forecast.period, trainingPeriods: forecast.window, trainingRows: forecast.trainingRows,
                    rows: forecast.test.count, results: periodResults))
        }
        if let failure = fitted.failure { throw failure }
        guard !results.isEmpty else {
            let reasons = skipped.map { "\($0.period.label): \($0.reason)" }.joined(separator: "; ")
            throw .nothingBacktested("every forecast period was skipped (\(reasons)); " + snapshotAdvice)
        }
        return (results, skipped)
    }

    /// The forecast periods of a walk-forward, and the periods skipped with their reasons.
    private static func plan(
        _ panel: HistoryPanel, data: PeriodOrderedRows, options: BacktestOptions, renewal: inout RenewalTally
    ) throws(CalibrationError) -> ([Forecast], [SkippedPeriod]) {
        let index = PanelIndex(panel)
        let periods = index.periods
        guard periods.count > options.minimumTrainingPeriods else {
            let what =
                periods.count == 1
                ? "the history has one period, so no period has a past to fit on; " + snapshotAdvice
                : "the history has \(periods.count) period(s) and a walk-forward needs more than \(options.minimumTrainingPeriods) "
                    + "(--min-training-periods) so that at least one period can be forecast; " + snapshotAdvice
            throw .nothingBacktested(what)
        }
        var forecasts: [Forecast] = []
        var skipped: [SkippedPeriod] = []
        for k in options.minimumTrainingPeriods..<periods.count {
            let period = periods[k]
            let window = options.window.trainingPeriods(periods, before: k)
            // Rows whose outcome is unknown (a period still running) are neither fitted nor judged.
            let known = panel.rowsWithKnownOutcome(index.rows(in: period))
            guard !known.isEmpty else {
                skipped.append(SkippedPeriod(period: period, reason: "no row of this period has a known outcome (still running)"))
                continue
            }
            let test = options.renewalsOnly ? renewal.filter(known, panel: panel) : known
            guard !test.isEmpty else {
                skipped.append(SkippedPeriod(period: period, reason: "no row is up for renewal in this period (renewal_date within it)"))
                continue
            }
            let training = data.periodIndex(atOrAfter: window.first ?? period)..<data.periodIndex(atOrAfter: period)
            let positions = data.positions(periods: training)
            let trainChurn = data.churned(positions)
            guard trainChurn > 0, trainChurn < positions.count else {
                skipped.append(
                    SkippedPeriod(
                        period: period,
                        reason: "training periods have \(trainChurn) churned of \(positions.count) rows; both outcomes are needed"))
                continue
            }
            forecasts.append(
                Forecast(period: period, window: window, training: training, trainingRows: positions.count, test: test))
        }
        return (forecasts, skipped)
    }

    /// The fits of the forecasts up to the first that failed, and that failure.
    struct FitSequence: Sendable {
        var fits: [[ModelKind: ModelFit]] = []
        var failure: CalibrationError?

        /// Forecast after forecast on one `FitSession`, stopping at the first error.
        ///
        /// The vector's threshold search of each forecast runs on a second thread while the
        /// next forecasts are fitted: no later fit reads the thresholds, and the fold fits of
        /// the choice of C leave a core idle between their passes.
        init(
            _ forecasts: [Forecast], data: PeriodOrderedRows, models: [ModelKind], options: CalibrationOptions,
            share: ThreadShare? = nil, before: (Int) -> Void = { _ in }
        ) {
            defer { share?.finished() }
            guard !models.isEmpty else { return }
            var session = FitSession(data: data, options: options, walkForward: true, defersThresholds: true, share: share)
            var searches: [(forecast: Int, search: BackgroundResult<ModelFit>)] = []
            for (k, forecast) in forecasts.enumerated() {
                before(k)
                do throws(CalibrationError) {
                    var fitted = try session.fit(models, periods: forecast.training)
                    if let vector = fitted[.vector], vector.pendingThresholds != nil {
                        fitted[.vector] = nil
                        searches.append(
                            (
                                k,
                                BackgroundResult {
                                    var complete = vector
                                    complete.completeThresholds()
                                    return complete
                                }
                            ))
                    }
                    fits.append(fitted)
                } catch {
                    failure = error
                    break
                }
            }
            for (k, search) in searches { fits[k][.vector] = search.value() }
        }

        /// Both sequences' fits up to the first forecast either failed at; at one forecast the
        /// vector's failure comes first, as it did when one session fitted both.
        init(vector: FitSequence, baselines: FitSequence, hasVector: Bool, hasBaselines: Bool) {
            let counts = [hasVector ? vector.fits.count : nil, hasBaselines ? baselines.fits.count : nil].compactMap { $0 }
            let count = counts.min() ?? 0
            fits = (0..<count).map { k in
                var merged = hasVector ? vector.fits[k] : [:]
                if hasBaselines { merged.merge(baselines.fits[k]) { a, _ in a } }
                return merged
            }
            if hasVector, vector.failure != nil, vector.fits.count == count {
                failure = vector.failure
            } else if hasBaselines, baselines.failure != nil, baselines.fits.count == count {
                failure = baselines.failure
            }
        }
    }

    /// Every forecast's fits: the vector's sequence on this thread (calling `before` ahead of
    /// each forecast), the baselines' on a second thread.
    static func fitEvery(
        _ forecasts: [Forecast], data: PeriodOrderedRows, models: [ModelKind], options: CalibrationOptions,
        before: (Int) -> Void
    ) -> FitSequence {
        let hasVector = models.contains(.vector)
        let baselineModels = models.filter { $0 != .vector }
        guard hasVector, !baselineModels.isEmpty else {
            return FitSequence(forecasts, data: data, models: models, options: options, before: before)
        }
        let share = ThreadShare(total: options.threads ?? ProcessInfo.processInfo.activeProcessorCount, sequences: 2)
        let background = BackgroundResult {
            FitSequence(forecasts, data: data, models: baselineModels, options: options, share: share)
        }
        let vector = FitSequence(forecasts, data: data, models: [.vector], options: options, share: share, before: before)
        let baselines = background.value() ?? FitSequence(forecasts, data: data, models: baselineModels, options: options)
        return FitSequence(vector: vector, baselines: baselines, hasVector: true, hasBaselines: true)
    }
}
