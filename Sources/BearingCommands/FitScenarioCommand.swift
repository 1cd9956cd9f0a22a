import ArgumentParser
import BearingContracts
import BearingPipeline
import Foundation

/// `bearing fit-scenario HISTORY --out scenario.yaml`: a scenario estimated from a history.
public struct FitScenarioCommand: TextCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fit-scenario",
        abstract: "Estimate a scenario from a history, so Monte Carlo runs start from your own book.",
        discussion: """
            Estimates segments (customer counts, lognormal ARR, fit mix), CSMs and their book \
            sizes, the latent dynamics and feature loadings, hazards (churn, going dark, \
            contraction) and expansion by vector category, milestones' reach and take rates \
            (with --milestones) and, when the history has them, contract terms and new logos. \
            The YAML is a normal scenario file: every command takes it, and each number carries \
            a comment saying where it came from (docs/scenario-model.md, "Fitting a scenario \
            to a history", states each block's method and what cannot be identified). The \
            comparison below goes to OUT's name with .fit.json (per segment and metric: the \
            history's value, P5/P50/P95, in band or not; the category order check).

            The fitted scenario starts the period after the history's last one, with the book \
            as the history leaves it. Then --compare-trials simulated histories of the same \
            dynamics from the history's first period are set against the history: per segment \
            the P5-P95 band of NRR, GRR and logo retention, and churn by vector category.

            Example:
              bearing fit-scenario out/sim/history.csv --out fitted.yaml
              bearing comp Scenarios/plans/*.yaml --stress fitted.yaml \\
                --shock "churn x1.5 in 2026-Q3" --history out/sim/history.csv --out comp
            """)

    @OptionGroup var input: HistoryArgument

    @Option(help: "Scenario YAML to write.")
    var out: String

    @Option(help: "Periods the fitted scenario runs after the history (default: as many as the history spans).")
    var periodsAhead: Int?

    @Option(help: "Calibrated weights JSON for the vector categories (default: the documented default weights).")
    var weights: String?

    @Option(help: "Milestone catalogue (YAML or JSON) for the milestones' reach and take rates.")
    var milestones: String?

    @Option(help: "Simulated histories of the fit compared with the history (0: no comparison).")
    var compareTrials: Int = 50

    @Option(help: "Seed of the fit's matching simulations and of the comparison.")
    var seed: UInt64 = 1

    @OptionGroup var threads: ThreadsOption

    @OptionGroup var quiet: QuietFlag

    public init() {}

    public func validate() throws {
        if let periodsAhead, !(1...1200).contains(periodsAhead) {
            throw ValidationError("--periods-ahead must be between 1 and 1200, got \(periodsAhead)")
        }
        guard (0...10_000).contains(compareTrials) else {
            throw ValidationError("--compare-trials must be between 0 and 10000, got \(compareTrials)")
        }
    }

    func execute() throws -> String {
        let progress = quiet.reporter
        let catalogue = try milestones.map(ConfigFiles.milestones)
        let weightsValue = try weights.map(ConfigFiles.weights)
        let history = try input.read(progress)
        let result = try FitScenarioStage.run(
            history: history, weights: weightsValue, catalogue: catalogue,
            options: .init(periodsAhead: periodsAhead, comparisonTrials: compareTrials, seed: seed, threads: threads.count),
            progress: progress.sink)
        var files = [OutputFile(name: URL(fileURLWithPath: out).lastPathComponent, bytes: Array(result.yaml.utf8))]
        if let comparison = result.comparison {
            files.append(try OutputFile.json(FitScenarioStage.comparisonName(of: out), comparison))
        }
        try OutputFolder.write(files, into: URL(fileURLWithPath: out).deletingLastPathComponent().path)
        return result.text + "wrote \(out)" + (result.comparison == nil ? "" : " and \(FitScenarioStage.comparisonName(of: out))") + "\n"
    }
}
