import BearingMetrics
import BearingRandom
import Dispatch
import Foundation

/// The paired customer bootstrap of AUC, Brier score and log loss for several models scored on
/// the same rows (e.g. a pooled walk-forward backtest).
///
/// **What is resampled.** Customers, with replacement, all rows of a customer together: a
/// customer's periods share the customer's features and at most one of them churns, so rows
/// are not independent but customers are. Resample r draws n customer indices uniformly from
/// the n customers with a `RandomStream` keyed (seed, trial: r, customer: 0, period: 0,
/// purpose: `purpose`); customer c then weighs w_c = how often it was drawn. The same weights
/// serve every model, so the differences between models are paired.
///
/// **How a resample is evaluated, without re-sorting.** Each model's rows are sorted once by
/// probability. A resample's AUC is the weighted Mann–Whitney statistic
/// Σ_{churned i} Σ_{retained j} w_i w_j [s_i > s_j + ½ s_i = s_j] / (W₊ W₋), evaluated in one
/// ascending pass: within a run of tied scores retained rows come first, so at a churned row the
/// running retained weight is the weight at or below its score and the weight strictly below is
/// the running weight at the start of the run; their sum is twice the row's Mann–Whitney credit.
/// The sums are integers, so the AUC is exact. Brier score and log loss are ratios of weighted
/// sums, Σ_c w_c S_c / Σ_c w_c rows_c, with S_c the customer's per-row losses summed once up
/// front. Eight resamples share one pass (their weights are the eight lanes of a
/// `SIMD8<UInt16>` per customer).
///
/// **Determinism.** A resample's result depends only on (seed, r) and the data: resamples are
/// independent work items, integer sums are exact and floating-point sums run over customers
/// in a fixed order. The result is therefore identical for any number of threads.
///
/// **Limits.** Up to 2³⁰ customers and n × (most rows of one customer) < 2³⁰, so every
/// weighted count fits the 32-bit lanes; the initialiser throws otherwise.
public struct CustomerBootstrap: Sendable {
    /// Distinct customers (the resampling units).
    public let customerCount: Int
    public let rowCount: Int
    public let modelCount: Int

    /// The `purpose` word of the resample streams.
    public static let purpose: UInt32 = 0xB007
    /// Resamples evaluated together in one pass.
    static let lanes = 8
    static let customerMask: UInt32 = (1 << 30) - 1
    static let positiveBit: UInt32 = 1 << 31
    static let runStartBit: UInt32 = 1 << 30

    /// Per model, rows by ascending probability (retained before churned within ties): the dense
    /// customer index, `positiveBit` for a churned row, `runStartBit` on the first row of each
    /// run of equal probabilities.
    let entries: [[UInt32]]
    /// Σ (p − y)² over the customer's rows, at [customer × modelCount + model].
    let brierSums: [Double]
    /// Σ −log p(outcome) (clipped as `ClassifierMetrics.logLoss`), same layout.
    let logLossSums: [Double]
    let rowsOfCustomer: [Int32]
    let churnedRowsOfCustomer: [Int32]

