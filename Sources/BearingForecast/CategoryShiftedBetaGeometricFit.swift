import BearingPanel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The maximum-likelihood fit of ``CategoryShiftedBetaGeometric`` to (cohort, period,
/// category) counts.
public struct CategoryShiftedBetaGeometricFit: Sendable, Hashable, Codable {
    public var model: CategoryShiftedBetaGeometric
    /// `Σ churned·ln h_k(t) + (atRisk − churned)·ln(1 − h_k(t))` at the maximum.
    public var logLikelihood: Double
    public var iterations: Int
    /// Delta-method standard errors of alpha and beta (from the log-parameter covariance).
    public var alphaStandardError: Double
    public var betaStandardError: Double
    /// Standard errors of the estimated shifts (nil for the reference and unseen categories).
    public var shiftStandardErrors: CategoryValues
    /// Σ atRisk over all cells (customer-periods) and Σ churned.
    public var customerPeriods: Int
    public var churned: Int

    enum CodingKeys: String, CodingKey {
        case model
        case logLikelihood = "log_likelihood"
        case iterations
        case alphaStandardError = "alpha_standard_error"
        case betaStandardError = "beta_standard_error"
        case shiftStandardErrors = "shift_standard_errors"
        case customerPeriods = "customer_periods"
        case churned
    }
}

extension CategoryShiftedBetaGeometric {
    /// Log-likelihood of counts under this model. Cells of categories without a shift add 0.
    public func logLikelihood(_ counts: [CategoryPeriodCount]) -> Double {
        var ll = 0.0
        for cell in counts where cell.atRisk > 0 {
            guard let eta = logOdds(at: cell.period, category: cell.category) else { continue }
            ll += Double(cell.churned) * eta - Double(cell.atRisk) * Self.softplus(eta)
        }
        return ll
    }

    /// Fits alpha, beta and a shift for every non-reference category with customers at risk.
    ///
    /// Cells with the same period and category are pooled across cohorts first (the
    /// log-likelihood is linear in the counts, so this changes nothing). Optimiser: damped
    /// Newton (`DampedNewton`) on `(ln α, ln β, γ…)` with analytic gradient and Hessian, from
    /// α = β = 1 and all shifts 0; converged when the Newton step is below 1e-10. Throws when a
    /// count is invalid, nobody churned, the reference category has nobody at risk, a category
    /// has no churn or only churn (its shift is infinite), or a parameter runs to its bound
    /// (α, β outside [1e-6, 1e7], a shift beyond ±30).
    public static func fit(
        _ counts: [CategoryPeriodCount], reference: VectorCategory = .neutral, maxIterations: Int = 200
    ) throws(RetentionModelError) -> CategoryShiftedBetaGeometricFit {
        for cell in counts { try cell.validate() }
        // Pool by (period, category).
        var pooled: [Int: (atRisk: Int, churned: Int)] = [:]
        var totals = [(atRisk: Int, churned: Int)](repeating: (0, 0), count: 4)
        for cell in counts where cell.atRisk > 0 {
            let key = cell.period * 4 + Int(cell.category.rawValue)
            let old = pooled[key] ?? (0, 0)
            pooled[key] = (old.atRisk + cell.atRisk, old.churned + cell.churned)
            let k = Int(cell.category.rawValue)
            totals[k] = (totals[k].atRisk + cell.atRisk, totals[k].churned + cell.churned)
        }
        let customerPeriods = totals.reduce(0) { $0 + $1.atRisk }
        let churned = totals.reduce(0) { $0 + $1.churned }
        guard churned > 0 else { throw .noChurn }
        guard totals[Int(reference.rawValue)].atRisk > 0 else { throw .referenceCategoryUnobserved(category: reference.label) }
        // Estimated shifts: present categories other than the reference, in category order.
        let estimated = VectorCategory.allCases.filter { $0 != reference && totals[Int($0.rawValue)].atRisk > 0 }
        for category in estimated {
            let t = totals[Int(category.rawValue)]
            if t.churned == 0 || t.churned == t.atRisk {
                throw .categoryShiftUnbounded(category: category.label, atRisk: t.atRisk, churned: t.churned)
            }
        }
        var shiftIndex = [Int](repeating: -1, count: 4)
        for (i, category) in estimated.enumerated() { shiftIndex[Int(category.rawValue)] = 2 + i }
        let cells = pooled.keys.sorted().map { key in
            (
                period: Double(key / 4), shift: shiftIndex[key % 4], atRisk: Double(pooled[key]?.atRisk ?? 0),
                churned: Double(pooled[key]?.churned ?? 0)
            )
        }
        let n = 2 + estimated.count

        // η = u − ln(β + t − 1) + γ_k with u = ln α, v = ln β: ∂η/∂u = 1, ∂η/∂v = −w,
        // ∂²η/∂v² = −w(1 − w) with w = β/(β + t − 1), ∂η/∂γ_k = 1.
        let evaluate: ([Double]) -> DampedNewton.Evaluation? = { x in
            let logAlpha = x[0]
            let b = exp(x[1])
            var value = 0.0
            var gradient = [Double](repeating: 0, count: n)
            var hessian = [Double](repeating: 0, count: n * n)
            for cell in cells {
                let w = b / (b + cell.period - 1)
                let eta = logAlpha - log(b + cell.period - 1) + (cell.shift >= 0 ? x[cell.shift] : 0)
                let p = 1 / (1 + exp(-eta))
                value += cell.churned * eta - cell.atRisk * softplus(eta)
                let residual = cell.churned - cell.atRisk * p
                let weight = cell.atRisk * p * (1 - p)
                var d = [(index: 0, value: 1.0), (index: 1, value: -w)]
                if cell.shift >= 0 { d.append((cell.shift, 1)) }
                for (i, di) in d {
                    gradient[i] += residual * di
                    for (j, dj) in d { hessian[i * n + j] -= weight * di * dj }
                }
                hessian[1 * n + 1] += residual * -w * (1 - w)
            }
            return DampedNewton.Evaluation(value: value, gradient: gradient, hessian: hessian)
        }
        let optimiser = DampedNewton(
            maxIterations: maxIterations,
            lower: [log(1e-6), log(1e-6)] + Array(repeating: -30, count: estimated.count),
            upper: [log(1e7), log(1e7)] + Array(repeating: 30, count: estimated.count))
        switch optimiser.maximize(from: [Double](repeating: 0, count: n), evaluate) {
        case let .converged(x, state, iterations):
            let a = exp(x[0]), b = exp(x[1])
            var shifts = CategoryValues()
            shifts[reference] = 0
            var errors = CategoryValues()
            let covariance = DampedNewton.inverse(state.hessian.map { -$0 }, n: n)
            func se(_ i: Int) -> Double { covariance.map { $0[i * n + i].squareRoot() } ?? .nan }
            for (i, category) in estimated.enumerated() {
                shifts[category] = x[2 + i]
                errors[category] = se(2 + i)
            }
            return CategoryShiftedBetaGeometricFit(
                model: CategoryShiftedBetaGeometric(uncheckedAlpha: a, beta: b, reference: reference, shifts: shifts),
                logLikelihood: state.value, iterations: iterations, alphaStandardError: a * se(0), betaStandardError: b * se(1),
                shiftStandardErrors: errors, customerPeriods: customerPeriods, churned: churned)
        case let .boundary(_, parameter):
            let name = parameter == 0 ? "alpha" : parameter == 1 ? "beta" : "the \(estimated[parameter - 2].label) shift"
            throw .noInteriorMaximumCategoryModel(parameter: name)
        case let .notConverged(x, iterations):
            throw .didNotConverge(iterations: iterations, alpha: exp(x[0]), beta: exp(x[1]))
        }
    }

    /// `ln(1 + e^x)` without overflow.
    static func softplus(_ x: Double) -> Double {
        x > 0 ? x + log1p(exp(-x)) : log1p(exp(x))
    }
}
