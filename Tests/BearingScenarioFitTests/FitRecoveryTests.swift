import BearingFiles
import BearingPanel
import BearingScenarioFit
import BearingSimulation
import Foundation
import Testing

/// The recovery check of `Tests/recovery/check_fit_scenario.sh` (heavy: off unless
/// `BEARING_FIT_RECOVERY` is set). For every bundled scenario (`Scenarios/*.yaml` except the
/// milestone catalogues and plans): take a simulated history (seed 42, trial 0: read from
/// `$BEARING_FIT_RECOVERY_DIR/<name>/history.csv` when the script wrote it with a bearing
/// binary, else simulated here), fit a scenario to it, simulate 50 trials of the fit with
/// another seed, and check that per segment the P5–P95 band of NRR, GRR and logo retention
/// covers the history's value and that churn by vector category keeps the history's order.
/// Prints the fitted-vs-history table.
struct FitRecoveryTests {
    static let enabled = ProcessInfo.processInfo.environment["BEARING_FIT_RECOVERY"] != nil
    static let historySeed: UInt64 = 42
    static let comparisonSeed: UInt64 = 1001
    static let trials = 50

    /// Bundled scenarios: every `Scenarios/*.yaml` that is not a milestone catalogue.
    static var scenarioNames: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: FitTestScenarios.bundledDirectory.path)) ?? []
        return files.filter { $0.hasSuffix(".yaml") && !$0.hasPrefix("milestones") }.map { String($0.dropLast(5)) }.sorted()
    }

    @Test(.enabled(if: enabled), arguments: scenarioNames)
    func fitReproducesItsHistory(name: String) throws {
        let scenario = try ConfigDecoder().decode(
            Scenario.self, fromFile: FitTestScenarios.bundledDirectory.appendingPathComponent("\(name).yaml").path)
        let history: HistoryPanel
        if let dir = ProcessInfo.processInfo.environment["BEARING_FIT_RECOVERY_DIR"] {
            history = try HistoryCSVReader.read(
                contentsOf: URL(fileURLWithPath: dir).appendingPathComponent(name).appendingPathComponent("history.csv"))
        } else {
            history = try MonteCarloEngine(scenario: scenario, seed: Self.historySeed).historyPanel(trial: 0).panel
        }
        let started = ContinuousClock.now
        let fitted = try ScenarioFitter.fit(panel: history, options: ScenarioFitOptions(name: "\(name)-fitted", historyFile: "\(name) seed 42"))
        let fitTime = ContinuousClock.now - started
        let comparison = try FitComparison.run(panel: history, fitted: fitted, trials: Self.trials, seed: Self.comparisonSeed)
        print("== \(name): \(history.rowCount) rows, fitted in \(fitTime)")
        print(comparison.table)
        for g in comparison.groups {
            for metric in FitComparison.retentionMetrics {
                let m = try #require(g.metric(metric))
                #expect(
                    m.covered == true,
                    "\(name) \(g.segment) \(metric): history \(m.history ?? .nan) outside P5 \(m.p5 ?? .nan) ... P95 \(m.p95 ?? .nan)")
            }
        }
        #expect(comparison.categoryOrder.holds, "\(name): churn by category \(comparison.categoryOrder)")
        // The fitted scenario reads back from its YAML.
        let yaml = ScenarioYAML.render(fitted)
        #expect(try ConfigDecoder().decode(Scenario.self, from: yaml, file: "\(name)-fitted.yaml") == fitted.scenario)
    }
}
