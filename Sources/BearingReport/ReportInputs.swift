import BearingContracts
import BearingSimulation
import BearingVector

/// Everything the report can draw: the same document types the commands write. Each part is
/// optional, and a missing part names the command that would provide it.
public struct ReportInputs: Sendable {
    /// The folder the inputs came from (shown in the header).
    public var source: String
    public var simulation: SimulationSummary?
    public var scores: ScoresSummary?
    public var vectorMap: VectorMap?
    /// ROC and reliability of the scored churn probabilities against the history's churn flags.
    public var curves: ClassifierCurves?
    /// Which rows the curves cover (e.g. "Out of time (2026-Q1–2026-Q2, after the calibration periods):").
    public var curvesScope: String
    public var weights: Weights?
    public var backtest: BacktestDocument?
    public var forecast: ForecastDocument?
    public var forecastComparison: ForecastComparisonDocument?
    public var comp: CompComparisonDocument?
    public var stress: StressDocument?
    public var stressTrials: StressTrialsTable
    /// Files found and used, relative to `source` (listed in the report).
    public var found: [String]
    /// Problems reading files that exist, by section key (shown in the section they would fill).
    public var problems: [String: String]

    public init(source: String) {
        self.source = source
        curvesScope = ""
        stressTrials = StressTrialsTable(values: [:])
        found = []
        problems = [:]
    }

    /// Whether any Bearing output was found.
    public var isEmpty: Bool {
        simulation == nil && scores == nil && vectorMap == nil && curves == nil && weights == nil && backtest == nil
            && forecast == nil && forecastComparison == nil && comp == nil && stress == nil
    }
}