    /// Prepares the bootstrap. `customers[i]` identifies the customer of row i (any Int32 ids;
    /// rows of one customer need not be adjacent), `probabilities[m][i]` is model m's forecast
    /// for row i. Throws when lengths differ, a probability is NaN, or the sample is too large
    /// for the 32-bit weighted counts.
    public init(customers: [Int32], labels: [Bool], probabilities: [[Double]]) throws(CalibrationError) {
        guard customers.count == labels.count else {
            throw .lengthMismatch(what: "customer ids", expected: labels.count, found: customers.count)
        }
        for p in probabilities { try ClassifierMetrics.check(labels, p) }
        let rows = labels.count
        // Dense customer numbers in ascending id order, so draws never depend on row order.
        let byCustomer = ScoreOrder.ascending(customers)
        var dense = [Int32](repeating: 0, count: rows)
        var count = 0
        for (k, row) in byCustomer.enumerated() {
            if k > 0, customers[row] != customers[byCustomer[k - 1]] { count += 1 }
            dense[row] = Int32(count)
        }
        let n = rows > 0 ? count + 1 : 0
        guard n <= Int(Self.customerMask) else {
            throw .invalidOption("the customer bootstrap supports up to \(Self.customerMask) customers, found \(n)")
        }
        var rowsOf = [Int32](repeating: 0, count: n)
        var churnedOf = [Int32](repeating: 0, count: n)
        for i in 0..<rows {
            rowsOf[Int(dense[i])] += 1
            if labels[i] { churnedOf[Int(dense[i])] += 1 }
        }
        let mostRows = rowsOf.max() ?? 0
        guard n.multipliedReportingOverflow(by: Int(mostRows)).partialValue < 1 << 30 else {
            throw .invalidOption(
                "the customer bootstrap supports fewer than 2^30 weighted rows; \(n) customers with up to \(mostRows) rows each exceed it")
        }
        let m = probabilities.count
        var brier = [Double](repeating: 0, count: n * m)
        var logLoss = [Double](repeating: 0, count: n * m)
        let eps = Double.ulpOfOne
        for (model, p) in probabilities.enumerated() {
            for i in 0..<rows {
                let c = Int(dense[i]) * m + model
                let r = p[i] - (labels[i] ? 1 : 0)
                brier[c] += r * r
                let q = labels[i] ? p[i] : 1 - p[i]
                logLoss[c] -= log(min(max(q, eps), 1 - eps))
            }
        }
        var entries: [[UInt32]] = []
        for p in probabilities {
            let order = ScoreOrder.ascending(p, thenLabels: labels)
            var list = [UInt32](repeating: 0, count: rows)
            for (k, row) in order.enumerated() {
                var e = UInt32(dense[row])
                if labels[row] { e |= Self.positiveBit }
                if k == 0 || p[row] != p[order[k - 1]] { e |= Self.runStartBit }
                list[k] = e
            }
            entries.append(list)
        }
        self.customerCount = n
        self.rowCount = rows
        self.modelCount = m
        self.entries = entries
        self.brierSums = brier
        self.logLossSums = logLoss
        self.rowsOfCustomer = rowsOf
        self.churnedRowsOfCustomer = churnedOf
    }

