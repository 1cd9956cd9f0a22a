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
public struct MonteCarloEngine: Sendable {
    public let scenario: Scenario
    public let seed: UInt64
    let kernel: CustomerKernel

    /// Customers per work item and per reduction block. Part of the determinism contract only
    /// through the summation order of Double totals.
    public static let customerBlock = 4096

    public init(scenario: Scenario, seed: UInt64) throws(ScenarioError) {
        try scenario.validate()
        self.scenario = scenario
        self.seed = seed
        self.kernel = CustomerKernel(model: CompiledScenario(scenario), seed: seed)
    }

    /// Customers in one trial.
    public var customerCount: Int { kernel.model.customerCount }

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
    /// is called from worker threads with completed and total work items.
    public func run(
        trials: Range<Int>, threads: Int = MonteCarloEngine.defaultThreads,
        progress: (@Sendable (_ completed: Int, _ total: Int) -> Void)? = nil
    ) -> [TrialAggregates] {
        let blocks = (customerCount + Self.customerBlock - 1) / Self.customerBlock
        let total = trials.count * blocks
        let trialsPerBatch = max(1, 4096 / blocks)
        var results: [TrialAggregates] = []
        results.reserveCapacity(trials.count)
        var next = trials.lowerBound
        while next < trials.upperBound {
            let batch = next..<min(trials.upperBound, next + trialsPerBatch)
            let done = (next - trials.lowerBound) * blocks
            var completed: (@Sendable (Int) -> Void)?
            if let progress { completed = { n in progress(done + n, total) } }
            results += runBatch(trials: batch, blocks: blocks, threads: threads, completed: completed)
            next = batch.upperBound
        }
        return results
    }

    private func runBatch(
        trials: Range<Int>, blocks: Int, threads: Int, completed: (@Sendable (Int) -> Void)?
    ) -> [TrialAggregates] {
        let kernel = self.kernel
        let segmentCount = scenario.segments.count
        let periods = scenario.periods.count
        let skills = trials.map { kernel.csmSkills(trial: $0) }
        let first = trials.lowerBound
        let customers = customerCount
        let work: @Sendable (Int) -> TrialAggregates = { item in
            let t = item / blocks
            let b = item % blocks
            let range = (b * Self.customerBlock)..<min(customers, (b + 1) * Self.customerBlock)
            var tallies = [RetentionTally](repeating: RetentionTally(), count: segmentCount * 5)
            var counts = SimulationCounts(periods: periods)
            var none = NoRows()
            let scratch = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(1, 2 * kernel.model.featureCount))
            defer { scratch.deallocate() }
            kernel.simulate(
                trial: first + t, customers: range, skills: skills[t], tallies: &tallies, counts: &counts,
                scratch: scratch, recorder: &none)
            return TrialAggregates(trial: first + t, segmentCount: segmentCount, tallies: tallies, counts: counts)
        }
        let parts = ParallelWork.map(count: trials.count * blocks, threads: threads, work, completed: completed)
        var results: [TrialAggregates] = []
        results.reserveCapacity(trials.count)
        for t in 0..<trials.count {
            // Blocks are summed in block order: the same Double sums for any thread count.
            var merged = parts[t * blocks]
            for b in 1..<max(1, blocks) {
                let part = parts[t * blocks + b]
                for i in merged.tallies.indices { merged.tallies[i].merge(part.tallies[i]) }
                merged.counts.merge(part.counts)
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
        let chunkCount = (customerCount + size - 1) / size
        let skills = kernel.csmSkills(trial: trial)
        let batch = max(1, threads)
        var next = 0
        while next < chunkCount {
            let start = next
            let n = min(batch, chunkCount - start)
            let chunks = ParallelWork.map(count: n, threads: threads) { i in
                let from = (start + i) * size
                return self.chunk(trial: trial, customers: from..<min(self.customerCount, from + size), skills: skills)
            }
            for chunk in chunks { try body(chunk) }
            next += n
        }
    }

    /// Trial `trial`'s whole panel in memory, generated on the calling thread (for tests and
    /// small bases; identical to the concatenation of `history(trial:)`'s chunks).
    public func historyPanel(trial: Int) -> HistoryChunk {
        chunk(trial: trial, customers: 0..<customerCount, skills: kernel.csmSkills(trial: trial))
    }

    func chunk(trial: Int, customers: Range<Int>, skills: [Float]) -> HistoryChunk {
        var panel = HistoryPanel(
            granularity: scenario.periods.granularity, featureNames: scenario.features.map(\.name),
            hasCSMColumn: true, hasMilestoneColumns: !scenario.milestones.isEmpty)
        panel.segmentNames = scenario.segments.map(\.name)
        panel.csmIDs = csmIDs
        panel.milestoneNames = scenario.milestones.map(\.name)
        panel.reserveCapacity(customers.count * scenario.periods.count)
        var recorder = ChunkRecorder(
            panel: panel, firstCustomer: customers.lowerBound, periods: periods,
            customerIDs: customers.map(customerID))
        var tallies = [RetentionTally](repeating: RetentionTally(), count: scenario.segments.count * 5)
        var counts = SimulationCounts(periods: scenario.periods.count)
        let scratch = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(1, 2 * kernel.model.featureCount))
        defer { scratch.deallocate() }
        kernel.simulate(
            trial: trial, customers: customers, skills: skills, tallies: &tallies, counts: &counts,
            scratch: scratch, recorder: &recorder)
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

    /// The id of customer `c` (global index): `C000001`...
    public func customerID(_ c: Int) -> String {
        "C" + Self.padded(c + 1, max(6, String(customerCount).count))
    }

    static func padded(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }
}
