import BearingMetrics

/// A few order statistics of a large sample without sorting it: a multi-target quickselect
/// (three-way partition around a median-of-three pivot, recursing only into the parts that
/// hold a wanted rank). The threshold search wants ~20 quantiles of every fit's ~100,000 to
/// 700,000 training rows; sorting them all was most of its cost.
enum OrderStatistics {
    /// Below this many values a part is finished by insertion sort.
    static let smallPart = 24

    /// `Quantiles.quantiles(sorted:)` of `values` (no NaN), from the order statistics it reads:
    /// the values, and so the quantiles, are those of the sorted sample. Nil when one of those
    /// order statistics is zero, whose sign (−0 or +0) depends on which tied row a sort puts
    /// at that rank; the caller sorts then.
    static func quantiles(_ values: [Double], _ qs: [Double]) -> [Double]? {
        let n = values.count
        guard n > 0 else { return Quantiles.quantiles(sorted: [], qs) }
        // The ranks type-7 interpolation reads: ⌊h⌋ and the next one, h = (n − 1)q.
        var ranks = Set<Int>()
        for q in qs {
            let lo = Int((Double(n - 1) * min(1, max(0, q))).rounded(.down))
            ranks.insert(lo)
            ranks.insert(min(lo + 1, n - 1))
        }
        let wanted = ranks.sorted()
        let picked = select(values, ranks: wanted)
        guard !picked.contains(0) else { return nil }
        // A stand-in for the sorted sample: only the ranks the interpolation reads are filled.
        var sparse = [Double](repeating: 0, count: n)
        for (r, v) in zip(wanted, picked) { sparse[r] = v }
        return Quantiles.quantiles(sorted: sparse, qs)
    }

    /// The values at the ascending, distinct `ranks` of `values` sorted ascending.
    static func select(_ values: [Double], ranks: [Int]) -> [Double] {
        var work = values
        var out = [Double](repeating: 0, count: ranks.count)
        work.withUnsafeMutableBufferPointer { a in
            out.withUnsafeMutableBufferPointer { o in
                select(a, lo: 0, hi: a.count, ranks: ranks, from: 0, to: ranks.count, into: o)
            }
        }
        return out
    }

    /// Places the values of `ranks[from..<to]` (all within lo..<hi) into `out`.
    private static func select(
        _ a: UnsafeMutableBufferPointer<Double>, lo: Int, hi: Int, ranks: [Int], from: Int, to: Int,
        into out: UnsafeMutableBufferPointer<Double>
    ) {
        guard from < to else { return }
        if hi - lo <= smallPart {
            for i in (lo + 1)..<hi {
                let v = a[i]
                var j = i
                while j > lo, a[j - 1] > v {
                    a[j] = a[j - 1]
                    j -= 1
                }
                a[j] = v
            }
            for k in from..<to { out[k] = a[ranks[k]] }
            return
        }
        let pivot = medianOfThree(a[lo], a[lo + (hi - lo) / 2], a[hi - 1])
        // Dutch national flag: a[lo..<less] < pivot, a[less..<i] == pivot, a[greater..<hi] > pivot.
        var less = lo
        var i = lo
        var greater = hi
        while i < greater {
            let v = a[i]
            if v < pivot {
                a.swapAt(i, less)
                less += 1
                i += 1
            } else if v > pivot {
                greater -= 1
                a.swapAt(i, greater)
            } else {
                i += 1
            }
        }
        var k = from
        let leftEnd = partitionPoint(ranks, from: k, to: to) { $0 < less }
        select(a, lo: lo, hi: less, ranks: ranks, from: k, to: leftEnd, into: out)
        k = leftEnd
        while k < to, ranks[k] < greater {
            out[k] = pivot
            k += 1
        }
        select(a, lo: greater, hi: hi, ranks: ranks, from: k, to: to, into: out)
    }

    /// The first index in from..<to whose rank fails `below` (ranks ascend).
    private static func partitionPoint(_ ranks: [Int], from: Int, to: Int, _ below: (Int) -> Bool) -> Int {
        var k = from
        while k < to, below(ranks[k]) { k += 1 }
        return k
    }

    @inline(__always)
    private static func medianOfThree(_ x: Double, _ y: Double, _ z: Double) -> Double {
        max(min(x, y), min(max(x, y), z))
    }
}
