/// Why a retention model could not be built or fitted. Messages say what to change.
public enum RetentionModelError: Error, Sendable, Hashable, CustomStringConvertible {
    /// alpha or beta is not a finite positive number.
    case invalidParameters(alpha: Double, beta: Double)
    /// No cohorts were given.
    case noCohorts
    /// A cohort has fewer than `needed` survivor counts (period 0 plus later periods).
    case tooFewPeriods(cohort: String, periods: Int, needed: Int)
    /// A survivor count is negative.
    case negativeCount(cohort: String, period: Int, count: Int)
    /// Period 0 has no customers.
    case emptyCohort(cohort: String)
    /// Survivors rose from one period to the next.
    case increasingSurvivors(cohort: String, period: Int, previous: Int, count: Int)
    /// Nobody cancelled in any cohort: the likelihood rises without bound as churn goes to 0.
    case noChurn
    /// The likelihood has no maximum at finite positive (alpha, beta) — e.g. every customer
    /// left in period 1, or the cancellations look like one constant churn rate.
    case noInteriorMaximum(alpha: Double, beta: Double)
    /// The optimiser stopped before meeting its tolerance.
    case didNotConverge(iterations: Int, alpha: Double, beta: Double)

    public var description: String {
        switch self {
        case let .invalidParameters(a, b):
            "alpha and beta must be finite and positive, got alpha=\(a), beta=\(b)"
        case .noCohorts:
            "no cohorts: give at least one cohort's survivor counts, period 0 first"
        case let .tooFewPeriods(c, p, n):
            "cohort '\(c)' has \(p) survivor count(s); the fit needs at least \(n) (period 0 and at least one more period)"
        case let .negativeCount(c, p, n):
            "cohort '\(c)' period \(p): survivors must be >= 0, got \(n)"
        case let .emptyCohort(c):
            "cohort '\(c)' has no customers at period 0"
        case let .increasingSurvivors(c, p, prev, n):
            "cohort '\(c)' period \(p): survivors rose from \(prev) to \(n); survivor counts must not increase (new customers belong in a new cohort)"
        case .noChurn:
            "no customer cancelled in any cohort, so alpha and beta cannot be estimated; add periods with cancellations"
        case let .noInteriorMaximum(a, b):
            "the likelihood keeps rising toward the edge of the parameter space (alpha≈\(a), beta≈\(b)): the counts are consistent with a single constant churn rate or with everyone leaving at once, so alpha and beta are not identified; add periods or cohorts"
        case let .didNotConverge(i, a, b):
            "the fit did not converge in \(i) iterations (last alpha=\(a), beta=\(b))"
        }
    }
}
