import BearingMetrics

/// Row orders of `Double` scores for the metrics (ROC curve, AUC, lift, DeLong midranks, the
/// bootstrap's entry lists), found by a stable least-significant-digit radix sort instead of a
/// comparison sort.
///
/// Contract: the same permutation as the stable comparison sort it replaces, e.g.
/// `descending(s) == s.indices.sorted { s[$0] > s[$1] }`: scores in order, ties (−0 and +0
/// included, as `==` has them) in row order. Pooled backtest metrics sorted ~600,000 scores
/// several times per model with closures; the radix sort is linear and several times faster.
/// Scores must not be NaN (`ClassifierMetrics.check` rejects them first).
enum ScoreOrder {
    /// Below this many rows the comparison sort is as fast and simpler.
    static let radixThreshold = 256

    /// Row indices by descending score; ties in row order.
    static func descending(_ scores: [Double]) -> [Int] {
        guard scores.count >= radixThreshold else { return scores.indices.sorted { scores[$0] > scores[$1] } }
        return radixOrder(scores.map { ~orderable($0) }, tieBreak: nil)
    }

    /// Row indices by ascending score; ties in row order.
    static func ascending(_ scores: [Double]) -> [Int] {
        guard scores.count >= radixThreshold else { return scores.indices.sorted { scores[$0] < scores[$1] } }
        return radixOrder(scores.map { orderable($0) }, tieBreak: nil)
    }

    /// Row indices by ascending score, ties by label (retained before churned), then row order:
    /// `CustomerBootstrap`'s entry order.
    static func ascending(_ scores: [Double], thenLabels labels: [Bool]) -> [Int] {
        guard scores.count >= radixThreshold else {
            return scores.indices.sorted { a, b in
                scores[a] != scores[b] ? scores[a] < scores[b] : (!labels[a] && labels[b])
            }
        }
        return radixOrder(scores.map { orderable($0) }, tieBreak: labels)
    }

    /// Row indices by ascending `Int32` value; ties in row order.
    static func ascending(_ values: [Int32]) -> [Int] {
        guard values.count >= radixThreshold else { return values.indices.sorted { values[$0] < values[$1] } }
        return radixOrder(values.map { UInt64(UInt32(bitPattern: $0) ^ 0x8000_0000) }, tieBreak: nil)
    }

    /// The bits of `x` as an unsigned integer with the order of the values; −0 is taken as +0
    /// so that the two zeros tie, as they compare equal.
    @inline(__always)
    static func orderable(_ x: Double) -> UInt64 {
        let bits = (x == 0 ? 0.0 : x).bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    /// Stable sort of row indices by `keys` (ascending). With `tieBreak`, rows are first put in
    /// label order (false before true), so equal keys keep that order and then row order.
    private static func radixOrder(_ keys: [UInt64], tieBreak: [Bool]?) -> [Int] {
        let n = keys.count
        var order = [Int32](repeating: 0, count: n)
        var keyBuffer = [UInt64](repeating: 0, count: n)
        var orderBuffer = [Int32](repeating: 0, count: n)
        keys.withUnsafeBufferPointer { source in
            order.withUnsafeMutableBufferPointer { o in
                keyBuffer.withUnsafeMutableBufferPointer { k in
                    // The least significant criterion first: a stable pass on the label.
                    if let labels = tieBreak {
                        var next = 0
                        for i in 0..<n where !labels[i] {
                            o[next] = Int32(i)
                            next += 1
                        }
                        for i in 0..<n where labels[i] {
                            o[next] = Int32(i)
                            next += 1
                        }
                    } else {
                        for i in 0..<n { o[i] = Int32(i) }
                    }
                    for i in 0..<n { k[i] = source[Int(o[i])] }
                }
            }
        }
        // Six 11-bit digits; a digit every key shares (the exponent bits of probabilities,
        // mostly) is skipped: it would not move anything.
        let digitBits: UInt64 = 11
        let buckets = 1 << digitBits
        var counts = [Int](repeating: 0, count: 6 * buckets)
        keyBuffer.withUnsafeBufferPointer { k in
            counts.withUnsafeMutableBufferPointer { c in
                for key in k {
                    for d in 0..<6 { c[d * buckets + Int((key >> (UInt64(d) * digitBits)) & UInt64(buckets - 1))] += 1 }
                }
            }
        }
        var otherKeys = [UInt64](repeating: 0, count: n)
        for d in 0..<6 {
            let shift = UInt64(d) * digitBits
            let base = d * buckets
            if counts[base + Int((keyBuffer[0] >> shift) & UInt64(buckets - 1))] == n { continue }
            var offsets = [Int](repeating: 0, count: buckets)
            var total = 0
            for b in 0..<buckets {
                offsets[b] = total
                total += counts[base + b]
            }
            keyBuffer.withUnsafeBufferPointer { k in
                order.withUnsafeBufferPointer { o in
                    otherKeys.withUnsafeMutableBufferPointer { tk in
                        orderBuffer.withUnsafeMutableBufferPointer { to in
                            offsets.withUnsafeMutableBufferPointer { off in
                                for i in 0..<n {
                                    let b = Int((k[i] >> shift) & UInt64(buckets - 1))
                                    let at = off[b]
                                    tk[at] = k[i]
                                    to[at] = o[i]
                                    off[b] = at + 1
                                }
                            }
                        }
                    }
                }
            }
            swap(&keyBuffer, &otherKeys)
            swap(&order, &orderBuffer)
        }
        return order.map { Int($0) }
    }
}
