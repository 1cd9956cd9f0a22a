import BearingMetrics
import BearingPanel
import BearingSimulation
import Testing

/// The memory estimate against a hand calculation, and the refusal it drives.
struct MemoryEstimateTests {
    static func part(_ estimate: MemoryEstimate, _ name: String) -> Int? {
        estimate.parts.first { $0.name == name }?.bytes
    }

    /// `TestScenarios.constant()`: 2 segments, 10,000 customers (3 blocks of 4,096), 8 periods,
    /// 4 features, churn 0.05 in every state. By hand:
    /// - periods a customer stays = Σ_{t<8} 0.95^t = (1 − 0.95^8) / 0.05
    ///   = (1 − 0.6634204312890625) / 0.05 = 6.73159137421875;
    /// - one trial's aggregates = 2 segments × 5 cohorts × 56 (7 eight-byte fields of a tally)
    ///   + 7 counts × 8 periods × 8 bytes + 512 = 560 + 448 + 512 = 1,520 bytes;
    /// - a panel row = 51 (customer 4, period 8, segment 4, fit 1, csm 4, arr 8, churned 1,
    ///   expansion 8, contraction 8, milestone 4, reached 1) + 4 features × 4 + latent 14
    ///   (direction 4, experience 4, dark 1, category 1, churn probability 4) = 81 bytes;
    /// - history chunks on 2 threads = 2 × ⌈4,096 × 6.7316⌉ = 2 × 27,573 rows × 81 = 4,466,826 bytes;
    /// - the whole panel = ⌈10,000 × 6.7316⌉ = 67,316 rows × 81 + 10,000 ids × 32 = 5,772,596 bytes.
    @Test func partsMatchAHandCalculation() throws {
        #expect(MemoryLayout<RetentionTally>.stride == 56)
        #expect(MemoryLayout<Period>.stride == 8)
        let engine = try MonteCarloEngine(scenario: TestScenarios.constant(), seed: 1)
        #expect(abs(engine.expectedPeriodsPerCustomer - 6.73159137421875) < 1e-12)
        let estimate = engine.memoryEstimate(trials: 1000, threads: 2, history: true)
        #expect(Self.part(estimate, "per-trial aggregates") == 1000 * 1520)
        #expect(Self.part(estimate, "work items in flight") == 3000 * 1520)
        #expect(Self.part(estimate, "history chunks") == 4_466_826)
        // trials.csv: 2 + (1 + 5 + 2 + 2 × 5 groups) × metrics fields, 16 bytes each, doubled.
        let fields = 2 + 18 * TrialMetric.allCases.count
        #expect(Self.part(estimate, "trials.csv text") == 1000 * fields * 32)
        #expect(engine.maximumPanelRows == 80_000)
        #expect(engine.expectedPanelRows == 67_316)
        #expect(engine.panelMemory == 5_772_596)
        let withoutHistory = engine.memoryEstimate(trials: 1000, threads: 2, history: false)
        #expect(Self.part(withoutHistory, "history chunks") == nil)
        #expect(withoutHistory.bytes == estimate.bytes - 4_466_826 - (3 << 20))
        // One block per trial: the batch shares the kept aggregates; one chunk, however many threads.
        let small = try MonteCarloEngine(scenario: TestScenarios.constant(customers: [300, 200]), seed: 1)
        let smallEstimate = small.memoryEstimate(trials: 10, threads: 8, history: true)
        #expect(Self.part(smallEstimate, "work items in flight") == nil)
        #expect(Self.part(smallEstimate, "history chunks") == 3366 * 81, "⌈500 × 6.7316⌉ = 3,366 rows, one chunk")
    }

    @Test func sizesThatOverflowSaturate() {
        #expect(MemoryEstimate.product(Int.max / 2, 3) == Int.max)
        #expect(MemoryEstimate.sum(Int.max, 1) == Int.max)
        #expect(MemoryEstimate.product(4_000_000_000, 1200, 56, 7) == 1_881_600_000_000_000)
        #expect(MemoryEstimate.product(4_000_000_000, 4_000_000_000) == Int.max)
        var e = MemoryEstimate(run: "x")
        e.add("a", bytes: Int.max)
        e.add("b", bytes: 5)
        #expect(e.bytes == Int.max)
        #expect(MemoryEstimate.format(Int.max) == "more than 8 EiB")
    }

    @Test(arguments: [(0, "0 B"), (1023, "1023 B"), (1536, "1.50 KiB"), (10 << 20, "10.0 MiB"), (200 << 30, "200 GiB"), (3 << 40, "3.00 TiB")])
    func formatsBinaryUnits(_ bytes: Int, _ text: String) {
        #expect(MemoryEstimate.format(bytes) == text)
    }

    @Test func refusesOnlyWhatExceedsPhysicalMemory() throws {
        var e = MemoryEstimate(run: "simulate")
        e.add("per-trial aggregates", bytes: 3 << 30)
        e.add("history chunks", bytes: 1 << 30)
        e.add("tiny", bytes: 1)
        try e.check(physicalMemory: 5 << 30, advice: "unused")
        try e.check(physicalMemory: nil, advice: "unknown memory: no check")
        do {
            try e.check(physicalMemory: 2 << 30, advice: "Use fewer --trials.")
            Issue.record("4 GiB fitted in 2 GiB")
        } catch {
            #expect(
                error.description
                    == "not enough memory: simulate: about 4.00 GiB (per-trial aggregates 3.00 GiB, history chunks 1.00 GiB),"
                    + " but this machine has 2.00 GiB of physical memory; nothing was started or written. Use fewer --trials.")
        }
        #expect((MemoryEstimate.physicalMemory ?? 0) > 1 << 28, "sysconf reports the machine's memory")
    }
}
