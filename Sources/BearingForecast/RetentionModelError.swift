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
    /// The beta-discrete-Weibull shape `c` is not a finite positive number.
    case invalidShape(c: Double)
    /// The beta-discrete-Weibull likelihood has no maximum at finite positive (alpha, beta, c).
    case noInteriorMaximumBdW(alpha: Double, beta: Double, c: Double)
    /// A (cohort, period, category) count of the category model is impossible.
    case invalidCategoryCount(cohort: String, period: Int, category: String, atRisk: Int, churned: Int)
    /// The category model's reference category has no customers at risk, so the base
    /// parameters cannot be separated from the category shifts.
    case referenceCategoryUnobserved(category: String)
    /// In one category nobody churned, or everybody did: its shift runs off to infinity.
    case categoryShiftUnbounded(category: String, atRisk: Int, churned: Int)
    /// The category model's likelihood has no interior maximum.
    case noInteriorMaximumCategoryModel(parameter: String)

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
        case let .invalidShape(c):
            "the beta-discrete-Weibull shape c must be finite and positive, got c=\(c)"
        case let .noInteriorMaximumBdW(a, b, c):
            "the beta-discrete-Weibull likelihood keeps rising toward the edge of the parameter space (alpha≈\(a), beta≈\(b), c≈\(c)): the counts do not identify how churn changes with tenure; use the sBG model or add periods"
        case let .invalidCategoryCount(cohort, period, category, atRisk, churned):
            "cohort '\(cohort)' period \(period) category \(category): expected 0 <= churned <= at risk and period >= 1, got \(churned) churned of \(atRisk) at risk"
        case let .referenceCategoryUnobserved(category):
            "the reference category '\(category)' has no customers at risk; choose a category present in the counts as the reference"
        case let .categoryShiftUnbounded(category, atRisk, churned):
            "category '\(category)': \(churned) of \(atRisk) customers at risk churned, so its churn shift is not finite; merge it with another category or add periods"
        case let .noInteriorMaximumCategoryModel(parameter):
            "the category model's likelihood keeps rising as \(parameter) runs to the edge of its range: the counts do not identify it; add periods or cohorts"
        }
    }
}
