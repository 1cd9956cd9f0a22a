import BearingCalibration
import BearingContracts
import BearingMetrics
import BearingPanel
import BearingVector

/// `backtest`: walk-forward by period — fit on the past, score the next period, compare.
public enum BacktestStage {
    /// What `backtest` writes and prints.
    public struct Output: Sendable {
        public var document: BacktestDocument
        /// `backtest.json`.
        public var files: [OutputFile]
        public var text: String
    }

    public static func run(
        history: HistoryInput, models: [ModelKind], window: BacktestWindow, minimumTrainingPeriods: Int, c: Double?,
        split: BacktestSplit = .periods, splitSeed: UInt64 = BootstrapSettings.defaultSeed, renewalsOnly: Bool = false,
        signs: HealthSignOverrides? = nil, progress: ProgressSink = .silent
    ) throws -> Output {
        let options = BacktestOptions(
            models: models, window: window, minimumTrainingPeriods: minimumTrainingPeriods,
            calibration: CalibrationOptions(
                c: c, bearingVersion: BearingVersion.current, dataFile: history.fileName, dataHash: history.sha256, healthSigns: signs),
            split: split, splitSeed: splitSeed, renewalsOnly: renewalsOnly)
        let report = try Backtest.run(history.panel, options: options) { period, model in
            progress.note("forecasting \(period.label) with \(model.rawValue)")
        }
        let document = BacktestDocument(
            bearingVersion: BearingVersion.current, history: history.path, historyHash: history.sha256, backtest: report)
        return Output(
            document: document, files: [try OutputFile.json(BacktestDocument.fileName, document)],
            text: report.renderTable())
    }
}
