#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The maximum-likelihood sBG fit to one or more cohorts' survivor counts.
public struct ShiftedBetaGeometricFit: Sendable, Hashable, Codable {
    public var model: ShiftedBetaGeometric
    /// Maximised log-likelihood `Σ_cohorts [Σ_t lost_t · ln P(T=t) + survivors_k · ln S(k)]`.
    public var logLikelihood: Double
    /// Newton iterations used.
    public var iterations: Int
    /// Approximate standard errors of alpha and beta from the inverse observed information
    /// (delta method from the log-parameter Hessian).
    public var standardErrors: [Double]
    public var customers: Int
    public var cohorts: Int

    public var alpha: Double { model.alpha }
    public var beta: Double { model.beta }
}

extension ShiftedBetaGeometric {
    /// Log-likelihood of survivor counts (cohorts share alpha and beta; the survivors at each
    /// cohort's last period are right-censored). Counts must pass `SurvivalCounts.validate()`.
    public func logLikelihood(_ cohorts: [SurvivalCounts]) -> Double {
        Self.likelihood(alpha: alpha, beta: beta, cohorts: cohorts, derivatives: false).value
    }

    /// Fits alpha and beta by maximum likelihood.
    ///
    /// Optimiser: Newton's method on `(ln α, ln β)` with analytic gradient and Hessian (each
    /// log-probability is a finite sum of logs of linear terms, so no digamma is needed),
    /// Levenberg damping whenever the Hessian is not negative definite or a step fails to raise
    /// the likelihood, and steps capped at 2 in log space. Converged when the Hessian is negative
    /// definite and the full Newton step is below 1e-10 in log space, i.e. α and β are within a
    /// relative 1e-10 of the quadratic model's maximum.
    /// Starts from α = β = 1. Throws when counts are invalid, when nobody cancelled, or when the
    /// maximum lies on the boundary (α or β leaving [1e-6, 1e7]).
    public static func fit(_ cohorts: [SurvivalCounts], maxIterations: Int = 200) throws(RetentionModelError) -> ShiftedBetaGeometricFit {
        guard !cohorts.isEmpty else { throw .noCohorts }
        for c in cohorts { try c.validate() }
        let customers = cohorts.reduce(0) { $0 + $1.survivors[0] }
        let churned = cohorts.reduce(0) { $0 + $1.survivors[0] - $1.survivors[$1.survivors.count - 1] }
        guard churned > 0 else { throw .noChurn }

        var u = 0.0, v = 0.0  // ln α, ln β
        var current = likelihood(alpha: 1, beta: 1, cohorts: cohorts, derivatives: true)
        var damping = 0.0
        let logLower = log(1e-6), logUpper = log(1e7)
        for iteration in 0..<maxIterations {
            // Negative Hessian in log space (positive definite at an interior maximum).
            let h11 = -current.uu, h22 = -current.vv, h12 = -current.uv
            let g1 = current.u, g2 = current.v
            let det = h11 * h22 - h12 * h12
            if h11 > 0, det > 0 {
                let newton = max(abs((h22 * g1 - h12 * g2) / det), abs((h11 * g2 - h12 * g1) / det))
                if newton < 1e-10 {
                    return makeFit(u: u, v: v, state: current, iterations: iteration, customers: customers, cohorts: cohorts.count)
                }
            }
            let scale = max(abs(h11), abs(h22), 1e-12)
            var accepted = false
            for _ in 0..<80 {
                let a11 = h11 + damping * scale, a22 = h22 + damping * scale
                let dampedDet = a11 * a22 - h12 * h12
                if a11 > 0, dampedDet > 0 {
                    var s1 = (a22 * g1 - h12 * g2) / dampedDet
                    var s2 = (a11 * g2 - h12 * g1) / dampedDet
                    let longest = max(abs(s1), abs(s2))
                    if longest > 2 { s1 *= 2 / longest; s2 *= 2 / longest }
                    let candidate = likelihood(alpha: exp(u + s1), beta: exp(v + s2), cohorts: cohorts, derivatives: true)
                    // Accept any step that does not lower the likelihood beyond rounding.
                    if candidate.value.isFinite, candidate.value >= current.value - 1e-13 * abs(current.value) {
                        u += s1
                        v += s2
                        current = candidate
                        accepted = true
                        damping = damping > 1e-8 ? damping / 4 : 0
                        break
                    }
                }
                damping = damping == 0 ? 1e-4 : damping * 4
            }
            if u < logLower || u > logUpper || v < logLower || v > logUpper {
                throw .noInteriorMaximum(alpha: exp(u), beta: exp(v))
            }
            if !accepted { break }
        }
        throw .didNotConverge(iterations: maxIterations, alpha: exp(u), beta: exp(v))
    }

