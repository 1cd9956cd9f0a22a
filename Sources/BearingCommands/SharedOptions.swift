import ArgumentParser
import BearingForecast
import BearingPanel
import BearingPipeline
import Foundation

/// The history panel argument every analysis command takes.
struct HistoryArgument: ParsableArguments {
    @Argument(help: "History panel CSV (the strict panel contract; `bearing panel` makes one from an export).")
    var history: String

    /// Reads the panel, then says once (on stderr, unless `--quiet`) what the data-quality
    /// checks found: gaps, customers absent then back, small segments or books, rows without a CSM.
    /// `hashing: .whenAsked` for a command whose outputs record no hash of the history.
    func read(_ progress: ProgressReporter, hashing: HistoryDigest.Timing = .concurrent) throws -> HistoryInput {
        progress.note("reading \(history)")
        let input = try HistoryInput.read(history, hashing: hashing)
        if !progress.quiet {
            for line in PanelQuality(panel: input.panel, index: input.index).lines {
                FileHandle.standardError.write(Data("bearing: data: \(line)\n".utf8))
            }
        }
        return input
    }
}

/// `--quiet`, shared by every command that reports progress.
struct QuietFlag: ParsableArguments {
    @Flag(help: "No progress lines on stderr (they are shown only on a terminal anyway).")
    var quiet = false

    var reporter: ProgressReporter { ProgressReporter(quiet: quiet) }
}

/// `--threads`, shared by the commands that run on several cores.
struct ThreadsOption: ParsableArguments {
    @Option(help: "Worker threads (default: all cores). Results do not depend on it.")
    var threads: Int?

    func validate() throws {
        if let threads, !(1...1024).contains(threads) {
            throw ValidationError("--threads must be between 1 and 1024, got \(threads)")
        }
    }

    var count: Int { threads ?? ProcessInfo.processInfo.activeProcessorCount }
}

/// The folder a command writes its group of files into.
struct OutputFolderOption: ParsableArguments {
    @Option(help: "Output folder (created if missing); files appear only when all are complete.")
    var out: String
}

/// `--quota`, the quota forecast the vector forecast is compared with (`forecast`,
/// `compare-forecasts`, `workbench`).
struct QuotaOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The quota forecast to compare with: a rate per period of book ARR (0.05 = 5%), a quota file of annual targets per segment (YAML, see docs/data-contracts.md), or 'trailing' (default: each segment's observed expansion rate over the previous 4 periods).",
            valueName: "rate|file|trailing"))
    var quota: QuotaArgument?

    func validate() throws { try quota?.validate() }

    /// The plan, reading the quota file when one is given; without `--quota`, the trailing
    /// observed rate, never a built-in rate.
    func plan() throws -> QuotaPlan { try quota?.plan() ?? .trailing() }
}
