#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The maximum-likelihood beta-discrete-Weibull fit to one or more cohorts' survivor counts.
public struct BetaDiscreteWeibullFit: Sendable, Hashable, Codable {
    public var model: BetaDiscreteWeibull
    /// Maximised log-likelihood `Σ_cohorts [Σ_t lost_t · ln P(T=t) + survivors_k · ln S(k)]`.
    public var logLikelihood: Double
    /// Newton iterations used.
    public var iterations: Int
    /// Approximate standard errors of alpha, beta and c (of alpha and beta only when c was
    /// fixed) from the inverse observed information, by the delta method from log space.
    public var standardErrors: [Double]
    /// Whether `c` was held fixed instead of estimated.
    public var fixedShape: Bool
    public var customers: Int
    public var cohorts: Int

    public var alpha: Double { model.alpha }
    public var beta: Double { model.beta }
    public var c: Double { model.c }
    /// Estimated parameters: 3, or 2 with `c` fixed.
    public var parameterCount: Int { fixedShape ? 2 : 3 }

    enum CodingKeys: String, CodingKey {
        case model
        case logLikelihood = "log_likelihood"
        case iterations
        case standardErrors = "standard_errors"
        case fixedShape = "fixed_shape"
        case customers, cohorts
    }
}

extension BetaDiscreteWeibull {
    /// Log-likelihood of survivor counts (cohorts share the parameters; the survivors at each
    /// cohort's last period are right-censored). Counts must pass `SurvivalCounts.validate()`.
    /// At `c = 1` it equals ``ShiftedBetaGeometric/logLikelihood(_:)`` up to rounding.
    public func logLikelihood(_ cohorts: [SurvivalCounts]) -> Double {
        Self.likelihood(alpha: alpha, beta: beta, c: c, cohorts: cohorts, gradient: false).value
    }

    /// Fits alpha, beta and c (or alpha and beta with `fixedC`) by maximum likelihood.
    ///
    /// Optimiser: damped Newton on `(ln α, ln β, ln c)` (`DampedNewton`) with the analytic
    /// gradient (digamma terms) and a Hessian by central differences of it (step 1e-5 in log
    /// space); converged when the full Newton step is below 1e-10 in log space. The free fit
    /// starts from the sBG estimate at `c = 1` (from α = β = c = 1 when sBG has no interior
    /// maximum); a fixed-`c` fit starts from α = β = 1. Throws when counts are invalid, when
    /// nobody cancelled, or when the maximum lies on the boundary (α or β leaving [1e-6, 1e7],
    /// c leaving [1e-3, 1e3]).
    public static func fit(
        _ cohorts: [SurvivalCounts], fixedC: Double? = nil, maxIterations: Int = 200
    ) throws(RetentionModelError) -> BetaDiscreteWeibullFit {
        guard !cohorts.isEmpty else { throw .noCohorts }
        for c in cohorts { try c.validate() }
        if let fixedC, !(fixedC.isFinite && fixedC > 0) { throw .invalidShape(c: fixedC) }
        let customers = cohorts.reduce(0) { $0 + $1.survivors[0] }
        let churned = cohorts.reduce(0) { $0 + $1.survivors[0] - $1.survivors[$1.survivors.count - 1] }
        guard churned > 0 else { throw .noChurn }

        let free = fixedC == nil
        var start = [0.0, 0.0]
        if free {
            let sbg = try? ShiftedBetaGeometric.fit(cohorts)
            start = [log(sbg?.alpha ?? 1), log(sbg?.beta ?? 1), 0]
        }
        func parameters(_ x: [Double]) -> (Double, Double, Double) {
            (exp(x[0]), exp(x[1]), free ? exp(x[2]) : fixedC ?? 1)
        }
        /// Gradient in log space (the chain rule multiplies by the parameter).
        func logGradient(_ x: [Double]) -> (value: Double, gradient: [Double]) {
            let (a, b, c) = parameters(x)
            let l = likelihood(alpha: a, beta: b, c: c, cohorts: cohorts, gradient: true)
            let g = [a * l.gradient[0], b * l.gradient[1], c * l.gradient[2]]
            return (l.value, Array(g.prefix(x.count)))
        }
        let n = start.count
        let step = 1e-5
        let evaluate: ([Double]) -> DampedNewton.Evaluation? = { x in
            let centre = logGradient(x)
            guard centre.value.isFinite else { return nil }
            var hessian = [Double](repeating: 0, count: n * n)
            for j in 0..<n {
                var up = x, down = x
                up[j] += step
                down[j] -= step
                let gu = logGradient(up).gradient, gd = logGradient(down).gradient
                for i in 0..<n { hessian[i * n + j] = (gu[i] - gd[i]) / (2 * step) }
            }
            for i in 0..<n {
                for j in 0..<i {
                    let mean = (hessian[i * n + j] + hessian[j * n + i]) / 2
                    hessian[i * n + j] = mean
                    hessian[j * n + i] = mean
                }
            }
            return DampedNewton.Evaluation(value: centre.value, gradient: centre.gradient, hessian: hessian)
        }
        let optimiser = DampedNewton(
            maxIterations: maxIterations,
            lower: [log(1e-6), log(1e-6), log(1e-3)].prefix(n).map { $0 },
            upper: [log(1e7), log(1e7), log(1e3)].prefix(n).map { $0 })
        switch optimiser.maximize(from: start, evaluate) {
        case let .converged(x, state, iterations):
            let (a, b, c) = parameters(x)
            let covariance = DampedNewton.inverse(state.hessian.map { -$0 }, n: n)
            let scale = [a, b, c]
            let se = (0..<n).map { i in covariance.map { scale[i] * $0[i * n + i].squareRoot() } ?? .nan }
            return BetaDiscreteWeibullFit(
                model: BetaDiscreteWeibull(uncheckedAlpha: a, beta: b, c: c), logLikelihood: state.value,
                iterations: iterations, standardErrors: se, fixedShape: !free, customers: customers, cohorts: cohorts.count)
        case let .boundary(x, _):
            let (a, b, c) = parameters(x)
            throw .noInteriorMaximumBdW(alpha: a, beta: b, c: c)
        case let .notConverged(x, iterations):
            let (a, b, _) = parameters(x)
            throw .didNotConverge(iterations: iterations, alpha: a, beta: b)
        }
    }

