/// Everything `bearing retention` reports for one set of cohort survivor counts: the chosen
/// model's fit, projections and lifetimes, both models' fits and their likelihood-ratio
/// comparison. It is the command's JSON output (`Codable`, snake_case keys) and renders the
/// plain-text report, so the command is parse → ``init(cohorts:model:periods:discountRate:)``
/// → ``render()``.
///
/// Both sBG and BdW are fitted whenever they can be; only the chosen model's failure is an
/// error (the other is then absent, with a note saying why).
public struct RetentionAnalysis: Sendable, Hashable, Codable {
    /// The shifted-beta-geometric fit.
    public struct SBGPart: Sendable, Hashable, Codable {
        public var alpha: Double
        public var beta: Double
        public var alphaStandardError: Double
        public var betaStandardError: Double
        public var logLikelihood: Double
        public var aic: Double
        public var iterations: Int

        enum CodingKeys: String, CodingKey {
            case alpha, beta
            case alphaStandardError = "alpha_standard_error"
            case betaStandardError = "beta_standard_error"
            case logLikelihood = "log_likelihood"
            case aic, iterations
        }
    }

    /// The beta-discrete-Weibull fit.
    public struct BdWPart: Sendable, Hashable, Codable {
        public var alpha: Double
        public var beta: Double
        public var c: Double
        public var alphaStandardError: Double
        public var betaStandardError: Double
        public var cStandardError: Double
        public var logLikelihood: Double
        public var aic: Double
        public var iterations: Int

        enum CodingKeys: String, CodingKey {
            case alpha, beta, c
            case alphaStandardError = "alpha_standard_error"
            case betaStandardError = "beta_standard_error"
            case cStandardError = "c_standard_error"
            case logLikelihood = "log_likelihood"
            case aic, iterations
        }
    }

    /// One cohort's counts beside the chosen model's fitted counts.
    public struct CohortRow: Sendable, Hashable, Codable {
        public var cohort: String
        public var survivors: [Int]
        /// `survivors[0] · S(t)`.
        public var fittedSurvivors: [Double]
        /// DERL at `discountRate` of a customer still active at the cohort's last period; nil
        /// when infinite (discount 0 and a divergent lifetime).
        public var discountedExpectedResidualLifetime: Double?

        enum CodingKeys: String, CodingKey {
            case cohort, survivors
            case fittedSurvivors = "fitted_survivors"
            case discountedExpectedResidualLifetime = "discounted_expected_residual_lifetime"
        }
    }

    /// Survival and retention of a new cohort in a projected period.
    public struct ProjectionRow: Sendable, Hashable, Codable {
        public var period: Int
        public var survival: Double
        public var retention: Double
    }

    /// Version of this JSON layout.
    /// The chosen model, whose parameters are `alpha`, `beta`, `c` and `log_likelihood` below.
    public var model: RetentionModelKind
    public var alpha: Double
    public var beta: Double
    /// 1 for sBG.
    public var c: Double
    public var logLikelihood: Double
    public var customers: Int
    public var sbg: SBGPart?
    public var bdw: BdWPart?
    /// Likelihood-ratio test and AIC of sBG against BdW; nil unless both fitted.
    public var comparison: RetentionModelComparison?
    /// Why a model or a figure is absent.
    public var notes: [String]
    public var cohorts: [CohortRow]
    public var projection: [ProjectionRow]
    /// `E[T]` in periods; nil when infinite.
    public var expectedLifetime: Double?
    public var expectedLifetimeNote: String
    public var discountRate: Double
    /// DEL for a new customer at `discountRate`; nil when infinite.
    public var discountedExpectedLifetime: Double?

    enum CodingKeys: String, CodingKey {
        case model, alpha, beta, c
        case logLikelihood = "log_likelihood"
        case customers, sbg, bdw, comparison, notes, cohorts, projection
        case expectedLifetime = "expected_lifetime"
        case expectedLifetimeNote = "expected_lifetime_note"
        case discountRate = "discount_rate"
        case discountedExpectedLifetime = "discounted_expected_lifetime"
    }

