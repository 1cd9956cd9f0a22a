import BearingMetrics
import BearingPanel

extension ScoreOrder {
    /// Value buckets of the selection: enough that a bucket holds a few rows of a spread sample.
    static let selectionBuckets = 1 << 16

    /// `Quantiles.quantiles(values, qs)` (type 7, NaNs ignored) bit for bit: the threshold
    /// search takes a dozen quantiles of up to ~700,000 training rows per fit.
    ///
    /// A quantile reads two order statistics, so instead of sorting every row the rows are
    /// counted into equal-width value buckets between the minimum and the maximum (a monotone
    /// map, so bucket order is value order), and only the buckets that hold a needed rank are
    /// sorted, stably and in row order as the full sort has them (−0 and +0 tie and keep their
    /// row order). Two passes over the rows instead of a six-digit radix sort.
    static func quantiles(_ values: [Double], _ qs: [Double]) -> [Double] {
        let live = values.filter { !$0.isNaN }
        let n = live.count
        guard n >= radixThreshold, let low = live.min(), let high = live.max(), low.isFinite, high.isFinite, low < high else {
            return Quantiles.quantiles(sorted: ascending(live).map { live[$0] }, qs)
        }
        // The ranks type 7 interpolates between (as `Quantiles.quantiles(sorted:_:)` finds them).
        var ranks: [Int] = []
        for q in qs {
            let lo = Int((Double(n - 1) * min(1, max(0, q))).rounded(.down))
            ranks += [lo, min(lo + 1, n - 1)]
        }
        let buckets = selectionBuckets
        let scale = Double(buckets - 1) / (high - low)
        guard scale.isFinite, scale > 0 else { return Quantiles.quantiles(sorted: ascending(live).map { live[$0] }, qs) }
        func bucket(_ v: Double) -> Int { Int((v - low) * scale) }
        var counts = [Int](repeating: 0, count: buckets)
        for v in live { counts[bucket(v)] += 1 }
        // The first rank of each bucket, and which buckets a needed rank falls in.
        var starts = [Int](repeating: 0, count: buckets)
        var total = 0
        for b in 0..<buckets {
            starts[b] = total
            total += counts[b]
        }
        var needed = [Bool](repeating: false, count: buckets)
        for r in ranks {
            needed[starts.lastIndex(atMost: r) { $0 }] = true
        }
        // The needed buckets' rows in row order, then sorted stably: candidates sit at their
        // global ranks, since every row of an earlier bucket is smaller.
        var candidates: [Double] = []
        var candidateBuckets: [Int] = []
        for v in live {
            let b = bucket(v)
            if needed[b] {
                candidates.append(v)
                candidateBuckets.append(b)
            }
        }
        let order = ascending(candidates)
        var sorted = [Double](repeating: 0, count: n)
        var next = [Int](repeating: 0, count: buckets)
        for i in order {
            let b = candidateBuckets[i]
            sorted[starts[b] + next[b]] = candidates[i]
            next[b] += 1
        }
        // Only the needed ranks of `sorted` are filled, and only those are read.
        return Quantiles.quantiles(sorted: sorted, qs)
    }
}
