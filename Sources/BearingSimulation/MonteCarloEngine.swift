import BearingMetrics
import BearingPanel
import Foundation

/// The Monte Carlo engine: simulates a scenario's customer base, many trials in parallel.
///
/// Determinism: for trial t, customer c (global index, segments in scenario order) and period p,
/// every draw comes from `RandomStream(key: StreamKey(seed, t, c, p, purpose))`, so a customer's
/// path depends only on (seed, t, c) and the scenario. Customers are simulated in fixed blocks
/// of `customerBlock` and block results are summed in block order: aggregates and panels are
/// bit-identical for any thread count, and a trial run alone equals the same trial in any run.
///
/// Features are drawn only when something reads them: always in `history(trial:)`, and in
/// `run` only when the scenario has a `true_link` (churn depends on them). They come from
/// their own stream, so skipping them changes no other draw.
///
/// New logos (segments' `new_logos`) follow the starting customers in the index space, in
/// acquisition order; their counts are drawn per (trial, segment, period) before anything else
/// (`NewLogoPlan`), so a trial's customers, and every index, are the same in any run.
public struct MonteCarloEngine: Sendable {
    public let scenario: Scenario
    public let seed: UInt64
    var kernel: CustomerKernel

    /// Customers per work item and per reduction block. Part of the determinism contract only
    /// through the summation order of Double totals.
    public static let customerBlock = 4096

    public init(scenario: Scenario, seed: UInt64) throws(ScenarioError) {
        try scenario.validate()
        self.scenario = scenario
        self.seed = seed
        self.kernel = CustomerKernel(model: CompiledScenario(scenario), seed: seed)
    }

    /// Starting customers (those present at the start of the first period) in one trial.
    public var customerCount: Int { kernel.model.customerCount }

    /// Customers in trial `trial`: the starting customers plus that trial's new logos.
    public func customerCount(trial: Int) -> Int { NewLogoPlan(model: kernel.model, seed: seed, trial: trial).total }

    /// Whether any segment has contracts: simulated panels then carry `contract_term_months`
    /// and `renewal_date` (`HistoryPanel.contracts`; write them with a `HistoryCSVWriter`
    /// created with `hasContractColumns: true`).
    public var hasContracts: Bool { kernel.model.hasContracts }

    /// Whether any segment acquires new logos.
    public var hasNewLogos: Bool { kernel.model.hasNewLogos }

    /// The simulated periods in order.
    public var periods: [Period] { scenario.periods.all }

    /// Worker threads used by default: the machine's active processors.
    public static var defaultThreads: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Runs trials `0..<trials`.
    public func run(
        trials: Int, threads: Int = MonteCarloEngine.defaultThreads,
        progress: (@Sendable (_ completed: Int, _ total: Int) -> Void)? = nil
    ) -> [TrialAggregates] {
        run(trials: 0..<max(0, trials), threads: threads, progress: progress)
    }

    /// Runs the given trials (a shard may run any range) and returns their aggregates in trial order.
    /// Trial indices must be in 0..<2^32 (they key the random streams).
    ///
    /// Work items are (trial, block of `customerBlock` customers); trials are processed in
    /// batches of about 4,096 items so memory stays bounded for any number of trials. `progress`
    /// is called from worker threads with completed and total work items (the total counts the
    /// starting customers' blocks; trials with new logos add blocks as they are planned).
    public func run(
        trials: Range<Int>, threads: Int = MonteCarloEngine.defaultThreads,
        progress: (@Sendable (_ completed: Int, _ total: Int) -> Void)? = nil
    ) -> [TrialAggregates] {
        let blocks = (customerCount + Self.customerBlock - 1) / Self.customerBlock
        let trialsPerBatch = max(1, 4096 / max(1, blocks))
        var results: [TrialAggregates] = []
        results.reserveCapacity(trials.count)
        var next = trials.lowerBound
        var done = 0
        var total = trials.count * blocks
        while next < trials.upperBound {
            let batch = next..<min(trials.upperBound, next + trialsPerBatch)
            let plans = batch.map { NewLogoPlan(model: kernel.model, seed: seed, trial: $0) }
            let items = plans.map { ($0.total + Self.customerBlock - 1) / Self.customerBlock }
            total += items.reduce(0, +) - batch.count * blocks
            let offset = done, grandTotal = total
            var completed: (@Sendable (Int) -> Void)?
            if let progress { completed = { n in progress(offset + n, grandTotal) } }
            results += runBatch(trials: batch, plans: plans, blocks: items, threads: threads, completed: completed)
            done += items.reduce(0, +)
            next = batch.upperBound
        }
        return results
    }

