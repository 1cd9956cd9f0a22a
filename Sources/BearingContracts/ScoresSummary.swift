import BearingMetrics
import BearingPanel
import BearingVector

/// `scores.summary.json`, written by `score` next to `scores.csv`: what was scored, with which
/// weights, the categories and missing values, and the cohort table of the scored window.
public struct ScoresSummary: Codable, Sendable, Hashable {
    public static let fileName = "scores.summary.json"

    public var command = "score"
    public var bearingVersion: String
    /// The history file as given on the command line.
    public var history: String
    /// The scores CSV written beside this file.
    public var scores: String
    /// `weights.json` path, or nil for the documented default weights.
    public var weightsFile: String?
    public var modelKind: ModelKind
    public var periods: [Period]
    public var rows: Int
    public var customers: Int
    /// Rows per category label.
    public var categories: [String: Int]
    /// Missing cells per schema feature among the scored rows (imputed to the training mean).
    public var missing: [String: Int]
    public var imputation: String
    public var explain: Bool
    /// Scores at the window start per segment and cohort (roll-up under segment `all`).
    public var cohortsAtStart: [CohortCount]
    /// Realised retention of the window `first_period...last_period` of the history, cohorts
    /// taken at the window start.
    public var cohortTable: CohortTable
    public var cltvFormula: String
    /// The weights used, in full (for default weights this records the standardisation
    /// estimated from the scored panel).
    public var weights: Weights

    public init(
        bearingVersion: String, history: String, scores: String, weightsFile: String?, modelKind: ModelKind,
        periods: [Period], rows: Int, customers: Int, categories: [String: Int], missing: [String: Int],
        imputation: String, explain: Bool, cohortsAtStart: [CohortCount], cohortTable: CohortTable,
        cltvFormula: String, weights: Weights
    ) {
        self.bearingVersion = bearingVersion
        self.history = history
        self.scores = scores
        self.weightsFile = weightsFile
        self.modelKind = modelKind
        self.periods = periods
        self.rows = rows
        self.customers = customers
        self.categories = categories
        self.missing = missing
        self.imputation = imputation
        self.explain = explain
        self.cohortsAtStart = cohortsAtStart
        self.cohortTable = cohortTable
        self.cltvFormula = cltvFormula
        self.weights = weights
    }
}
