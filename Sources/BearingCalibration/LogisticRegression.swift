import BearingMetrics
import Foundation

/// Settings of an L2-regularised logistic regression fit.
///
/// The objective minimised over intercept b and coefficients w is
///
///     L(b, w) = Σ_i logloss(y_i, σ(b + w·x_i)) + (λ/2) ‖w‖²,   λ = 1/C,
///
/// which is scikit-learn's `LogisticRegression(penalty='l2', C=C, fit_intercept=True)` objective
/// `C Σ logloss + ½‖w‖²` divided by C: the same minimiser. The intercept is not penalised.
public struct LogisticOptions: Sendable, Hashable, Codable {
    /// Inverse regularisation strength, as in scikit-learn (λ = 1/C). `.infinity` fits without
    /// penalty (then the data must not be separable).
    public var c: Double
    /// Convergence: stop when max_j |∂L/∂w_j| ≤ `gradientTolerance · n` (n = rows), i.e. the
    /// mean gradient per row is below `gradientTolerance`. The default 1e-10 puts coefficients
    /// within ~1e-9 of the exact optimum on standardised features.
    public var gradientTolerance: Double
    /// Newton iterations allowed before giving up with `converged == false`.
    public var maxIterations: Int
    /// Worker threads for the data pass; nil means every active core. Results do not depend on it.
    public var threads: Int?

    public init(c: Double = 1, gradientTolerance: Double = 1e-10, maxIterations: Int = 100, threads: Int? = nil) {
        self.c = c
        self.gradientTolerance = gradientTolerance
        self.maxIterations = maxIterations
        self.threads = threads
    }

    /// λ = 1/C, the penalty weight on ½‖w‖² in the per-row-summed objective.
    public var lambda: Double { 1 / c }
}

/// A fitted logistic regression on a design matrix's columns.
public struct LogisticFit: Sendable, Hashable, Codable {
    public var intercept: Double
    /// One coefficient per design-matrix column.
    public var coefficients: [Double]
    /// The options it was fitted with.
    public var options: LogisticOptions
    /// Penalised objective L at the solution (see `LogisticOptions`).
    public var objective: Double
    /// max_j |∂L/∂w_j| at the solution, intercept included.
    public var maxAbsGradient: Double
    /// Newton steps taken.
    public var iterations: Int
    /// Passes over the data (one per Newton step plus any line-search retries, plus the first).
    public var passes: Int
    /// Whether the gradient criterion was met.
    public var converged: Bool

    /// Linear predictor b + w·x of one row given as standardised values.
    public func logit(_ row: [Double]) -> Double {
        var eta = intercept
        for (w, v) in zip(coefficients, row) { eta += w * v }
        return eta
    }
}

/// L2-regularised logistic regression by damped Newton's method (IRLS) with a Cholesky solve.
///
/// Each iteration makes one pass over the rows that yields the log-loss, gradient and Hessian
/// together (`LogisticKernel`, Double accumulation, row blocks summed in a fixed order, so the
/// result is identical for any thread count). The Newton step is taken in full unless the
/// objective fails the Armijo test, in which case it is halved; the objective at a trial point
/// comes from the same pass that computes the next gradient, so accepted steps cost one pass.
public enum LogisticRegression {
    /// Dense Newton: the Hessian is (d+1)²; beyond this many features use a different solver.
    public static let maxFeatures = 256

    /// Fits the model. `start` (intercept first, then one coefficient per column) is where
    /// Newton begins, e.g. the solution of a neighbouring problem (the previous period's fit in a
    /// walk-forward, or the fit at a neighbouring C): the problem is strictly convex, so the
    /// solution is the same to the gradient tolerance, and a near start saves Newton steps.
    /// Without it (or with a start of the wrong size or not finite), Newton begins at the base rate.
    public static func fit(
        _ x: DesignMatrix, labels: [Bool], options: LogisticOptions = LogisticOptions(), start: [Double]? = nil
    ) throws(CalibrationError) -> LogisticFit {
        try fit(x, tiles: nil, labels: labels, options: options, start: start)
    }

