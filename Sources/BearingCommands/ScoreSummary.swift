import BearingMetrics
import BearingPanel
import BearingVector

/// What `bearing score` writes next to the CSV (`scores.summary.json`).
struct ScoreSummary: Codable {
    struct CohortCount: Codable {
        var segment: String
        var cohort: String
        var customers: Int
        var arr: Double
        /// Mean predicted churn probability of the cohort's rows in the window's first period.
        var meanChurnProbability: Double?
    }

    var command = "score"
    var bearingVersion: String
    var history: String
    var scores: String
    /// `weights.json` path, or nil for the documented default weights.
    var weightsFile: String?
    var modelKind: ModelKind
    var periods: [Period]
    var rows: Int
    var customers: Int
    /// Rows per category label.
    var categories: [String: Int]
    /// Missing cells per schema feature among the scored rows (imputed to the training mean).
    var missing: [String: Int]
    var imputation: String
    var explain: Bool
    /// Scores at the window start per segment and cohort (roll-up under segment `all`).
    var cohortsAtStart: [CohortCount]
    /// Realised retention of the window `firstPeriod...lastPeriod` of the history, cohorts
    /// taken at the window start.
    var cohortTable: CohortTable
    var cltvFormula: String
    /// The weights used, in full (for default weights this records the standardisation
    /// estimated from the scored panel).
    var weights: Weights
}
