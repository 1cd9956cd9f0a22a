import BearingMetrics
import BearingPanel
import BearingVector
import Foundation

/// The fits of one calibration or one backtest on one `PeriodOrderedRows`, and what they share.
///
/// - A training set is a range of period indices [a, b): contiguous rows, so standardising and
///   building designs read memory in order.
/// - **Warm starts.** A fit begins at the solution of the same model at the same C on the
///   nearest earlier training range (in a walk-forward: the previous period's fit), else at the
///   same range's solution at the nearest C, else at the base rate. The problem is strictly
///   convex, so the start changes the Newton steps taken, not the solution (to the gradient
///   tolerance, ~1e-9 on coefficients).
/// - **Shared validation folds.** The vector model's cross-validation folds are keyed by
///   (training range, C) and kept: in an expanding walk-forward the fold "periods before v" is
///   the same for every forecast period after v, so it is fitted once, not once per forecast.
/// - **Parallel, deterministic.** Independent fits (the candidate Cs of a fold; the vector's
///   final fit beside the baselines') run as one batch on `ParallelWork`, one kernel thread
///   each. Every warm start is chosen before its batch runs and every fit's result is
///   independent of the thread that ran it, so results do not depend on the thread count.
/// - **Walk-forward mode** (`walkForward`). A fold's candidate Cs are fitted one after another
///   outward from the Cs already solved on its range (`pathOrder`), each starting from the
///   previous period's solution at its C moved by the shift the neighbouring C's solution made
///   between the two periods, with the previous period's convergence rate at its C (`rates`),
///   and Newton's last step is taken on its prediction (`NewtonStopping.predicted`): a start
///   that close is usually one pass from the tolerance.
///   Solutions then differ from a stand-alone fit's in the last bits only (coefficients within
///   ~1e-8), which is why `calibrate`, whose weights are reproduced bit for bit, does not use it.
struct FitSession {
    let data: PeriodOrderedRows
    let options: CalibrationOptions
    /// Worker threads for the batches (and for a lone fit's kernel): the session's share when
    /// it runs beside another (`ThreadShare`), read at each fit.
    var threads: Int { share?.perSequence ?? allThreads }
    private let allThreads: Int
    private let share: ThreadShare?
    /// Whether this session serves a walk-forward (C-path warm starts, predicted Newton stops).
    let walkForward: Bool
    /// Whether the vector's category-threshold search is left to the caller
    /// (`ModelFit.pendingThresholds`): a walk-forward runs it beside the next period's fits,
    /// since no later fit reads the thresholds (fold losses score probabilities, which do not
    /// depend on them).
    let defersThresholds: Bool
    private var stopping: NewtonStopping { walkForward ? .predicted : .verified }

    struct Key: Hashable, Sendable {
        var model: ModelKind
        /// Training periods [lower, upper) (indices into `data.periods`).
        var lower: Int
        var upper: Int
        var c: Double
    }

    /// Solutions (intercept first) of every fit so far.
    var solutions: [Key: [Double]] = [:]
    /// Newton's convergence rate on each vector fit's last full step (walk-forward mode): a fit
    /// that starts from an earlier range's solution at its C starts with that fit's rate too.
    var rates: [Key: Double] = [:]
    /// Vector fold fits' weights (absent when the fit failed).
    private var vectorWeights: [Key: Weights] = [:]
    /// Vector fold validation log loss on the period after the fold (NaN: not usable).
    private var losses: [Key: Double] = [:]
    /// Feature matrices of validation periods, by period index.
    private var validationMatrices: [Int: FeatureMatrix] = [:]
    /// Inner customer folds' solutions, by fold and C (a one-period training set).
    private var innerSolutions: [Int: [Double: [Double]]] = [:]
    /// The vector design of the last final fit: in a walk-forward, the next forecast's newest
    /// validation fold trains on the same periods, so it is built once instead of twice.
    private var lastVectorDesign: VectorDesign?

    /// Decades the C grid is widened by, at most, on each side when the best C sits at its edge.
    static let maxWidening = 3

    /// Relative tolerance of the C choice: mean validation losses within `cTieTolerance · loss`
    /// of the lowest count as tied, and the smallest tied C wins. Solver-level differences
    /// (warm starts, Newton's stopping point) move a validation loss by ~1e-10 relative; two Cs
    /// closer than 1e-9 predict alike, so which of them is chosen must not hang on those bits.
    static let cTieTolerance = 1e-9

    init(
        data: PeriodOrderedRows, options: CalibrationOptions, walkForward: Bool = false, defersThresholds: Bool = false,
        share: ThreadShare? = nil
    ) {
        self.data = data
        self.options = options
        self.allThreads = max(1, options.threads ?? ProcessInfo.processInfo.activeProcessorCount)
        self.share = share
        self.walkForward = walkForward
        self.defersThresholds = defersThresholds
    }