    /// A fit and Newton's convergence rate κ on its last full step (|g'| ≈ κ|g|² per row; nil
    /// when no full step measured it): a neighbouring problem's fit can start from both.
    struct Solved: Sendable {
        var fit: LogisticFit
        var rate: Double?
    }

    /// `fit` with the design already regrouped for the kernel (`tiles` of `x`), so that fits at
    /// several C on one design (the vector's cross-validation) regroup it once, not once each;
    /// `stopping` says whether the last step is confirmed by a pass (`NewtonStopping`).
    static func fit(
        _ x: DesignMatrix, tiles prepared: LogisticKernel.Tiles?, labels: [Bool], options: LogisticOptions, start: [Double]?,
        stopping: NewtonStopping = .verified
    ) throws(CalibrationError) -> LogisticFit {
        try solve(x, tiles: prepared, labels: labels, options: options, start: start, stopping: stopping).fit
    }

    /// `fit`, given the convergence rate `rate` of the fit that `start` comes from (`Solved`).
    ///
    /// With the rate, Newton can predict from the first pass that one step reaches the
    /// tolerance: under `.verified` that saves the Hessian of the confirming pass (the same
    /// bits), under `.predicted` the confirming pass itself, so a start that is already close
    /// (the C path of a walk-forward) costs one pass instead of two.
    static func solve(
        _ x: DesignMatrix, tiles prepared: LogisticKernel.Tiles?, labels: [Bool], options: LogisticOptions, start: [Double]?,
        rate: Double? = nil, stopping: NewtonStopping = .verified
    ) throws(CalibrationError) -> Solved {
        let n = x.rowCount
        let d = x.columnCount
        guard labels.count == n else { throw .lengthMismatch(what: "labels", expected: n, found: labels.count) }
        guard n > 0 else { throw .noTrainingRows("the design matrix has no rows") }
        guard d <= maxFeatures else { throw .tooManyFeatures(count: d, limit: maxFeatures) }
        guard options.c > 0, !options.c.isNaN else { throw .invalidRegularization(options.c) }
        guard options.gradientTolerance > 0, options.maxIterations >= 1 else {
            throw .invalidOption("gradientTolerance must be positive and maxIterations at least 1")
        }
        let positives = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard positives > 0, positives < n else { throw .singleClass(positives: positives, rows: n) }

        let y = labels.map { $0 ? Float(1) : Float(0) }
        let workers = max(1, options.threads ?? ProcessInfo.processInfo.activeProcessorCount)
        let lambda = options.c.isInfinite ? 0 : 1 / options.c
        let p = d + 1
        let tolerance = options.gradientTolerance * Double(n)

        // Start at w = 0 with the intercept at the log-odds of the base rate: the exact optimum
        // when every coefficient is 0, which saves a Newton step.
        let base = Double(positives) / Double(n)
        var w = [Double](repeating: 0, count: p)
        w[0] = log(base / (1 - base))
        if let start, start.count == p, start.allSatisfy(\.isFinite) { w = start }

        // Regrouped once for every pass of this fit (`LogisticKernel.Tiles`).
        let tiles = prepared ?? LogisticKernel.Tiles(x)
        func penalised(_ w: [Double], hessian: Bool) -> (objective: Double, gradient: [Double], hessian: [Double]) {
            var pass = LogisticKernel.evaluate(tiles, labels: y, coefficients: w, hessian: hessian, workers: workers)
            var penalty = 0.0
            for j in 1..<p {
                penalty += w[j] * w[j]
                pass.gradient[j] += lambda * w[j]
                if hessian { pass.hessian[j * (j + 1) / 2 + j] += lambda }
            }
            return (pass.loss + 0.5 * lambda * penalty, pass.gradient, pass.hessian)
        }
        func largest(_ g: [Double]) -> Double { g.reduce(0) { max($0, abs($1)) } }

        var current = penalised(w, hessian: true)
        var passes = 1
        var iterations = 0
        var converged = false
        // Newton's gradient shrinks quadratically near the optimum, |g'| ≈ κ|g|² (per row).
        // κ measured on the last full step predicts when the next point will pass the test;
        // that point's pass then skips the Hessian (the larger part of a pass), which the
        // converged fit never uses. Loss and gradient are the same bits with or without it, so
        // a wrong guess costs one more pass, never a different result.
        var kappa = rate.flatMap { $0.isFinite && $0 >= 0 ? $0 : nil }
        // Set when the last step is taken on a prediction (`NewtonStopping.predicted`).
        var predicted: (objective: Double, maxAbsGradient: Double)?
        while true {
            let gmax = largest(current.gradient)
            if gmax <= tolerance { converged = true; break }
            if iterations >= options.maxIterations { break }
            if current.hessian.isEmpty {
                current = penalised(w, hessian: true)
                passes += 1
            }
            iterations += 1
            guard let step = newtonStep(hessian: current.hessian, gradient: current.gradient, dimension: p) else {
                throw .singularHessian(iteration: iterations)
            }
            var slope = 0.0
            for j in 0..<p { slope += current.gradient[j] * step[j] }
            let perRow = gmax / Double(n)
            // A factor of 10 of slack on the prediction: a miss costs a gradient-only pass.
            let likelyLast = kappa.map { 10 * $0 * perRow * perRow <= options.gradientTolerance } ?? false
            if likelyLast, stopping == .predicted, let kappa {
                for j in 0..<p { w[j] += step[j] }
                // The quadratic model's objective at the Newton point: f + g·δ + ½δᵀHδ = f + ½g·δ.
                predicted = (current.objective + 0.5 * slope, kappa * perRow * perRow * Double(n))
                converged = true
                break
            }
            var t = 1.0
            var accepted = false
            // Rounding slack so a converged objective that only wobbles in its last bits still passes.
            let slack = 1e-13 * abs(current.objective)
            while t >= 1e-12 {
                var trial = w
                for j in 0..<p { trial[j] += t * step[j] }
                let next = penalised(trial, hessian: !(likelyLast && t == 1))
                passes += 1
                if next.objective.isFinite, next.objective <= current.objective + 1e-4 * t * slope + slack {
                    kappa = t == 1 && perRow > 0 ? (largest(next.gradient) / Double(n)) / (perRow * perRow) : nil
                    w = trial
                    current = next
                    accepted = true
                    break
                }
                t *= 0.5
            }
            if !accepted { break }
        }
        let fit = LogisticFit(
            intercept: w[0], coefficients: Array(w[1...]), options: options, objective: predicted?.objective ?? current.objective,
            maxAbsGradient: predicted?.maxAbsGradient ?? largest(current.gradient), iterations: iterations, passes: passes,
            converged: converged)
        return Solved(fit: fit, rate: kappa)
    }

