import BearingMetrics

/// Damped Newton maximisation of a smooth function of a few unconstrained parameters (the
/// log-parameters and shifts of the retention models), shared by their maximum-likelihood fits.
///
/// Each iteration solves `(−H + λ·s·I) step = g` by Cholesky (`s` the largest diagonal entry of
/// `−H`), with Levenberg damping `λ` raised whenever `−H + λsI` is not positive definite or a
/// step lowers the function beyond rounding, and lowered after accepted steps; steps are capped
/// at `maxStep` in the largest coordinate. Converged when `−H` is positive definite and the full
/// Newton step is below `tolerance` in every coordinate (so the parameters are within that of
/// the quadratic model's maximum). `bounds` stop the search when a parameter runs off to the
/// edge of the space, which is how a likelihood without an interior maximum shows itself.
struct DampedNewton {
    /// Value, gradient and Hessian (row-major `n × n`) at a point.
    struct Evaluation {
        var value: Double
        var gradient: [Double]
        var hessian: [Double]
    }

    enum Outcome {
        case converged(point: [Double], at: Evaluation, iterations: Int)
        /// A parameter left its bounds (index of the first one).
        case boundary(point: [Double], parameter: Int)
        case notConverged(point: [Double], iterations: Int)
    }

    var maxIterations = 200
    var tolerance = 1e-10
    var maxStep = 2.0
    var lower: [Double]
    var upper: [Double]

    /// Maximises `evaluate` from `start`; `evaluate` returns nil (or a non-finite value) where
    /// the function is undefined, which rejects the step.
    func maximize(from start: [Double], _ evaluate: ([Double]) -> Evaluation?) -> Outcome {
        let n = start.count
        var x = start
        guard var current = evaluate(x), current.value.isFinite else { return .notConverged(point: x, iterations: 0) }
        var damping = 0.0
        for iteration in 0..<maxIterations {
            let negative = current.hessian.map { -$0 }
            if let full = Cholesky.solve(symmetric: negative, dimension: n, rhs: current.gradient), full.allSatisfy({ abs($0) < tolerance }) {
                return .converged(point: x, at: current, iterations: iteration)
            }
            let scale = max((0..<n).map { abs(negative[$0 * n + $0]) }.max() ?? 0, 1e-12)
            var accepted = false
            for _ in 0..<80 {
                var damped = negative
                for i in 0..<n { damped[i * n + i] += damping * scale }
                if var step = Cholesky.solve(symmetric: damped, dimension: n, rhs: current.gradient) {
                    let longest = step.map(abs).max() ?? 0
                    if longest > maxStep { step = step.map { $0 * maxStep / longest } }
                    let candidatePoint = zip(x, step).map(+)
                    if let candidate = evaluate(candidatePoint), candidate.value.isFinite,
                        candidate.value >= current.value - 1e-13 * abs(current.value)
                    {
                        x = candidatePoint
                        current = candidate
                        accepted = true
                        damping = damping > 1e-8 ? damping / 4 : 0
                        break
                    }
                }
                damping = damping == 0 ? 1e-4 : damping * 4
            }
            if let i = x.indices.first(where: { x[$0] < lower[$0] || x[$0] > upper[$0] }) {
                return .boundary(point: x, parameter: i)
            }
            if !accepted { break }
        }
        return .notConverged(point: x, iterations: maxIterations)
    }

    /// The inverse of a symmetric positive definite matrix (the covariance from the observed
    /// information), nil when it is not positive definite.
    static func inverse(_ a: [Double], n: Int) -> [Double]? {
        guard let l = Cholesky.factor(dimension: n, entry: { i, j in a[i * n + j] }) else { return nil }
        var result = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var e = [Double](repeating: 0, count: n)
            e[j] = 1
            let column = Cholesky.solve(factor: l, dimension: n, rhs: e)
            for i in 0..<n { result[i * n + j] = column[i] }
        }
        return result
    }
}
