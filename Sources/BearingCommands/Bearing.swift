import ArgumentParser
import BearingContracts

/// The `bearing` command: the root of every subcommand.
public struct Bearing: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bearing",
        abstract: "Tune Success Vectors, compare expansion forecasts and stress-test CSM compensation plans.",
        version: BuildInfo.version,
        subcommands: [
            WorkbenchCommand.self, PanelCommand.self, FitScenarioCommand.self, SimulateCommand.self, MergeCommand.self, ScoreCommand.self,
            CalibrateCommand.self, BacktestCommand.self, ForecastCommand.self, CompareForecastsCommand.self,
            RetentionCommand.self, CompCommand.self, ReportCommand.self, ServeCommand.self,
        ]
    )

    public init() {}
}
