import BearingContracts
import BearingForecast
import BearingPanel
import BearingScenarioFit
import BearingSimulation
import BearingVector
import Foundation

/// `fit-scenario`: a scenario estimated from a history, so Monte Carlo runs (stress tests, what-if
/// runs) start from the user's own book, with the fitted-vs-history comparison that shows it
/// reproduces the history.
public enum FitScenarioStage {
    public struct Options: Sendable {
        /// Periods the fitted scenario runs after the history; nil: as many as the history spans.
        public var periodsAhead: Int?
        /// Simulated trials of the fitted scenario for the comparison with the history (0: none).
        public var comparisonTrials: Int
        public var seed: UInt64
        public var threads: Int

        public init(periodsAhead: Int? = nil, comparisonTrials: Int = 50, seed: UInt64 = 1, threads: Int = 1) {
            self.periodsAhead = periodsAhead
            self.comparisonTrials = comparisonTrials
            self.seed = seed
            self.threads = threads
        }
    }

    public struct Output: Sendable {
        public var fitted: FittedScenario
        /// The commented scenario file.
        public var yaml: String
        public var comparison: FitComparison?
        public var text: String
    }

    public static func run(
        history: HistoryInput, weights: Weights?, catalogue: MilestoneCatalogue?, options: Options,
        progress: ProgressSink = .silent
    ) throws -> Output {
        progress.note("fitting a scenario to \(history.panel.rowCount) rows")
        let name = URL(fileURLWithPath: history.path).deletingPathExtension().lastPathComponent
        let fitted = try ScenarioFitter.fit(
            panel: history.panel, weights: weights, catalogue: catalogue,
            options: ScenarioFitOptions(
                name: "fitted to \(name)", historyFile: history.fileName, periodsAhead: options.periodsAhead,
                seed: options.seed, threads: options.threads, bearingVersion: BearingVersion.current))
        var comparison: FitComparison?
        if options.comparisonTrials > 0 {
            progress.note("simulating \(options.comparisonTrials) trials of the fitted scenario against the history")
            comparison = try FitComparison.run(
                panel: history.panel, fitted: fitted, weights: weights, trials: options.comparisonTrials, seed: options.seed,
                threads: options.threads)
        }
        var text = "Fitted \(fitted.scenario.segments.count) segment(s), \(fitted.scenario.customerCount) customers, "
        text += "\(fitted.scenario.periods.count) periods from \(fitted.scenario.periods.start.label) "
        text += "to the history's \(fitted.historyRows) rows (\(fitted.historyRange.first.label)...\(fitted.historyRange.last.label)).\n"
        for note in fitted.notes { text += "  note: \(note)\n" }
        if let comparison { text += "\n" + comparison.table + "\n" }
        return Output(fitted: fitted, yaml: ScenarioYAML.render(fitted), comparison: comparison, text: text)
    }

    /// `fitted.yaml` → `fitted.fit.json`.
    public static func comparisonName(of scenarioFile: String) -> String {
        let name = URL(fileURLWithPath: scenarioFile).lastPathComponent
        let stem = name.hasSuffix(".yaml") ? String(name.dropLast(5)) : name.hasSuffix(".yml") ? String(name.dropLast(4)) : name
        return stem + ".fit.json"
    }

    /// The shocks in `texts` (`churn x1.5 in 2025-Q2`, …) added to `scenario`; errors name the text.
    public static func shocked(_ scenario: Scenario, with texts: [String]) throws -> Scenario {
        guard !texts.isEmpty else { return scenario }
        var requests: [ShockRequest] = []
        for text in texts {
            do {
                requests.append(try ShockRequest.parse(text))
            } catch {
                throw ContractError(path: "--shock", message: error.description)
            }
        }
        do {
            return try scenario.addingShocks(requests)
        } catch {
            throw ContractError(path: "--shock", message: error.description)
        }
    }

    /// Shock texts from a file: one per line, blank lines and `#` comments skipped.
    public static func shockTexts(file path: String) throws -> [String] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ContractError(path: path, message: "cannot read the shock file: \(error.localizedDescription)")
        }
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}