    /// Fits both models to `cohorts`, projects `periods` periods beyond the longest cohort with
    /// the chosen `model`, and evaluates lifetimes at `discountRate` per period. Throws the
    /// chosen model's fit error (counts invalid, no churn, no interior maximum).
    public init(
        cohorts: [SurvivalCounts], model: RetentionModelKind = .sbg, periods: Int = 5, discountRate: Double = 0.1
    ) throws(RetentionModelError) {
        var notes: [String] = []
        var sbgFit: ShiftedBetaGeometricFit?
        var bdwFit: BetaDiscreteWeibullFit?
        do {
            sbgFit = try ShiftedBetaGeometric.fit(cohorts)
        } catch {
            if model == .sbg { throw error }
            notes.append("sBG not fitted: \(error.description)")
        }
        do {
            bdwFit = try BetaDiscreteWeibull.fit(cohorts)
        } catch {
            if model == .bdw { throw error }
            notes.append("BdW not fitted: \(error.description)")
        }
        self.model = model
        self.notes = notes
        sbg = sbgFit.map {
            SBGPart(
                alpha: $0.alpha, beta: $0.beta, alphaStandardError: $0.standardErrors[0], betaStandardError: $0.standardErrors[1],
                logLikelihood: $0.logLikelihood, aic: 4 - 2 * $0.logLikelihood, iterations: $0.iterations)
        }
        bdw = bdwFit.map {
            BdWPart(
                alpha: $0.alpha, beta: $0.beta, c: $0.c, alphaStandardError: $0.standardErrors[0],
                betaStandardError: $0.standardErrors[1], cStandardError: $0.standardErrors[2],
                logLikelihood: $0.logLikelihood, aic: 6 - 2 * $0.logLikelihood, iterations: $0.iterations)
        }
        if let sbgFit, let bdwFit { comparison = RetentionModelComparison(sbg: sbgFit, bdw: bdwFit) }

        let curve: any RetentionCurve
        switch (model, sbgFit, bdwFit) {
        case let (.bdw, _, fit?):
            curve = fit.model
            alpha = fit.alpha
            beta = fit.beta
            c = fit.c
            logLikelihood = fit.logLikelihood
            customers = fit.customers
            expectedLifetimeNote =
                fit.c * fit.alpha > 1
                ? "E[T] = sum of S(t) over t >= 0, in periods counting the first (no closed form when c != 1; summed numerically)"
                : "infinite: c * alpha <= 1, so survival falls off too slowly for the mean lifetime to exist; use the discounted lifetime"
        case let (_, fit?, _):
            curve = fit.model
            alpha = fit.alpha
            beta = fit.beta
            c = 1
            logLikelihood = fit.logLikelihood
            customers = fit.customers
            expectedLifetimeNote =
                fit.alpha > 1
                ? "E[T] = (alpha+beta-1)/(alpha-1) periods, counting the first"
                : "infinite: alpha <= 1, so the most loyal customers are loyal enough that the mean lifetime diverges; use the discounted lifetime"
        default:
            // Unreachable: the chosen model's failure was thrown above.
            throw .noCohorts
        }

        func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
        let longest = cohorts.map { $0.survivors.count - 1 }.max() ?? 0
        let s = curve.survivalCurve(through: longest + max(periods, 0))
        self.cohorts = cohorts.map { cohort in
            CohortRow(
                cohort: cohort.cohort, survivors: cohort.survivors,
                fittedSurvivors: cohort.survivors.indices.map { Double(cohort.survivors[0]) * s[$0] },
                discountedExpectedResidualLifetime: finite(
                    curve.discountedExpectedResidualLifetime(discountRate: discountRate, renewals: cohort.survivors.count - 1)))
        }
        projection =
            periods <= 0
            ? []
            : (longest + 1...longest + periods).map {
                ProjectionRow(period: $0, survival: s[$0], retention: curve.retentionRate(at: $0))
            }
        expectedLifetime = finite(curve.expectedLifetime)
        self.discountRate = discountRate
        discountedExpectedLifetime = finite(curve.discountedExpectedLifetime(discountRate: discountRate))
    }
}
