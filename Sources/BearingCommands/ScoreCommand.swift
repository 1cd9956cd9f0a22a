import ArgumentParser
import BearingContracts
import BearingPanel
import BearingPipeline
import Foundation

/// `bearing score HISTORY`: Success Vector, category, cohort and churn probability per
/// customer and period.
public struct ScoreCommand: TextCommand {
    public static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score Success Vectors: direction, magnitude, category, cohort and churn probability per customer and period.",
        discussion: """
            Writes OUT (CSV) with the columns customer_id, period, direction, magnitude, \
            category, cohort, churn_probability, segment, fit; one row per scored panel row, \
            in the history's row order. direction = tanh(direction_raw) is in (-1, 1), \
            magnitude = logistic(magnitude_raw) in (0, 1).

            With --explain, extra columns say why: direction_raw, magnitude_raw, then per \
            feature its contribution (weight x standardised value; 0 when the value was \
            missing and imputed) as direction.<feature>, magnitude.<feature> (and \
            churn.<feature> for logistic/health weights), and the change of each since the \
            customer's previous period as direction_change.<feature> and \
            magnitude_change.<feature> (empty when there is no previous period).

            Also writes OUT's name with .summary.json instead of .csv (counts, missing \
            values, cohort table, the weights used) and prints the cohort table: cohorts \
            are taken at the first scored period; realised NRR, GRR and logo retention run \
            from there to the last period of the history.

            Without --weights, the documented default weights are used: domain signs, with \
            the standardisation estimated from the rows being scored (all periods, or --period).

            Example:
              bearing score history.csv --weights weights.json --period 2025-Q2 \\
                --out scores.csv
            """)

    @OptionGroup var input: HistoryArgument

    @Option(help: "Calibrated weights JSON (default: the documented default weights).")
    var weights: String?

    @Option(help: "Score only this period (YYYY-Qn or YYYY-MM); default: every period.")
    var period: String?

    @Flag(help: "Add per-feature contributions and their change since the previous period.")
    var explain = false

    @Option(help: "Gross margin for CLTV in the cohort table, 0...1.")
    var grossMargin: Double = 0.8

    @OptionGroup var threads: ThreadsOption

    @OptionGroup var quiet: QuietFlag

    @Option(help: "Scores CSV to write (the summary goes next to it as .summary.json).")
    var out: String

    public init() {}

    public func validate() throws {
        guard grossMargin.isFinite, grossMargin >= 0, grossMargin <= 1 else {
            throw ValidationError("--gross-margin must be between 0 and 1, got \(grossMargin)")
        }
        if let period, Period(label: period) == nil {
            throw ValidationError("--period must look like 2025-Q2 or 2025-06, got '\(period)'")
        }
        guard out.hasSuffix(".csv") else {
            throw ValidationError("--out must name a .csv file (the summary goes next to it as .summary.json), got '\(out)'")
        }
    }

    func execute() throws -> String {
        let progress = quiet.reporter
        // scores.summary.json records the history by path only: no hash to compute.
        let history = try input.read(progress, hashing: .whenAsked)
        let output = try ScoreStage.run(
            history: history, weights: try weights.map(ConfigFiles.weights), weightsPath: weights, scoresFile: out,
            options: .init(period: period, explain: explain, grossMargin: grossMargin, threads: threads.count),
            progress: progress.sink)
        try OutputFolder.write(output.files, into: URL(fileURLWithPath: out).deletingLastPathComponent().path)
        progress.note("wrote \(out) and \(ScoreStage.summaryName(of: out))")
        return output.text
    }
}
