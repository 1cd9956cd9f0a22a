/// Everything the report can draw; each part is optional, and a missing part names the file
/// that would have provided it.
public struct ReportInputs: Sendable {
    /// The folder the inputs came from (shown in the header).
    public var source: String
    public var simulation: ReportFiles.SimulationSummary?
    public var scores: ReportFiles.ScoreSummary?
    public var vectorMap: VectorMap?
    /// ROC and reliability of the scored churn probabilities against the history's churn flags.
    public var curves: ClassifierCurves?
    /// Which rows the curves cover (e.g. "out of time: 2026-Q1…2026-Q2, after the calibration window").
    public var curvesScope: String
    public var weights: ReportFiles.Weights?
    public var backtest: ReportFiles.Backtest?
    public var forecast: ReportFiles.Forecast?
    public var forecastComparison: ReportFiles.ForecastComparison?
    public var comp: ReportFiles.CompComparison?
    public var stress: ReportFiles.Stress?
    /// `comp`'s stress-trials.csv: plan name → column (e.g. `total_cost`) → one value per trial.
    public var stressTrials: [String: [String: [Double]]]
    /// Files found and used, relative to `source` (listed in the header).
    public var found: [String]
    /// Problems reading files that exist (shown in the section they would fill).
    public var problems: [String: String]

    public init(source: String) {
        self.source = source
        curvesScope = ""
        stressTrials = [:]
        found = []
        problems = [:]
    }
}
