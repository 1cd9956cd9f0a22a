import BearingPanel

/// The new-logo acquisition cohorts of one trial: how many customers each segment acquired in
/// each period and how many of them were still customers after each number of periods, plus
/// the same customers' churn by true vector category — what a contractual retention model
/// (sBG, BdW, the category model in `BearingForecast`) is fitted from.
///
/// Cohort `a` (a period index ≥ 1; the starting book is not an acquisition cohort, its tenure
/// is unknown) has `survivors(acquiredIn: a)[t]` customers still active after `t` periods,
/// `t = 0…periods − a`: index 0 counts the cohort, index `t ≥ 1` those present at the start of
/// period `a + t`, the last index those that did not churn in the last simulated period
/// (right-censored). Counts are exact integers, so merging blocks in any order gives the same.
public struct AcquisitionCohorts: Sendable, Hashable {
    public let periods: Int
    public let segments: Int
    /// Index `(segment · periods + a) · (periods + 1) + t`.
    private var survivorCounts: [Int]
    /// Index `((a · periods + t − 1) · 4 + category) · 2 + (0 at risk, 1 churned)`, pooled over
    /// segments; `t ≥ 1` is the period since acquisition (period `a + t − 1`).
    private var categoryCounts: [Int]

    /// Empty cohorts for a horizon of `periods` periods and `segments` segments.
    public init(periods: Int, segments: Int) {
        self.periods = periods
        self.segments = segments
        survivorCounts = Array(repeating: 0, count: segments * periods * (periods + 1))
        categoryCounts = Array(repeating: 0, count: periods * periods * 8)
    }

    /// Survivor counts of cohort `a` (1 ≤ a < periods) of one segment, or of all segments pooled.
    public func survivors(acquiredIn a: Int, segment: Int? = nil) -> [Int] {
        guard a >= 1, a < periods else { return [] }
        var result = [Int](repeating: 0, count: periods - a + 1)
        for s in segment.map({ [$0] }) ?? Array(0..<segments) {
            let base = (s * periods + a) * (periods + 1)
            for t in result.indices { result[t] += survivorCounts[base + t] }
        }
        return result
    }

    /// New logos acquired in period `a`, one segment or all.
    public func newLogos(period a: Int, segment: Int? = nil) -> Int {
        survivors(acquiredIn: a, segment: segment).first ?? 0
    }

    /// Customers of cohort `a` at risk in their `t`-th period (`t ≥ 1`) in `category`, and how
    /// many of them churned in it (all segments).
    public func categoryCount(acquiredIn a: Int, period t: Int, category: VectorCategory) -> (atRisk: Int, churned: Int) {
        guard a >= 1, a < periods, t >= 1, a + t - 1 < periods else { return (0, 0) }
        let i = ((a * periods + t - 1) * 4 + Int(category.rawValue)) * 2
        return (categoryCounts[i], categoryCounts[i + 1])
    }

    /// Raw counters the kernel fills for one block of customers (no array checks per count),
    /// added to the cohorts once at the end with `add(_:)`. The owner allocates and frees it.
    struct Scratch {
        let periods: Int
        let survivorCount: Int
        let counts: UnsafeMutableBufferPointer<Int>

        init(periods: Int, segments: Int) {
            self.periods = periods
            survivorCount = segments * periods * (periods + 1)
            counts = .allocate(capacity: max(1, survivorCount + periods * periods * 8))
            counts.initialize(repeating: 0)
        }

        func deallocate() { counts.deallocate() }

        /// One new logo acquired in period `a` of segment `s`, present through period `last`,
        /// churned in it or not.
        @inline(__always)
        func addCustomer(segment s: Int, acquiredIn a: Int, lastPeriod last: Int, churned: Bool) {
            let base = (s * periods + a) * (periods + 1)
            let alive = last - a + (churned ? 0 : 1)
            for t in 0...alive { counts[base + t] += 1 }
        }

        /// A new logo's period `p` (acquired in `a`) in `category`.
        @inline(__always)
        func addPeriod(acquiredIn a: Int, period p: Int, category: Int, churned: Bool) {
            let i = survivorCount + ((a * periods + p - a) * 4 + category) * 2
            counts[i] += 1
            if churned { counts[i + 1] += 1 }
        }
    }

    /// Adds a block's raw counters (same periods and segments).
    mutating func add(_ scratch: Scratch) {
        guard scratch.periods == periods else { return }
        for i in survivorCounts.indices { survivorCounts[i] += scratch.counts[i] }
        for i in categoryCounts.indices { categoryCounts[i] += scratch.counts[scratch.survivorCount + i] }
    }

    public mutating func merge(_ other: AcquisitionCohorts) {
        guard other.periods == periods, other.segments == segments else { return }
        for i in survivorCounts.indices { survivorCounts[i] += other.survivorCounts[i] }
        for i in categoryCounts.indices { categoryCounts[i] += other.categoryCounts[i] }
    }
}
