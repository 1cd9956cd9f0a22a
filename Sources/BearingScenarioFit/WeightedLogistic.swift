#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Maximum-likelihood logistic regression with row weights and fractional labels, by Newton's
/// method (iteratively reweighted least squares), for the handful of covariates a scenario's
/// `LogisticEffect` has.
///
/// Maximises Σ_i w_i [y_i·η_i − log(1 + e^{η_i})] − (ridge/2)·‖β‖² over the intercept and the
/// slopes β (the intercept is not penalised), with η_i = b0 + Σ_j β_j x_ij and y_i in [0, 1].
/// A fractional label y with weight w is the same likelihood as two rows (label 1 with weight
/// w·y, label 0 with weight w·(1 − y)), which is how the tests compare it with scikit-learn.
/// The tiny default ridge only keeps a column that is all zeros (e.g. no stretch-fit customers)
/// at 0 instead of making the Hessian singular; it moves real coefficients by far less than
/// their standard errors. Sums run in row order, so results do not depend on threads.
package enum WeightedLogistic {
    package struct Fit: Sendable, Hashable {
        package var intercept: Double
        package var coefficients: [Double]
        package var iterations: Int
        package var converged: Bool
        /// Σ w_i (the effective number of rows).
        package var weightSum: Double
    }

    /// `columns[j][i]` is covariate j of row i; `weights` nil means 1 for every row.
    package static func fit(
        columns: [[Double]], labels: [Double], weights: [Double]? = nil, ridge: Double = 1e-6,
        maxIterations: Int = 60, tolerance: Double = 1e-10
    ) -> Fit {
        let n = labels.count
        let p = columns.count + 1
        var beta = [Double](repeating: 0, count: p)
        var weightSum = 0.0
        var positive = 0.0
        for i in 0..<n {
            let w = weights?[i] ?? 1
            weightSum += w
            positive += w * labels[i]
        }
        // Start at the weighted base rate: Newton then converges in a few steps.
        if weightSum > 0 {
            let rate = min(1 - 1e-9, max(1e-9, positive / weightSum))
            beta[0] = log(rate / (1 - rate))
        }
        var iterations = 0
        var converged = false
        var objective = penalised(columns: columns, labels: labels, weights: weights, beta: beta, ridge: ridge)
        var x = [Double](repeating: 0, count: p)
        while iterations < maxIterations {
            iterations += 1
            var gradient = [Double](repeating: 0, count: p)
            var hessian = [Double](repeating: 0, count: p * p)
            for i in 0..<n {
                let w = weights?[i] ?? 1
                if w == 0 { continue }
                x[0] = 1
                var eta = beta[0]
                for j in 1..<p {
                    x[j] = columns[j - 1][i]
                    eta += beta[j] * x[j]
                }
                let mu = sigmoid(eta)
                let r = w * (labels[i] - mu)
                let h = w * mu * (1 - mu)
                for a in 0..<p {
                    gradient[a] += r * x[a]
                    let hx = h * x[a]
                    for b in 0...a { hessian[a * p + b] += hx * x[b] }
                }
            }
            for a in 0..<p {
                for b in 0..<a { hessian[b * p + a] = hessian[a * p + b] }
            }
            for j in 1..<p {
                gradient[j] -= ridge * beta[j]
                hessian[j * p + j] += ridge
            }
            // A row-free or degenerate problem: keep the current estimate.
            guard let step = SmallLinearSolve.solve(hessian, gradient, size: p) else { break }
            // Step halving keeps every Newton step an ascent step (separable corners).
            var scale = 1.0
            var candidate = beta
            var accepted = false
            for _ in 0..<30 {
                for j in 0..<p { candidate[j] = beta[j] + scale * step[j] }
                let value = penalised(columns: columns, labels: labels, weights: weights, beta: candidate, ridge: ridge)
                if value >= objective - 1e-12 * max(1, abs(objective)) {
                    objective = value
                    accepted = true
                    break
                }
                scale /= 2
            }
            guard accepted else {
                converged = true
                break
            }
            let change = zip(candidate, beta).reduce(0) { max($0, abs($1.0 - $1.1)) }
            beta = candidate
            if change < tolerance * max(1, beta.reduce(0) { max($0, abs($1)) }) {
                converged = true
                break
            }
        }
        return Fit(
            intercept: beta[0], coefficients: Array(beta.dropFirst()), iterations: iterations, converged: converged,
            weightSum: weightSum)
    }

    /// The weighted log-likelihood minus the ridge penalty.
    static func penalised(columns: [[Double]], labels: [Double], weights: [Double]?, beta: [Double], ridge: Double) -> Double {
        var total = 0.0
        for i in labels.indices {
            let w = weights?[i] ?? 1
            if w == 0 { continue }
            var eta = beta[0]
            for j in 1..<beta.count { eta += beta[j] * columns[j - 1][i] }
            // log(1 + e^η) without overflow.
            let softplus = eta > 0 ? eta + log1p(exp(-eta)) : log1p(exp(eta))
            total += w * (labels[i] * eta - softplus)
        }
        for j in 1..<beta.count { total -= ridge / 2 * beta[j] * beta[j] }
        return total
    }

    @inline(__always)
    static func sigmoid(_ eta: Double) -> Double {
        eta >= 0 ? 1 / (1 + exp(-eta)) : exp(eta) / (1 + exp(eta))
    }
}
