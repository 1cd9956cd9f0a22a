import ArgumentParser
import BearingCalibration
import BearingPanel
import BearingVector
import Foundation

/// `bearing backtest HISTORY --models vector,logistic,health --out DIR [--window expanding|rolling:N]`
public struct BacktestCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Walk-forward backtest: fit on the past, forecast each next period's churn, compare.",
        discussion: """
            For every period t after the first --min-training-periods, each model is calibrated \
            on the periods before t only (all of them, or the last N with --window rolling:N), \
            scores the rows of t and is compared with churn in t: AUC, Brier score, log loss, \
            expected calibration error (10 equal-width bins), top-decile lift, and churn rate by \
            vector category (expected ghost > negative > neutral > positive) and by cohort, per \
            period and pooled. Writes DIR/backtest.json and prints the tables.

            Example:
              bearing backtest history.csv --models vector,logistic,health --out backtest/
            """)

    @Argument(help: "History panel CSV.")
    var history: String

    @Option(help: "Comma-separated models: vector, logistic, health.")
    var models: String = "vector,logistic,health"

    @Option(help: "Output directory (created if needed); backtest.json is written there.")
    var out: String

    @Option(help: "expanding (all past periods) or rolling:N (the last N periods).")
    var window: String = "expanding"

    @Option(help: "Periods of history before the first forecast.")
    var minTrainingPeriods: Int = 2

    @Option(name: .customLong("c"), help: "Fix C for vector and logistic (default: logistic 1, vector cross-validated).")
    var c: Double?

    @Flag(help: "No progress on stderr.")
    var quiet = false

    public init() {}

    public func validate() throws {
        _ = try parsedModels()
        guard BacktestWindow(argument: window) != nil else {
            throw ValidationError("--window must be expanding or rolling:N with N >= 1, got '\(window)'")
        }
        guard minTrainingPeriods >= 1 else { throw ValidationError("--min-training-periods must be at least 1") }
        if let c, !(c > 0 && c.isFinite) { throw ValidationError("--c must be a positive number, got \(c)") }
    }

    func parsedModels() throws -> [ModelKind] {
        let list = try models.split(separator: ",").map { try CalibrationCommandSupport.model(String($0)) }
        guard !list.isEmpty else { throw ValidationError("--models needs at least one of vector, logistic, health") }
        guard Set(list).count == list.count else { throw ValidationError("--models names a model twice: \(models)") }
        return list
    }

    public func run() throws {
        guard let w = BacktestWindow(argument: window) else { throw ValidationError("bad --window \(window)") }
        let text = try Self.backtest(
            history: history, models: parsedModels(), window: w, minTrainingPeriods: minTrainingPeriods, c: c, out: out,
            quiet: quiet)
        print(text, terminator: "")
    }

    static func backtest(
        history: String, models: [ModelKind], window: BacktestWindow, minTrainingPeriods: Int, c: Double?, out: String,
        quiet: Bool
    ) throws -> String {
        let progress = CalibrationCommandSupport.progressEnabled(quiet: quiet)
        if progress { CalibrationCommandSupport.note("reading \(history)") }
        let (panel, hash) = try CalibrationCommandSupport.readHistory(history)
        let options = BacktestOptions(
            models: models, window: window, minimumTrainingPeriods: minTrainingPeriods,
            calibration: CalibrationOptions(
                c: c, bearingVersion: BearingVersion.current, dataFile: URL(fileURLWithPath: history).lastPathComponent,
                dataHash: hash))
        let report = try Backtest.run(panel, options: options) { period, model in
            if progress { CalibrationCommandSupport.note("forecasting \(period.label) with \(model.rawValue)") }
        }
        let directory = URL(fileURLWithPath: out, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw CalibrationCommandError(description: "cannot create output directory \(out): \(error.localizedDescription)")
        }
        let destination = directory.appendingPathComponent("backtest.json")
        try AtomicOutput.write([UInt8](report.jsonData()), to: destination)
        return report.renderTable() + "\nwrote \(destination.path)\n"
    }
}