    // MARK: Models on one training range

    /// Fits `models` on the training periods `periods` (indices into `data.periods`).
    mutating func fit(_ models: [ModelKind], periods: Range<Int>) throws(CalibrationError) -> [ModelKind: ModelFit] {
        let positions = data.positions(periods: periods)
        guard !positions.isEmpty else { throw .noTrainingRows("no panel rows fall in the training periods") }
        let data = data
        let options = options
        // In a walk-forward the final design is built beside the choice of C, whose fold fits
        // leave a core idle between their passes; it does not depend on the choice.
        let upcomingDesign =
            walkForward && models.contains(.vector) && options.c == nil
            ? BackgroundResult {
                Result<VectorDesign, CalibrationError> { () throws(CalibrationError) -> VectorDesign in
                    try VectorDesign(data: data, positions: positions, options: options)
                }
            }
            : nil
        let choice: (c: Double, cv: [CrossValidationPoint], notes: [String])? =
            models.contains(.vector) ? try chooseC(periods: periods) : nil
        let baselines = [ModelKind.logistic, .health].filter { models.contains($0) }
        let logisticC = options.c ?? 1
        let vectorKey = choice.map { Key(model: .vector, lower: periods.lowerBound, upper: periods.upperBound, c: $0.c) }
        let logisticKey = Key(model: .logistic, lower: periods.lowerBound, upper: periods.upperBound, c: logisticC)
        let healthKey = Key(model: .health, lower: periods.lowerBound, upper: periods.upperBound, c: .infinity)
        let vectorStart = vectorKey.flatMap { warmStart($0) }
        let vectorRate = walkForward ? vectorKey.flatMap { pathRate($0) } : nil
        let logisticStart = warmStart(logisticKey)
        let healthStart = warmStart(healthKey)
        // The vector's final fit and the baselines' fits are independent: one batch.
        let tasks = (choice == nil ? 0 : 1) + (baselines.isEmpty ? 0 : 1)
        let kernelThreads = tasks > 1 ? 1 : threads
        let stopping = stopping
        let defersThresholds = defersThresholds
        let results = ParallelWork.map(count: tasks, threads: threads) { i -> Result<([ModelFit], VectorDesign?), CalibrationError> in
            do throws(CalibrationError) {
                if i == 0, let choice {
                    let design: VectorDesign
                    if let prepared = upcomingDesign?.value() {
                        design = try prepared.get()
                    } else {
                        design = try VectorDesign(data: data, positions: positions, options: options)
                    }
                    var fitted = try design.fit(
                        c: choice.c, start: vectorStart, rate: vectorRate, threads: kernelThreads, axes: true, stopping: stopping)
                    var model = ModelFit(
                        model: .vector, weights: fitted.weights, fit: fitted.fit, c: choice.c, notes: choice.notes + fitted.notes,
                        crossValidation: choice.cv, rate: fitted.rate)
                    if defersThresholds {
                        model.pendingThresholds = PendingThresholds(fitted: fitted, notesAt: choice.notes.count)
                    } else {
                        model.notes.insert(contentsOf: VectorCalibration.applyThresholds(to: &fitted), at: choice.notes.count)
                        model.weights = fitted.weights
                    }
                    return .success(([model], design))
                }
                let design = try BaselineDesign(data: data, positions: positions)
                var out: [ModelFit] = []
                if baselines.contains(.logistic) {
                    out.append(
                        try design.logistic(
                            data: data, c: logisticC, start: logisticStart, threads: kernelThreads, options: options, stopping: stopping))
                }
                if baselines.contains(.health) {
                    out.append(
                        try design.health(data: data, start: healthStart, threads: kernelThreads, options: options, stopping: stopping))
                }
                return .success((out, nil))
            } catch {
                return .failure(error)
            }
        }
        var fits: [ModelKind: ModelFit] = [:]
        for result in results {
            switch result {
            case .success(let (list, design)):
                for f in list { fits[f.model] = f }
                if let design { lastVectorDesign = design }
            case .failure(let error): throw error
            }
        }
        if let vectorKey, let f = fits[.vector] {
            solutions[vectorKey] = [f.fit.intercept] + f.fit.coefficients
            vectorWeights[vectorKey] = f.weights
            rates[vectorKey] = f.rate
        }
        if let f = fits[.logistic] { solutions[logisticKey] = [f.fit.intercept] + f.fit.coefficients }
        if let f = fits[.health] { solutions[healthKey] = [f.fit.intercept] + f.fit.coefficients }
        return fits
    }

