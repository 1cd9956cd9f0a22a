// bench-backtest: the walk-forward backtest (`bearing backtest`'s library call) on a history.
//
//   cd Benchmarks && swift run -c release bench-backtest HISTORY [--models vector,logistic,health]
//       [--runs 3] [--threads N] [--resamples 1000] [--json OUT.json]
//
// Reads HISTORY once (not timed), then runs `Backtest.run` `runs` times with the default
// options (expanding window, 2 training periods, vector C cross-validated over the default
// grid, customer bootstrap with `resamples` resamples) and prints the wall and CPU time of
// each run, and the pooled AUC per model. With --json the last run's backtest.json bytes are
// written, so two builds can be compared (`compare_backtest.py --diff A B`).
import BearingCalibration
import BearingMetrics
import BearingPanel
import BearingVector
import Foundation

let arguments = CommandLine.arguments
func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}
guard arguments.count > 1, !arguments[1].hasPrefix("--") else {
    print("usage: bench-backtest HISTORY [--models vector,logistic,health] [--runs 3] [--threads N] [--resamples 1000] [--json OUT]")
    exit(2)
}
let path = arguments[1]
let models = (option("--models") ?? "vector,logistic,health").split(separator: ",").compactMap { ModelKind(rawValue: String($0)) }
let runs = option("--runs").flatMap { Int($0) } ?? 3
let threads = option("--threads").flatMap { Int($0) }
let resamples = option("--resamples").flatMap { Int($0) } ?? BootstrapSettings.defaultResamples

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// CPU seconds of the whole process (all threads).
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
}

let loadStart = ContinuousClock.now
let panel = try HistoryCSVReader.read(contentsOf: URL(fileURLWithPath: path))
let loadTime = seconds(ContinuousClock.now - loadStart)
let periods = panel.distinctPeriods
print("bench-backtest: \(path): \(panel.rowCount) rows, \(panel.features.count) features, \(periods.count) periods "
    + "(\(periods.first?.label ?? "-")...\(periods.last?.label ?? "-")), read in \(String(format: "%.2f", loadTime)) s")
print("  models \(models.map(\.rawValue).joined(separator: ",")), threads \(threads.map(String.init) ?? "all (\(ProcessInfo.processInfo.activeProcessorCount))"), "
    + "bootstrap \(resamples) resamples, best of \(runs)")
let options = BacktestOptions(
    models: models, calibration: CalibrationOptions(threads: threads, bearingVersion: "bench"),
    bootstrap: BootstrapSettings(resamples: resamples))
var last: BacktestReport?
var walls: [Double] = []
for run in 1...runs {
    let t0 = ContinuousClock.now
    let c0 = cpuSeconds()
    let report = try Backtest.run(panel, options: options)
    let wall = seconds(ContinuousClock.now - t0)
    let cpu = cpuSeconds() - c0
    walls.append(wall)
    print(String(format: "  run %d: %7.3f s wall, %7.3f s CPU", run, wall, cpu))
    last = report
}
if let report = last {
    print(String(format: "  best %.3f s wall", walls.min() ?? .nan))
    for r in report.overall {
        print("  \(r.model.rawValue): pooled AUC \(String(format: "%.6f", r.metrics.auc)), Brier \(String(format: "%.6f", r.metrics.brier)), "
            + "C per period \(report.periods.compactMap { p in p.results.first { $0.model == r.model }?.c }.map { String($0) }.joined(separator: " "))")
    }
    if let out = option("--json") {
        try report.jsonData().write(to: URL(fileURLWithPath: out))
        print("  wrote \(out)")
    }
}