    /// Solves H δ = -g; adds a growing ridge when H is numerically indefinite (separable data
    /// with C = ∞ or collinear columns), and gives up after that fails.
    static func newtonStep(hessian h: [Double], gradient g: [Double], dimension p: Int) -> [Double]? {
        let negated = g.map { -$0 }
        if let s = Cholesky.solve(packedLower: h, dimension: p, rhs: negated) { return s }
        var scale = 0.0
        for j in 0..<p { scale = max(scale, h[j * (j + 1) / 2 + j]) }
        var ridge = max(scale, 1) * 1e-10
        for _ in 0..<12 {
            var damped = h
            for j in 0..<p { damped[j * (j + 1) / 2 + j] += ridge }
            if let s = Cholesky.solve(packedLower: damped, dimension: p, rhs: negated) { return s }
            ridge *= 100
        }
        return nil
    }

    /// Churn probabilities σ(b + w·x) for every row of `x`.
    public static func probabilities(_ x: DesignMatrix, fit: LogisticFit) -> [Double] {
        let eta = LogisticKernel.linearPredictor(x, coefficients: [fit.intercept] + fit.coefficients)
        return eta.map(sigmoid)
    }

    /// The logistic function, computed without overflow for any finite input.
    @inlinable
    public static func sigmoid(_ eta: Double) -> Double {
        if eta >= 0 { return 1 / (1 + exp(-eta)) }
        let e = exp(eta)
        return e / (1 + e)
    }
}
