import BearingPanel
import BearingRandom

/// Stratified K-fold assignment of customers: every row of a customer lands in the same fold,
/// and customers who churned (in any of the given rows) are spread over the folds as evenly as
/// those who did not.
///
/// Deterministic: customer c's place in its stratum is decided by the first draw of a
/// `RandomStream` keyed (seed, trial 0, customer: the rank of c's id among the customers'
/// sorted ids, period 0, purpose `purpose`), so the folds depend on the seed and the customer
/// ids only, not on row order or thread count. Within each stratum (churned first) customers
/// are ordered by that draw and dealt to folds 0, 1, …, K−1, 0, … with one counter across
/// both strata, so fold sizes differ by at most one.
struct CustomerFolds: Sendable {
    /// The `purpose` word of the assignment streams.
    static let purpose: UInt32 = 0xF01D
    /// Seed of the inner folds the vector model cross-validates C on when its training rows
    /// span one period (a snapshot).
    static let innerSeed: UInt64 = 0x5EED_F01D

    let k: Int
    /// Fold of each panel customer index, -1 for customers without a row among those given.
    let foldOfCustomer: [Int32]
    /// Customers per fold.
    let customers: [Int]

    /// Folds of the customers of `rows` (rows with an unknown outcome count for nothing).
    /// Throws when either stratum has fewer than `k` customers: some fold would have no
    /// churned (or no retained) customer to learn from or to judge.
    init(panel: HistoryPanel, rows: [Int32], k: Int, seed: UInt64) throws(CalibrationError) {
        guard k >= 2 else { throw .invalidOption("a customer split needs at least 2 folds, found \(k)") }
        var churned = [Int8](repeating: -1, count: panel.customerIDs.count)
        for r in panel.rowsWithKnownOutcome(rows) {
            let c = Int(panel.customer[Int(r)])
            if churned[c] < 0 { churned[c] = 0 }
            if panel.churned[Int(r)] { churned[c] = 1 }
        }
        let present = churned.indices.filter { churned[$0] >= 0 }
        let ranked = present.sorted { panel.customerIDs[$0] < panel.customerIDs[$1] }
        var draw = [UInt64](repeating: 0, count: panel.customerIDs.count)
        var rank = [Int](repeating: 0, count: panel.customerIDs.count)
        for (i, c) in ranked.enumerated() {
            var stream = RandomStream(seed: seed, trial: 0, customer: UInt32(truncatingIfNeeded: i), period: 0, purpose: Self.purpose)
            draw[c] = stream.next()
            rank[c] = i
        }
        let strata = [ranked.filter { churned[$0] == 1 }, ranked.filter { churned[$0] == 0 }]
        guard strata[0].count >= k, strata[1].count >= k else {
            throw .invalidOption(
                "a stratified \(k)-fold split by customer needs at least \(k) churned and \(k) retained customers; "
                    + "the rows have \(strata[0].count) churned and \(strata[1].count) retained (use fewer folds)")
        }
        var fold = [Int32](repeating: -1, count: panel.customerIDs.count)
        var sizes = [Int](repeating: 0, count: k)
        var counter = 0
        for stratum in strata {
            for c in stratum.sorted(by: { draw[$0] != draw[$1] ? draw[$0] < draw[$1] : rank[$0] < rank[$1] }) {
                fold[c] = Int32(counter % k)
                sizes[counter % k] += 1
                counter += 1
            }
        }
        self.k = k
        self.foldOfCustomer = fold
        self.customers = sizes
    }

    /// `rows` split into those of customers outside fold `f` (training) and inside it (test),
    /// each in the order given.
    func split(_ rows: [Int32], panel: HistoryPanel, fold f: Int) -> (training: [Int32], test: [Int32]) {
        var training: [Int32] = []
        var test: [Int32] = []
        for r in rows {
            if foldOfCustomer[Int(panel.customer[Int(r)])] == Int32(f) { test.append(r) } else { training.append(r) }
        }
        return (training, test)
    }
}
