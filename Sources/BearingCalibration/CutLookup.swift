/// How many of a few sorted cuts lie below a value, for the rows of a histogram: a table over
/// equal-width value buckets answers most rows with one load instead of a binary search whose
/// branches the rows' random values mispredict.
///
/// The bucket of a value, ⌊(x − first cut) · scale⌋ clamped to the table, is a monotone map of
/// x, so a cut in an earlier bucket is below every value of a later one. A value whose bucket
/// holds no cut therefore has the same count as the bucket's start (and equals no cut); a
/// value in a bucket with a cut falls back to the binary search. The counts are exact.
struct CutLookup {
    /// Table size: a few cuts leave almost every bucket empty of them.
    static let buckets = 4096

    private let cuts: [Double]
    private let first: Double
    private let scale: Double
    /// Per bucket: the number of cuts in earlier buckets, or −1 when the bucket holds a cut.
    private let table: [Int]

    /// `cuts` sorted ascending, distinct, without NaN.
    init(_ cuts: [Double]) {
        self.cuts = cuts
        let first = cuts.first ?? 0
        let last = cuts.last ?? 0
        let scale = Double(Self.buckets - 1) / (last - first)
        guard cuts.count >= 2, first.isFinite, last.isFinite, scale.isFinite, scale > 0 else {
            (self.first, self.scale, self.table) = (0, 0, [])
            return
        }
        self.first = first
        self.scale = scale
        var table = [Int](repeating: 0, count: Self.buckets)
        var next = 0
        for b in 0..<Self.buckets {
            table[b] = next
            if next < cuts.count, Self.bucket(cuts[next], first: first, scale: scale) == b {
                table[b] = -1
                while next < cuts.count, Self.bucket(cuts[next], first: first, scale: scale) == b { next += 1 }
            }
        }
        self.table = table
    }

    @inline(__always)
    private static func bucket(_ x: Double, first: Double, scale: Double) -> Int {
        let t = (x - first) * scale
        guard t > 0 else { return 0 }
        return t < Double(buckets - 1) ? Int(t) : buckets - 1
    }

    /// Number of cuts strictly less than `x` (not NaN).
    @inline(__always)
    func countLess(_ x: Double) -> Int {
        if !table.isEmpty {
            let known = table[Self.bucket(x, first: first, scale: scale)]
            if known >= 0 { return known }
        }
        return Self.countLess(cuts, x)
    }

    /// Number of cuts less than or equal to `x` (not NaN).
    @inline(__always)
    func countLessOrEqual(_ x: Double) -> Int {
        if !table.isEmpty {
            let known = table[Self.bucket(x, first: first, scale: scale)]
            if known >= 0 { return known }
        }
        return Self.prefix(of: cuts) { $0 <= x }
    }

    /// Number of sorted `cuts` strictly less than `x`, by binary search.
    static func countLess(_ cuts: [Double], _ x: Double) -> Int {
        prefix(of: cuts) { $0 < x }
    }

    /// Length of the prefix of sorted `cuts` where `holds` is true (false after it).
    @inline(__always)
    private static func prefix(of cuts: [Double], where holds: (Double) -> Bool) -> Int {
        var lo = 0
        var hi = cuts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if holds(cuts[mid]) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