    /// Log-likelihood and (optionally) its gradient in `(α, β, c)`.
    ///
    /// With `x_t = t^c` and `L_t = ln S(t)`:
    /// `∂L_t/∂α = ψ(α+β) − ψ(α+β+x_t)`,
    /// `∂L_t/∂β = ψ(β+x_t) − ψ(α+β+x_t) − ψ(β) + ψ(α+β)`,
    /// `∂L_t/∂c = (ψ(β+x_t) − ψ(α+β+x_t)) · x_t ln t`;
    /// `ln P(T=t) = L_{t−1} + ln(1 − r)`, `r = e^{L_t − L_{t−1}}`, so
    /// `∂ ln P(T=t) = (∂L_{t−1} − r ∂L_t)/(1 − r)`.
    static func likelihood(
        alpha a: Double, beta b: Double, c: Double, cohorts: [SurvivalCounts], gradient: Bool
    ) -> (value: Double, gradient: [Double]) {
        let model = BetaDiscreteWeibull(uncheckedAlpha: a, beta: b, c: c)
        let psiAB = gradient ? SpecialFunctions.digamma(a + b) : 0
        let psiB = gradient ? SpecialFunctions.digamma(b) : 0
        let longest = cohorts.map { $0.survivors.count - 1 }.max() ?? 0
        // L_t and its gradient for t = 0...longest, shared by every cohort.
        var logS = [Double](repeating: 0, count: longest + 1)
        var dLogS = [SIMD4<Double>](repeating: .zero, count: longest + 1)
        for t in stride(from: 1, through: longest, by: 1) {
            let tt = Double(t)
            logS[t] = model.logSurvival(tt)
            if gradient {
                let x = pow(tt, c)
                let psiBX = SpecialFunctions.digamma(b + x)
                let psiABX = SpecialFunctions.digamma(a + b + x)
                dLogS[t] = SIMD4(psiAB - psiABX, psiBX - psiABX - psiB + psiAB, (psiBX - psiABX) * x * log(tt), 0)
            }
        }
        var ll = 0.0
        var grad = SIMD4<Double>.zero
        for cohort in cohorts {
            let n = cohort.survivors
            let k = n.count - 1
            for t in 1...k {
                let lost = Double(n[t - 1] - n[t])
                guard lost > 0 else { continue }
                let delta = logS[t] - logS[t - 1]
                ll += lost * (logS[t - 1] + log(-expm1(delta)))
                if gradient {
                    let r = exp(delta)
                    grad += lost * (dLogS[t - 1] - r * dLogS[t]) / -expm1(delta)
                }
            }
            let censored = Double(n[k])
            if censored > 0 {
                ll += censored * logS[k]
                if gradient { grad += censored * dLogS[k] }
            }
        }
        return (ll, [grad[0], grad[1], grad[2]])
    }
}