    private static func makeFit(
        u: Double, v: Double, state: Likelihood, iterations: Int, customers: Int, cohorts: Int
    ) -> ShiftedBetaGeometricFit {
        // Covariance of (ln α, ln β) is the inverse negative Hessian; the delta method scales by α, β.
        let h11 = -state.uu, h22 = -state.vv, h12 = -state.uv
        let det = h11 * h22 - h12 * h12
        let alpha = exp(u), beta = exp(v)
        let se = det > 0 ? [alpha * sqrt(h22 / det), beta * sqrt(h11 / det)] : [Double.nan, .nan]
        return ShiftedBetaGeometricFit(
            model: ShiftedBetaGeometric(uncheckedAlpha: alpha, beta: beta),
            logLikelihood: state.value, iterations: iterations, standardErrors: se,
            customers: customers, cohorts: cohorts)
    }

    /// Log-likelihood and its first and second derivatives with respect to `(ln α, ln β)`.
    struct Likelihood {
        var value = 0.0
        var u = 0.0, v = 0.0, uu = 0.0, vv = 0.0, uv = 0.0
    }

    /// With `lA_t = Σ_{j<t} ln(α+β+j)` and `lB_t = Σ_{j<t} ln(β+j)`:
    /// `ln P(T=t) = ln α + lB_{t−1} − lA_t` and `ln S(t) = lB_t − lA_t`; their α, β derivatives
    /// are the matching sums of `1/(·)` and `−1/(·)²`.
    static func likelihood(alpha a: Double, beta b: Double, cohorts: [SurvivalCounts], derivatives: Bool) -> Likelihood {
        var ll = 0.0
        var la = 0.0, lb = 0.0, laa = 0.0, lbb = 0.0, lab = 0.0  // derivatives in α, β
        for cohort in cohorts {
            let n = cohort.survivors
            let k = n.count - 1
            // Running sums over j < t (A: α+β+j, B: β+j).
            var logA = 0.0, logB = 0.0
            var invA = 0.0, invB = 0.0, invA2 = 0.0, invB2 = 0.0
            for t in 1...k {
                let j = Double(t - 1)
                // Before adding j = t−1 to B, the B sums run over j < t−1, as ln P(T=t) needs.
                let lost = Double(n[t - 1] - n[t])
                logA += log(a + b + j)
                if derivatives {
                    invA += 1 / (a + b + j)
                    invA2 += 1 / ((a + b + j) * (a + b + j))
                }
                if lost > 0 {
                    ll += lost * (log(a) + logB - logA)
                    if derivatives {
                        la += lost * (1 / a - invA)
                        lb += lost * (invB - invA)
                        laa += lost * (-1 / (a * a) + invA2)
                        lbb += lost * (-invB2 + invA2)
                        lab += lost * invA2
                    }
                }
                logB += log(b + j)
                if derivatives {
                    invB += 1 / (b + j)
                    invB2 += 1 / ((b + j) * (b + j))
                }
            }
            let censored = Double(n[k])
            if censored > 0 {
                ll += censored * (logB - logA)
                if derivatives {
                    la += censored * -invA
                    lb += censored * (invB - invA)
                    laa += censored * invA2
                    lbb += censored * (-invB2 + invA2)
                    lab += censored * invA2
                }
            }
        }
        var out = Likelihood()
        out.value = ll
        if derivatives {
            out.u = a * la
            out.v = b * lb
            out.uu = a * a * laa + a * la
            out.vv = b * b * lbb + b * lb
            out.uv = a * b * lab
        }
        return out
    }
}
