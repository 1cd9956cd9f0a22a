import BearingContracts
import BearingForecast
import BearingPanel
import BearingVector

/// What `forecast`, `compare-forecasts` and the vector-forecast plans of `comp` need besides the
/// history: each row's vector category and (with calibrated weights) churn probability, and
/// the milestone catalogue.
public struct ForecastInputs: Sendable {
    public var history: HistoryInput
    public var categories: [VectorCategory]
    /// One per panel row from the weights' churn link; nil when churn rates come from history
    /// (default weights: their churn link is an uncalibrated prior).
    public var churnProbabilities: [Double]?
    public var catalogue: MilestoneCatalogue
    /// `weights.json` path, or `default` for the documented default weights.
    public var weightsSource: String

    /// Scores every row of `history` with `weights` (nil: the documented default weights).
    public init(
        history: HistoryInput, weights: Weights?, weightsPath: String?, catalogue: MilestoneCatalogue, threads: Int,
        progress: ProgressSink = .silent
    ) throws {
        let panel = history.panel
        let used = weights ?? DefaultWeights.make(for: panel, bearingVersion: BearingVersion.current)
        progress.note("scoring \(panel.rowCount) rows")
        let scores = try PanelScores(panel: panel, weights: used, threads: threads)
        var categories = [VectorCategory](repeating: .neutral, count: panel.rowCount)
        var churn = [Double](repeating: 0, count: panel.rowCount)
        for (k, row) in scores.rows.enumerated() {
            categories[Int(row)] = scores.scores.vectorCategory(k)
            churn[Int(row)] = Double(scores.scores.churnProbability[k])
        }
        self.history = history
        self.categories = categories
        self.churnProbabilities = weights == nil ? nil : churn
        self.catalogue = catalogue
        self.weightsSource = weights == nil ? "default" : (weightsPath ?? "calibrated")
    }
}

/// The model settings `forecast` and `compare-forecasts` share.
public struct ForecastSettings: Sendable, Hashable {
    /// Trials, seed, the quota forecast set beside the vector forecast (default: the trailing
    /// observed rate) and whether only the customers up for renewal are forecast.
    public var forecasterOptions: ExpansionForecaster.Options
    /// Prior strength of the Beta-Binomial shrinkage, in customers.
    public var kappa: Double
    /// Half-life of the recency weights in periods; 0 = all periods weigh the same.
    public var halfLife: Double
    /// The catalogue file as given (recorded in the outputs).
    public var milestonesPath: String

    public init(
        quota: QuotaPlan, trials: Int, seed: UInt64, kappa: Double, halfLife: Double, milestonesPath: String,
        renewalsOnly: Bool = false
    ) {
        forecasterOptions = .init(trials: trials, seed: seed, quota: quota, renewalsOnly: renewalsOnly)
        self.kappa = kappa
        self.halfLife = halfLife
        self.milestonesPath = milestonesPath
    }

    /// The half-life the library takes: nil when recency weighting is off.
    public var recencyHalfLife: Double? { halfLife > 0 ? halfLife : nil }

    /// Forecast and compare only the customers up for renewal in each period.
    public var renewalsOnly: Bool { forecasterOptions.renewalsOnly }
}

extension ForecastSource {
    /// What a forecast run on `inputs` with `settings` records about where it came from.
    public init(inputs: ForecastInputs, settings: ForecastSettings) {
        self.init(
            bearingVersion: BearingVersion.current, history: inputs.history.path, weights: inputs.weightsSource,
            milestones: settings.milestonesPath, kappa: settings.kappa, halfLife: settings.recencyHalfLife,
            renewalsOnly: settings.renewalsOnly)
    }
}
