import BearingContracts
import Foundation

/// Runs the workbench's stages one after another under one output folder: each stage's name,
/// equivalent arguments and wall time are recorded, progress is announced, and a failure names
/// its stage.
final class WorkbenchStages {
    let root: URL
    /// The output folder as given (for the text the user reads).
    let out: String
    let progress: ProgressSink
    let total: Int
    private(set) var records: [WorkbenchRecord.Stage] = []
    private(set) var skipped: [String] = []
    let started = Date()

    init(out: String, total: Int, progress: ProgressSink) {
        root = URL(fileURLWithPath: out, isDirectory: true)
        self.out = out
        self.total = total
        self.progress = progress
    }

    /// `name` under the output folder.
    func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    func run<T>(_ name: String, _ arguments: [String], _ body: () throws -> T) throws -> T {
        progress.note("[\(records.count + 1)/\(total)] \(name)…")
        let t0 = Date()
        let value: T
        do {
            value = try body()
        } catch {
            throw ContractError(path: "", message: "workbench stage '\(name)' failed: \(error)")
        }
        let seconds = Date().timeIntervalSince(t0)
        records.append(.init(name: name, seconds: (seconds * 1000).rounded() / 1000, arguments: arguments))
        progress.note("[\(records.count)/\(total)] \(name) done in \(String(format: "%.1f", seconds)) s")
        return value
    }

    /// A stage left out, with what to add to run it.
    func skip(_ reason: String) {
        skipped.append(reason)
        progress.note("skipped: \(reason)")
    }

    /// `workbench.json` and the text the command prints.
    func finish(scenario: String?, history: String?, seed: UInt64, report: String, extra: String = "") throws -> (WorkbenchRecord, String) {
        let seconds = Date().timeIntervalSince(started)
        let record = WorkbenchRecord(
            bearingVersion: BearingVersion.current, scenario: scenario, history: history, seed: seed, stages: records,
            skipped: skipped, totalSeconds: (seconds * 1000).rounded() / 1000, report: report)
        try OutputFolder.write(try ContractJSON.encode(record), to: path(WorkbenchRecord.fileName))
        var text = "Workbench on \(scenario ?? history ?? "") (seed \(seed)) finished in \(String(format: "%.1f", seconds)) s:\n"
        let width = records.map(\.name.count).max() ?? 0
        for s in records { text += "  " + TextTable.pad(s.name, width) + String(format: " %6.1f s", s.seconds) + "\n" }
        for reason in skipped { text += "  skipped: \(reason)\n" }
        text += extra
        text += "Report: \(report)\n"
        let listed = ["simulate", "quality", "fit", "calibrate", "backtest", "score", "forecast", "compare-forecasts", "comp"]
            .filter { FileManager.default.fileExists(atPath: path($0)) }
        text += "Outputs: \(out)/{\(listed.joined(separator: ","))}, timings in \(out)/\(WorkbenchRecord.fileName)\n"
        return (record, text)
    }
}