    private func runBatch(
        trials: Range<Int>, plans: [NewLogoPlan], blocks: [Int], threads: Int, completed: (@Sendable (Int) -> Void)?
    ) -> [TrialAggregates] {
        let kernel = self.kernel
        let segmentCount = scenario.segments.count
        let periods = scenario.periods.count
        let skills = trials.map { kernel.csmSkills(trial: $0) }
        let first = trials.lowerBound
        // Work item i belongs to the trial whose block range holds it.
        var starts = [0]
        for b in blocks { starts.append(starts[starts.count - 1] + b) }
        let itemStarts = starts
        let work: @Sendable (Int) -> TrialAggregates = { item in
            let t = itemStarts.dropLast().lastIndex(atMost: item) { $0 }
            let b = item - itemStarts[t]
            let plan = plans[t]
            let range = (b * Self.customerBlock)..<min(plan.total, (b + 1) * Self.customerBlock)
            var tallies = [RetentionTally](repeating: RetentionTally(), count: segmentCount * 5)
            var counts = SimulationCounts(periods: periods)
            // Without new logos the cohorts stay empty: no tables to clear and merge per block.
            var acquisitions =
                kernel.model.hasNewLogos
                ? AcquisitionCohorts(periods: periods, segments: segmentCount) : AcquisitionCohorts(periods: 0, segments: 0)
            var none = NoRows()
            let scratch = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(1, 2 * kernel.model.featureCount))
            defer { scratch.deallocate() }
            kernel.simulate(
                trial: first + t, customers: range, plan: plan, skills: skills[t], tallies: &tallies, counts: &counts,
                acquisitions: &acquisitions, scratch: scratch, recorder: &none)
            return TrialAggregates(
                trial: first + t, segmentCount: segmentCount, tallies: tallies, counts: counts, acquisitions: acquisitions)
        }
        let parts = ParallelWork.map(count: itemStarts[itemStarts.count - 1], threads: threads, work, completed: completed)
        var results: [TrialAggregates] = []
        results.reserveCapacity(trials.count)
        for t in 0..<trials.count {
            // Blocks are summed in block order: the same Double sums for any thread count.
            var merged = parts[itemStarts[t]]
            for i in (itemStarts[t] + 1)..<max(itemStarts[t] + 1, itemStarts[t + 1]) {
                let part = parts[i]
                for k in merged.tallies.indices { merged.tallies[k].merge(part.tallies[k]) }
                merged.counts.merge(part.counts)
                merged.acquisitions.merge(part.acquisitions)
            }
            results.append(merged)
        }
        return results
    }

    /// Streams trial `trial`'s panel in chunks of `customersPerChunk` consecutive customers, in
    /// customer order, calling `body` on the caller's thread. Up to `threads` chunks are
    /// generated in parallel ahead of `body`, so memory stays bounded for any base size.
    public func history(
        trial: Int, customersPerChunk: Int = MonteCarloEngine.customerBlock,
        threads: Int = MonteCarloEngine.defaultThreads, _ body: (HistoryChunk) throws -> Void
    ) rethrows {
        let size = max(1, customersPerChunk)
        let plan = NewLogoPlan(model: kernel.model, seed: seed, trial: trial)
        let customers = plan.total
        let chunkCount = (customers + size - 1) / size
        let skills = kernel.csmSkills(trial: trial)
        let batch = max(1, threads)
        var next = 0
        while next < chunkCount {
            let start = next
            let n = min(batch, chunkCount - start)
            let chunks = ParallelWork.map(count: n, threads: threads) { i in
                let from = (start + i) * size
                return self.chunk(trial: trial, customers: from..<min(customers, from + size), plan: plan, skills: skills)
            }
            for chunk in chunks { try body(chunk) }
            next += n
        }
    }

    /// Trial `trial`'s whole panel in memory, generated on the calling thread (for tests and
    /// small bases; identical to the concatenation of `history(trial:)`'s chunks).
    public func historyPanel(trial: Int) -> HistoryChunk {
        let plan = NewLogoPlan(model: kernel.model, seed: seed, trial: trial)
        return chunk(trial: trial, customers: 0..<plan.total, plan: plan, skills: kernel.csmSkills(trial: trial))
    }

    func chunk(trial: Int, customers: Range<Int>, plan: NewLogoPlan, skills: [Float]) -> HistoryChunk {
        var panel = HistoryPanel(
            granularity: scenario.periods.granularity, featureNames: scenario.features.map(\.name),
            hasCSMColumn: true, hasMilestoneColumns: !scenario.milestones.isEmpty)
        panel.segmentNames = scenario.segments.map(\.name)
        panel.csmIDs = csmIDs
        panel.milestoneNames = scenario.milestones.map(\.name)
        if kernel.model.hasContracts { panel.contracts = ContractColumns() }
        panel.reserveCapacity(customers.count * scenario.periods.count)
        var recorder = ChunkRecorder(
            panel: panel, firstCustomer: customers.lowerBound, periods: periods,
            customerIDs: customers.map(customerID))
        var tallies = [RetentionTally](repeating: RetentionTally(), count: scenario.segments.count * 5)
        var counts = SimulationCounts(periods: scenario.periods.count)
        var acquisitions =
            kernel.model.hasNewLogos
            ? AcquisitionCohorts(periods: scenario.periods.count, segments: scenario.segments.count)
            : AcquisitionCohorts(periods: 0, segments: 0)
        let scratch = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(1, 2 * kernel.model.featureCount))
        defer { scratch.deallocate() }
        kernel.simulate(
            trial: trial, customers: customers, plan: plan, skills: skills, tallies: &tallies, counts: &counts,
            acquisitions: &acquisitions, scratch: scratch, recorder: &recorder)
        return HistoryChunk(customers: customers, panel: recorder.panel, latent: recorder.latent)
    }

    /// Latent skill of every CSM in a trial (index as in `csmIDs`), Normal(0, segment's `csm_skill_sd`).
    public func csmSkills(trial: Int) -> [Float] { kernel.csmSkills(trial: trial) }

    /// CSM ids, `CSM001`..., numbered across segments in scenario order.
    public var csmIDs: [String] {
        let width = max(3, String(kernel.model.csmCount).count)
        return (0..<kernel.model.csmCount).map { "CSM" + Self.padded($0 + 1, width) }
    }

    /// Segment index of each CSM.
    public var csmSegments: [Int] {
        kernel.model.segments.enumerated().flatMap { i, s in Array(repeating: i, count: s.csms) }
    }

    /// The id of customer `c` (global index, new logos after the starting customers): `C000001`...
    public func customerID(_ c: Int) -> String {
        "C" + Self.padded(c + 1, max(6, String(customerCount).count))
    }

    static func padded(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }
}
