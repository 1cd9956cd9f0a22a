import BearingPanel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Shifted-beta-geometric retention whose period churn probability shifts with the customer's
/// vector category at the start of the period (proportional odds):
///
///     h_k(t) = logistic( logit h(t) + γ_k ),    h(t) = α / (α + β + t − 1),
///
/// where `h(t)` is the sBG churn probability of period `t` among customers still active
/// (`1 − r(t)`, the hazard of ``ShiftedBetaGeometric``), `k` the category and `γ_k` its shift on
/// the log-odds, with `γ = 0` for the `reference` category. `logit h(t) = ln α − ln(β + t − 1)`.
///
/// Why this form: the data are counts by (cohort, period, category) of customers at risk and
/// churned, not customer paths. The individual-level form `θ_k = logistic(logit θ + γ_k)` with
/// `θ ~ Beta(α, β)` per customer needs each customer's category path to integrate `θ` out, so
/// it is not identified from such counts; the hazard form is. Each cell is then a binomial
/// draw, and the log-likelihood `Σ churned·ln h_k(t) + (atRisk − churned)·ln(1 − h_k(t))` is
/// exactly the sBG likelihood when all shifts are 0 (sBG's `P(T=t)` and `S(k)` are products of
/// period hazards), so with one category the fit is the sBG fit. The price: the shift is an
/// average effect on the cohort hazard and does not change who survives to later periods
/// within the model (the sorting by `θ` that makes retention rise is carried by `α, β` alone).
/// `α` and `β` are identified from how the hazard falls across periods, the shifts from
/// differences between categories within a period; `α, β` describe the reference category.
public struct CategoryShiftedBetaGeometric: Sendable, Hashable, Codable {
    public var alpha: Double
    public var beta: Double
    /// The category with shift 0.
    public var reference: VectorCategory
    /// `γ_k` per category; 0 for the reference, nil for categories the fit had no data for.
    public var shifts: CategoryValues

    public init(alpha: Double, beta: Double, reference: VectorCategory = .neutral, shifts: CategoryValues) throws(RetentionModelError) {
        guard alpha.isFinite, beta.isFinite, alpha > 0, beta > 0 else {
            throw .invalidParameters(alpha: alpha, beta: beta)
        }
        self.alpha = alpha
        self.beta = beta
        self.reference = reference
        var shifts = shifts
        shifts[reference] = 0
        self.shifts = shifts
    }

    init(uncheckedAlpha alpha: Double, beta: Double, reference: VectorCategory, shifts: CategoryValues) {
        self.alpha = alpha
        self.beta = beta
        self.reference = reference
        self.shifts = shifts
    }

    /// `logit h_k(t)`; nil when the category has no shift.
    public func logOdds(at t: Int, category: VectorCategory) -> Double? {
        guard let shift = shifts[category] else { return nil }
        return log(alpha) - log(beta + Double(max(t, 1)) - 1) + shift
    }

    /// `h_k(t)`: probability that a customer active at the start of period `t ≥ 1` and in
    /// `category` then cancels during it; nil when the category has no shift.
    public func churnProbability(at t: Int, category: VectorCategory) -> Double? {
        logOdds(at: t, category: category).map { 1 / (1 + exp(-$0)) }
    }

    /// The reference category's model: sBG with the same `alpha` and `beta`.
    public var referenceModel: ShiftedBetaGeometric { ShiftedBetaGeometric(uncheckedAlpha: alpha, beta: beta) }

    enum CodingKeys: String, CodingKey {
        case alpha, beta, reference, shifts
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        alpha = try c.decode(Double.self, forKey: .alpha)
        beta = try c.decode(Double.self, forKey: .beta)
        reference = try c.decodeCategoryLabel(forKey: .reference)
        shifts = try c.decode(CategoryValues.self, forKey: .shifts)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(alpha, forKey: .alpha)
        try c.encode(beta, forKey: .beta)
        try c.encode(reference.label, forKey: .reference)
        try c.encode(shifts, forKey: .shifts)
    }
}