    /// Draws `resamples` resamples and evaluates every model on each, on up to `threads` threads
    /// (the result does not depend on it).
    public func run(resamples: Int, seed: UInt64, threads: Int = 1) -> BootstrapReplicates {
        let r = max(0, resamples)
        let m = modelCount
        let output = ReplicateSlots(count: r * m)
        let batches = (r + Self.lanes - 1) / Self.lanes
        if customerCount > 0, batches > 0 {
            let workers = max(1, min(threads, batches))
            let job = BatchJob(bootstrap: self, resamples: r, seed: seed, output: output)
            if workers == 1 {
                job.run(batches: 0..<batches, stride: 1)
            } else {
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    job.run(batches: worker..<batches, stride: workers)
                }
            }
        }
        return BootstrapReplicates(
            resamples: r, models: m, auc: output.take(\.auc), brier: output.take(\.brier),
            logLoss: output.take(\.logLoss))
    }

    /// Resample `r` evaluated one customer weight at a time: the scalar reference the batched
    /// kernel is held to (bit-identical: same integer sums, same floating-point order).
    func referenceReplicate(_ r: Int, seed: UInt64) -> (auc: [Double], brier: [Double], logLoss: [Double]) {
        var weights = [Int](repeating: 0, count: customerCount)
        var stream = Self.stream(seed: seed, resample: r)
        for _ in 0..<customerCount { weights[stream.nextIndex(below: customerCount)] += 1 }
        return evaluate(weights: weights)
    }

    /// All models' metrics under integer customer weights (the reference path).
    func evaluate(weights: [Int]) -> (auc: [Double], brier: [Double], logLoss: [Double]) {
        let m = modelCount
        var brier = [Double](repeating: 0, count: m)
        var logLoss = [Double](repeating: 0, count: m)
        var rows = 0
        var churned = 0
        for c in 0..<customerCount {
            let w = weights[c]
            let wd = Double(w)
            for model in 0..<m {
                brier[model] += wd * brierSums[c * m + model]
                logLoss[model] += wd * logLossSums[c * m + model]
            }
            rows += w * Int(rowsOfCustomer[c])
            churned += w * Int(churnedRowsOfCustomer[c])
        }
        var auc = [Double](repeating: .nan, count: m)
        for model in 0..<m {
            var below = 0
            var strictlyBelow = 0
            var twiceCredit = 0
            for e in entries[model] {
                let w = weights[Int(e & Self.customerMask)]
                if e & Self.runStartBit != 0 { strictlyBelow = below }
                if e & Self.positiveBit != 0 {
                    twiceCredit += w * (strictlyBelow + below)
                } else {
                    below += w
                }
            }
            auc[model] = Self.auc(twiceCredit: twiceCredit, churned: churned, retained: below)
        }
        let total = Double(rows)
        return (auc, brier.map { rows > 0 ? $0 / total : .nan }, logLoss.map { rows > 0 ? $0 / total : .nan })
    }

    static func auc(twiceCredit: Int, churned: Int, retained: Int) -> Double {
        guard churned > 0, retained > 0 else { return .nan }
        return Double(twiceCredit) / (2 * Double(churned) * Double(retained))
    }

    static func stream(seed: UInt64, resample r: Int) -> RandomStream {
        RandomStream(seed: seed, trial: UInt32(truncatingIfNeeded: r), customer: 0, period: 0, purpose: purpose)
    }
}

/// Output slots written by several workers: resample r's values occupy [r × models, (r + 1) ×
/// models), written once by the worker that owns r's batch and read after all have returned.
private final class ReplicateSlots: @unchecked Sendable {
    let auc: UnsafeMutablePointer<Double>
    let brier: UnsafeMutablePointer<Double>
    let logLoss: UnsafeMutablePointer<Double>
    let count: Int

    init(count: Int) {
        self.count = count
        auc = .allocate(capacity: max(1, count))
        brier = .allocate(capacity: max(1, count))
        logLoss = .allocate(capacity: max(1, count))
        for p in [auc, brier, logLoss] { p.initialize(repeating: .nan, count: count) }
    }

    func take(_ field: KeyPath<ReplicateSlots, UnsafeMutablePointer<Double>>) -> [Double] {
        Array(UnsafeBufferPointer(start: self[keyPath: field], count: count))
    }

    deinit {
        for p in [auc, brier, logLoss] {
            p.deinitialize(count: count)
            p.deallocate()
        }
    }
}

/// Evaluates batches of `CustomerBootstrap.lanes` resamples.
private struct BatchJob: Sendable {
    let bootstrap: CustomerBootstrap
    let resamples: Int
    let seed: UInt64
    let output: ReplicateSlots

    typealias Lanes = SIMD8<Int32>

    func run(batches: Range<Int>, stride: Int) {
        let n = bootstrap.customerCount
        let m = bootstrap.modelCount
        let weights = UnsafeMutablePointer<SIMD8<UInt16>>.allocate(capacity: n)
        defer { weights.deallocate() }
        var batch = batches.lowerBound
        while batch < batches.upperBound {
            let first = batch * CustomerBootstrap.lanes
            let lanes = min(CustomerBootstrap.lanes, resamples - first)
            weights.initialize(repeating: SIMD8(), count: n)
            if draw(into: weights, first: first, lanes: lanes) {
                evaluate(weights: weights, first: first, lanes: lanes)
            } else {
                // A count above 65,535 (a customer drawn that often in one resample, which
                // needs n ≥ 65,536 and has probability below 1/65536!): the reference path.
                for lane in 0..<lanes {
                    let r = first + lane
                    let values = bootstrap.referenceReplicate(r, seed: seed)
                    for model in 0..<m { store(r, model, values.auc[model], values.brier[model], values.logLoss[model]) }
                }
            }
            batch += stride
        }
    }