    // MARK: Choosing the vector's C

    private enum FoldPlan {
        /// Validation periods `folds`, each predicted from the training periods from `first` up to it.
        case periods(first: Int, folds: Range<Int>)
        /// Stratified customer folds of a one-period training set.
        case customers([InnerFold])
    }

    /// C for the vector model on the training periods `periods`: `options.c` when given, else
    /// the candidate with the lowest mean validation log loss, the grid widened by a decade at a
    /// time (up to `maxWidening`) while the best sits at its edge.
    ///
    /// Ties: losses within `cTieTolerance` (1e-9) relative of the lowest count as equal and the
    /// smallest such C wins, so that solver-level differences in the last bits (warm starts,
    /// Newton's stopping point) cannot flip the choice between Cs that validate alike.
    private mutating func chooseC(periods: Range<Int>) throws(CalibrationError) -> (c: Double, cv: [CrossValidationPoint], notes: [String]) {
        if let c = options.c { return (c, [], []) }
        let grid = options.candidateCs
        guard !grid.isEmpty else { return (1, [], ["no candidate C to cross-validate; C = 1"]) }
        let plan: FoldPlan
        if periods.count >= 2 {
            let m = min(max(1, options.validationPeriods), periods.count - 1)
            plan = .periods(first: periods.lowerBound, folds: (periods.upperBound - m)..<periods.upperBound)
        } else if let inner = innerFolds(periods: periods) {
            plan = .customers(inner)
        } else {
            return (1, [], ["one training period with too few churned or retained customers for customer folds: C = 1"])
        }
        var points = evaluate(grid, plan: plan)
        var below = 0
        var above = 0
        var notes: [String] = []
        let gridLow = grid.min() ?? 1
        let gridHigh = grid.max() ?? 1
        func best(_ points: [CrossValidationPoint]) -> CrossValidationPoint? {
            let usable = points.filter { $0.meanLogLoss.isFinite }
            guard let lowest = usable.map(\.meanLogLoss).min() else { return nil }
            let bound = lowest + Self.cTieTolerance * abs(lowest)
            return usable.filter { $0.meanLogLoss <= bound }.min { $0.c < $1.c }
        }
        while options.widensGrid, let b = best(points), Set(points.map(\.c)).count >= 2 {
            let low = points.map(\.c).min() ?? b.c
            let high = points.map(\.c).max() ?? b.c
            if b.c == low, below < Self.maxWidening {
                below += 1
                points += evaluate([low / 10], plan: plan)
            } else if b.c == high, above < Self.maxWidening {
                above += 1
                points += evaluate([high * 10], plan: plan)
            } else {
                break
            }
        }
        points.sort { $0.c < $1.c }
        guard let chosen = best(points) else {
            return (1, points, ["cross-validation could not fit any fold; C = 1"])
        }
        let distinct = Set(points.map(\.c)).count
        if distinct >= 2, chosen.c == points.first?.c {
            notes.append(
                "C = \(chosen.c) is the smallest C tried\(below > 0 ? " after widening the grid \(below) decade(s) below \(gridLow)" : ""): "
                    + "the strongest penalty validates best, so the features add little out of time (the fit is close to the base rate)")
        } else if distinct >= 2, chosen.c == points.last?.c {
            notes.append(
                "C = \(chosen.c) is the largest C tried\(above > 0 ? " after widening the grid \(above) decade(s) above \(gridHigh)" : ""): "
                    + "validation prefers almost no penalty")
        } else if chosen.c < gridLow || chosen.c > gridHigh {
            notes.append(
                "C = \(chosen.c) lies outside the grid \(gridLow)...\(gridHigh): the grid's edge validated best, so it was widened")
        }
        return (chosen.c, points, notes)
    }

