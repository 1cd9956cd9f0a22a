/// Walker's alias method (Vose's stable construction): after O(n) set-up, each categorical
/// draw costs two words and one comparison whatever the number of categories.
///
/// Use it when one weight vector is sampled many times (a milestone catalogue, a segment mix);
/// for one-off draws `Distributions.categorical` is cheaper. Exactness: category `i` is drawn
/// with probability `weights[i] / sum(weights)` up to double rounding in the set-up and a bias
/// below `n · 2^-64` in picking the column.
public struct AliasTable: Sendable, Equatable {
    /// Probability of keeping column `i` rather than taking `alias[i]`.
    @usableFromInline let keep: [Double]
    @usableFromInline let alias: [Int]

    /// Number of categories (including those with zero weight).
    public var count: Int { keep.count }

    /// A table for `weights` (negative and NaN weights count as 0). Nil when no weight is
    /// positive or the sum is not finite.
    public init?(weights: [Double]) {
        let cleaned = weights.map { $0 > 0 ? $0 : 0 }
        let total = cleaned.reduce(0, +)
        guard total > 0, total.isFinite else { return nil }
        let n = cleaned.count
        var scaled = cleaned.map { $0 * Double(n) / total }
        var keep = [Double](repeating: 1, count: n)
        var alias = Array(0..<n)
        var small: [Int] = [], large: [Int] = []
        for i in (0..<n).reversed() {
            if scaled[i] < 1 { small.append(i) } else { large.append(i) }
        }
        while let s = small.popLast(), let l = large.popLast() {
            keep[s] = scaled[s]
            alias[s] = l
            scaled[l] = (scaled[l] + scaled[s]) - 1
            if scaled[l] < 1 { small.append(l) } else { large.append(l) }
        }
        // Leftovers are 1 up to rounding: they always keep their own column. A zero-weight
        // leftover (possible only through rounding) must never be kept, so it defers.
        for i in small + large {
            keep[i] = 1
            if cleaned[i] == 0, let positive = cleaned.firstIndex(where: { $0 > 0 }) {
                keep[i] = 0
                alias[i] = positive
            }
        }
        self.keep = keep
        self.alias = alias
    }

    /// A category index drawn with probability proportional to its weight.
    @inlinable
    public func sample<G: RandomNumberGenerator>(using g: inout G) -> Int {
        let column = Int(truncatingIfNeeded: g.next().multipliedFullWidth(by: UInt64(keep.count)).high)
        return Distributions.openUniform(using: &g) < keep[column] ? column : alias[column]
    }
}