    /// Fills lane l with resample first + l's customer counts; false on a 16-bit overflow.
    private func draw(into weights: UnsafeMutablePointer<SIMD8<UInt16>>, first: Int, lanes: Int) -> Bool {
        let n = bootstrap.customerCount
        let counts = UnsafeMutableRawPointer(weights).assumingMemoryBound(to: UInt16.self)
        var overflow = false
        for lane in 0..<lanes {
            var stream = CustomerBootstrap.stream(seed: seed, resample: first + lane)
            for _ in 0..<n {
                let slot = stream.nextIndex(below: n) &* CustomerBootstrap.lanes &+ lane
                let (v, o) = counts[slot].addingReportingOverflow(1)
                counts[slot] = v
                overflow = overflow || o
            }
        }
        return !overflow
    }

    private func evaluate(weights: UnsafeMutablePointer<SIMD8<UInt16>>, first: Int, lanes: Int) {
        let n = bootstrap.customerCount
        let m = bootstrap.modelCount
        var brier = [SIMD8<Double>](repeating: SIMD8(), count: m)
        var logLoss = [SIMD8<Double>](repeating: SIMD8(), count: m)
        var rows = Lanes()
        var churned = Lanes()
        bootstrap.brierSums.withUnsafeBufferPointer { bs in
            bootstrap.logLossSums.withUnsafeBufferPointer { ls in
                for c in 0..<n {
                    let w = Lanes(truncatingIfNeeded: weights[c])
                    let wd = SIMD8<Double>(w)
                    for model in 0..<m {
                        brier[model] += wd * bs[c &* m &+ model]
                        logLoss[model] += wd * ls[c &* m &+ model]
                    }
                    rows &+= w &* bootstrap.rowsOfCustomer[c]
                    churned &+= w &* bootstrap.churnedRowsOfCustomer[c]
                }
            }
        }
        for model in 0..<m {
            let (twiceCredit, retained) = aucPass(bootstrap.entries[model], weights: weights)
            for lane in 0..<lanes {
                let total = Double(rows[lane])
                store(
                    first + lane, model,
                    CustomerBootstrap.auc(
                        twiceCredit: Int(twiceCredit[lane]), churned: Int(churned[lane]), retained: Int(retained[lane])),
                    rows[lane] > 0 ? brier[model][lane] / total : .nan,
                    rows[lane] > 0 ? logLoss[model][lane] / total : .nan)
            }
        }
    }

    /// The one ascending pass over a model's sorted rows (see `CustomerBootstrap`).
    private func aucPass(_ entries: [UInt32], weights: UnsafeMutablePointer<SIMD8<UInt16>>) -> (SIMD8<Int64>, Lanes) {
        var below = Lanes()
        var strictlyBelow = Lanes()
        var twiceCredit = SIMD8<Int64>()
        entries.withUnsafeBufferPointer { list in
            for e in list {
                let w = Lanes(truncatingIfNeeded: weights[Int(e & CustomerBootstrap.customerMask)])
                if e & CustomerBootstrap.runStartBit != 0 { strictlyBelow = below }
                if e & CustomerBootstrap.positiveBit != 0 {
                    twiceCredit &+= SIMD8<Int64>(truncatingIfNeeded: w) &* SIMD8<Int64>(truncatingIfNeeded: strictlyBelow &+ below)
                } else {
                    below &+= w
                }
            }
        }
        return (twiceCredit, below)
    }

    private func store(_ r: Int, _ model: Int, _ auc: Double, _ brier: Double, _ logLoss: Double) {
        let i = r * bootstrap.modelCount + model
        output.auc[i] = auc
        output.brier[i] = brier
        output.logLoss[i] = logLoss
    }
}
