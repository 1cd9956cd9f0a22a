import BearingMetrics
import BearingPanel
import BearingRandom
import Foundation

extension MonteCarloEngine {
    /// Bytes of one panel row as the engine builds it: the panel's columns, the latent trace
    /// recorded beside them (direction, experience, dark, category, churn probability).
    var rowBytes: Int {
        let panelColumns = 4 + MemoryLayout<Period>.stride + 4 + MemoryLayout<Fit>.stride + 4 + 8 + 1 + 8 + 8 + 4 + 1
        let latent = 4 + 4 + 1 + MemoryLayout<VectorCategory>.stride + 4
        return panelColumns + 4 * scenario.features.count + latent
    }

    /// Bytes of one trial's aggregates: a tally per segment and cohort, seven per-period counts.
    var trialAggregateBytes: Int {
        let segments = scenario.segments.count
        return MemoryEstimate.sum(
            MemoryEstimate.product(segments, 5, MemoryLayout<RetentionTally>.stride),
            MemoryEstimate.product(7, scenario.periods.count, 8)) + 512
    }

    /// Periods a customer is expected to stay, to size panels: `Σ_{t<T} (1-p)^t` for the lowest
    /// baseline churn probability `p` of any fit (the churn intercept plus the fit's effect,
    /// latent terms at zero, no shocks). Latent spread raises the average hazard (the logistic
    /// is convex where churn is rare), so this errs towards more rows. With a `true_link`
    /// (churn driven by the features) every customer is counted for every period.
    public var expectedPeriodsPerCustomer: Double {
        let periods = Double(scenario.periods.count)
        guard scenario.trueLink == nil else { return periods }
        let churn = scenario.hazards.churn
        let logit = churn.intercept + min(0, churn.fit.good, churn.fit.stretch, churn.fit.bad)
        let p = 1 / (1 + exp(-logit))
        guard p > 0, p.isFinite else { return periods }
        return min(periods, (1 - pow(1 - p, periods)) / p)
    }

    /// Rows of one trial's whole panel at most (every customer present in every period).
    public var maximumPanelRows: Int { MemoryEstimate.product(customerCount, scenario.periods.count) }

    /// Rows of one trial's panel to plan memory for (see `expectedPeriodsPerCustomer`).
    public var expectedPanelRows: Int { rows(customers: customerCount) }

    func rows(customers: Int) -> Int {
        let rows = (Double(customers) * expectedPeriodsPerCustomer).rounded(.up)
        return rows < Double(Int.max) ? min(Int(rows), MemoryEstimate.product(customers, scenario.periods.count)) : .max
    }

    /// What `simulate` holds at once for `trials` trials on `threads` workers:
    ///
    /// - per-trial aggregates kept to the end: trials × (segments × 5 tallies + 7 × periods counts);
    /// - the batch being reduced: up to `max(4096, blocks)` work items of one trial aggregate each
    ///   (with one block per trial they share the kept aggregates' storage and cost nothing more);
    /// - `trials.csv` text (about 16 bytes a field, doubled for string growth) and the summary's
    ///   sorted copy of one group's metric values;
    /// - with `history` (the run holds trial 0): a chunk of up to 4,096 customers' expected rows
    ///   per worker (panel columns and latent trace, `rowBytes`) and the writers' 1 MiB buffers;
    /// - per worker: the kernel's per-period counters and random streams.
    public func memoryEstimate(trials: Int, threads: Int, history: Bool) -> MemoryEstimate {
        let trials = max(0, trials)
        let workers = max(1, threads)
        let periods = scenario.periods.count
        let blocks = max(1, (customerCount + Self.customerBlock - 1) / Self.customerBlock)
        let aggregate = trialAggregateBytes
        var estimate = MemoryEstimate(run: "simulate")
        estimate.add("program", bytes: MemoryEstimate.programBytes)
        estimate.add("per-trial aggregates", bytes: MemoryEstimate.product(trials, aggregate))
        if blocks > 1 {
            let batchItems = min(MemoryEstimate.product(trials, blocks), max(4096, blocks))
            estimate.add("work items in flight", bytes: MemoryEstimate.product(batchItems, aggregate))
        }
        let fields = 2 + AggregateGroup.all(segmentCount: scenario.segments.count).count * TrialMetric.allCases.count
        estimate.add("trials.csv text", bytes: MemoryEstimate.product(trials, fields, 16, 2))
        estimate.add("summary", bytes: MemoryEstimate.product(trials, MemoryLayout<RetentionTally>.stride + 16))
        if history {
            let chunkRows = rows(customers: min(customerCount, Self.customerBlock))
            estimate.add("history chunks", bytes: MemoryEstimate.product(min(workers, blocks), chunkRows, rowBytes))
            estimate.add("writer buffers", bytes: 3 << 20)
        }
        let kernel = MemoryEstimate.product(periods, 7 * 8 + MemoryLayout<RandomStream>.stride)
        estimate.add("per-worker state", bytes: MemoryEstimate.product(workers, kernel))
        estimate.add("compiled scenario", bytes: MemoryEstimate.product(scenario.segments.count, periods, 4 * 4))
        return estimate
    }

    /// One trial's whole panel in memory (`historyPanel(trial:)`): the expected rows of
    /// `rowBytes` plus a customer id each, or, when larger, its biggest column reserved for
    /// every customer in every period (a single allocation that must succeed).
    public var panelMemory: Int {
        max(
            MemoryEstimate.sum(MemoryEstimate.product(expectedPanelRows, rowBytes), MemoryEstimate.product(customerCount, 32)),
            MemoryEstimate.product(maximumPanelRows, 8))
    }
}