    /// Mean validation log loss of each C in `cs` over the plan's folds.
    private mutating func evaluate(_ cs: [Double], plan: FoldPlan) -> [CrossValidationPoint] {
        switch plan {
        case .periods(let first, let folds):
            var total = [Double](repeating: 0, count: cs.count)
            var used = [Int](repeating: 0, count: cs.count)
            for v in folds {
                ensureFoldLosses(first: first, fold: v, cs: cs)
                for (i, c) in cs.enumerated() {
                    if let loss = losses[Key(model: .vector, lower: first, upper: v, c: c)], loss.isFinite {
                        total[i] += loss
                        used[i] += 1
                    }
                }
            }
            return cs.indices.map {
                CrossValidationPoint(c: cs[$0], meanLogLoss: used[$0] > 0 ? total[$0] / Double(used[$0]) : .nan, folds: used[$0])
            }
        case .customers(let folds):
            return cs.map { c in
                var total = 0.0
                var used = 0
                for (f, fold) in folds.enumerated() {
                    guard let design = fold.design else { continue }
                    let start = innerStart(fold: f, c: c)
                    guard let fitted = try? design.fit(c: c, start: start, threads: threads, axes: false) else { continue }
                    innerSolutions[f, default: [:]][c] = [fitted.fit.intercept] + fitted.fit.coefficients
                    guard let scored = try? Scoring.score(matrix: fold.validation, fits: fold.fits, weights: fitted.weights),
                        let loss = try? ClassifierMetrics.logLoss(labels: fold.labels, probabilities: scored.probabilities)
                    else { continue }
                    total += loss
                    used += 1
                }
                return CrossValidationPoint(c: c, meanLogLoss: used > 0 ? total / Double(used) : .nan, folds: used)
            }
        }
    }

    /// The solution of inner fold `f` at the C nearest to `c` (ties: the smaller C).
    private func innerStart(fold f: Int, c: Double) -> [Double]? {
        guard let byC = innerSolutions[f] else { return nil }
        let nearest = byC.keys.min { a, b in
            let (da, db) = (abs(log(a) - log(c)), abs(log(b) - log(c)))
            return da != db ? da < db : a < b
        }
        return nearest.flatMap { byC[$0] }
    }

    /// Validation losses of the fold "periods first..<v, validated on period v" at each C in `cs`
    /// that has none yet: fits missing ones in one parallel batch.
    private mutating func ensureFoldLosses(first: Int, fold v: Int, cs: [Double]) {
        let keys = cs.map { Key(model: .vector, lower: first, upper: v, c: $0) }.filter { losses[$0] == nil }
        guard !keys.isEmpty else { return }
        let matrix = validationMatrix(period: v)
        let positions = data.positions(periods: v..<(v + 1))
        let fits = data.fits(positions)
        let labels = Array(data.labels[positions])
        // A fold fitted before (as a forecast period's final fit) needs scoring only.
        var toFit: [Key] = []
        for key in keys {
            if let w = vectorWeights[key] {
                losses[key] = Self.loss(w, matrix: matrix, fits: fits, labels: labels)
            } else {
                toFit.append(key)
            }
        }
        guard !toFit.isEmpty else { return }
        let fitKeys = toFit
        let trainingPositions = data.positions(periods: first..<v)
        let design =
            lastVectorDesign?.positions == trainingPositions
            ? lastVectorDesign : try? VectorDesign(data: data, positions: trainingPositions, options: options)
        guard let design else {
            for key in toFit { losses[key] = .nan }
            return
        }
        if walkForward {
            // Along the C path: each start needs the fit before it (`pathOrder`).
            for key in pathOrder(toFit) {
                let fitted = try? design.fit(
                    c: key.c, start: pathStart(key), rate: pathRate(key), threads: threads, axes: false, stopping: .predicted)
                losses[key] = fitted.map { Self.loss($0.weights, matrix: matrix, fits: fits, labels: labels) } ?? .nan
                if let fitted {
                    vectorWeights[key] = fitted.weights
                    solutions[key] = [fitted.fit.intercept] + fitted.fit.coefficients
                    rates[key] = fitted.rate
                }
            }
            return
        }
        let starts = toFit.map { warmStart($0) }
        let kernelThreads = toFit.count > 1 ? 1 : threads
        let results = ParallelWork.map(count: toFit.count, threads: threads) { i -> (Weights?, [Double]?, Double) in
            guard let fitted = try? design.fit(c: fitKeys[i].c, start: starts[i], threads: kernelThreads, axes: false) else {
                return (nil, nil, .nan)
            }
            return (
                fitted.weights, [fitted.fit.intercept] + fitted.fit.coefficients,
                Self.loss(fitted.weights, matrix: matrix, fits: fits, labels: labels)
            )
        }
        for (key, result) in zip(toFit, results) {
            losses[key] = result.2
            if let w = result.0 { vectorWeights[key] = w }
            if let s = result.1 { solutions[key] = s }
        }
    }

    /// The feature matrix of period `v`'s rows, built once and kept while folds may use it.
    private mutating func validationMatrix(period v: Int) -> FeatureMatrix {
        if let m = validationMatrices[v] { return m }
        let m = data.featureMatrix(positions: data.positions(periods: v..<(v + 1)))
        // Folds validate on the last few training periods; older matrices are not needed again.
        let keep = max(1, options.validationPeriods) + 1
        for old in validationMatrices.keys where old < v - keep { validationMatrices[old] = nil }
        validationMatrices[v] = m
        return m
    }
}
