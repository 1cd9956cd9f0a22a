import ArgumentParser
import BearingContracts
import BearingPipeline
import BearingReport

/// `bearing report DIR --out report.html`: one self-contained HTML page from the outputs in DIR.
public struct ReportCommand: TextCommand {
    public static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML report (inline SVG charts) from the outputs in a folder.",
        discussion: """
            Looks in DIR and in its direct subfolders for the files Bearing commands write:
              summary.json, history.csv            (simulate)
              scores.csv, scores.summary.json      (score)
              weights.json                          (calibrate)
              backtest.json                         (backtest)
              forecast.json                         (forecast)
              comparison.json with "comparison"     (compare-forecasts)
              comparison.json with "plans", stress.json   (comp)
            The layout `bearing workbench` writes (DIR/simulate, DIR/calibrate, DIR/score, \
            DIR/backtest, DIR/forecast, DIR/compare-forecasts, DIR/comp) works, and so does a \
            folder holding one command's output. Sections whose inputs are missing say so.

            The page needs no network and no scripts: open it from disk or print it.

            Example:
              bearing report out --out out/report.html
            """)

    @Argument(help: "Folder with Bearing outputs (and/or subfolders of them).")
    var directory: String

    @Option(help: "HTML file to write.")
    var out: String

    public init() {}

    func execute() throws -> String {
        let inputs = try ReportInputs.load(directory: directory)
        try OutputFolder.write(ReportStage.render(inputs), to: out)
        return "wrote \(out) (\(inputs.found.count) input file(s) from \(directory))\n"
    }
}
