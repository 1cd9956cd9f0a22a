import BearingContracts
import BearingSimulation

/// The Bearing outputs the report draws from, in the order it lists them as read.
package enum ReportFile: CaseIterable, Sendable {
    case simulationSummary, scoresSummary, weights, backtest, forecast, forecastComparison, compComparison, stress
    case stressTrials, scores, history

    /// The file's name in an output folder.
    package var fileName: String {
        switch self {
        case .simulationSummary: SimulationSummary.fileName
        case .scoresSummary: ScoresSummary.fileName
        case .weights: "weights.json"
        case .backtest: BacktestDocument.fileName
        case .forecast: ForecastDocument.fileName
        case .forecastComparison: ForecastComparisonDocument.fileName
        case .compComparison: CompComparisonDocument.fileName
        case .stress: StressDocument.fileName
        case .stressTrials: StressTrialsTable.fileName
        case .scores: ScoresTable.fileName
        case .history: "history.csv"
        }
    }

    /// The command that writes the file, for "not found" notes.
    package var writer: String {
        switch self {
        case .simulationSummary, .history: "bearing simulate"
        case .scoresSummary, .scores: "bearing score"
        case .weights: "bearing calibrate"
        case .backtest: "bearing backtest"
        case .forecast: "bearing forecast"
        case .forecastComparison: "bearing compare-forecasts"
        case .compComparison: "bearing comp --history"
        case .stress, .stressTrials: "bearing comp --stress"
        }
    }
}
