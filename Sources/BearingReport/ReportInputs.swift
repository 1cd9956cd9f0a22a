import BearingContracts
import BearingSimulation
import BearingVector

/// Everything the report can draw: the same document types the commands write. Each part is
/// optional, and a missing part names the command that would provide it.
package struct ReportInputs: Sendable {
    /// The folder the inputs came from (shown in the header).
    package var source: String
    package var simulation: SimulationSummary?
    package var scores: ScoresSummary?
    package var vectorMap: VectorMap?
    /// ROC and reliability of the scored churn probabilities against the history's churn flags.
    package var curves: ClassifierCurves?
    /// Which rows the curves cover (e.g. "Out of time (2026-Q1–2026-Q2, after the calibration periods):").
    package var curvesScope: String
    package var weights: Weights?
    package var backtest: BacktestDocument?
    package var forecast: ForecastDocument?
    package var forecastComparison: ForecastComparisonDocument?
    package var comp: CompComparisonDocument?
    package var stress: StressDocument?
    package var stressTrials: StressTrialsTable
    /// Files found and used, relative to `source` (listed in the report).
    package var found: [String]
    /// Problems reading files that exist, by section key (shown in the section they would fill).
    package var problems: [String: String]

    package init(source: String) {
        self.source = source
        curvesScope = ""
        stressTrials = StressTrialsTable(values: [:])
        found = []
        problems = [:]
    }

    /// Whether any Bearing output was found.
    package var isEmpty: Bool {
        simulation == nil && scores == nil && vectorMap == nil && curves == nil && weights == nil && backtest == nil
            && forecast == nil && forecastComparison == nil && comp == nil && stress == nil
    }
}
