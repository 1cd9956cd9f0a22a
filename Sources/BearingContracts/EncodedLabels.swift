import BearingPanel

/// CSV field bytes of labels written on many rows (customer ids, periods, segments,
/// categories, cohorts, fits), encoded once and stored back to back: writing one on a row is a
/// single copy, with no `String`, no array per label and no reference counting.
///
/// Immutable after `init`, so it is shared by the workers that render blocks of rows.
final class EncodedLabels: @unchecked Sendable {
    /// Number of labels.
    let count: Int
    /// Bytes of the longest encoded label (to bound a row before writing it).
    let longest: Int
    private let bytes: UnsafeMutablePointer<UInt8>
    /// `starts[i]..<starts[i + 1]` are the bytes of label `i`.
    private let starts: UnsafeMutablePointer<Int>

    /// The labels, each quoted as a CSV field when it needs it.
    convenience init(_ labels: [String]) {
        self.init(count: labels.count, bound: labels.reduce(0) { $0 + 2 * $1.utf8.count + 2 }) { i, sink in
            HistoryCSVFormat.appendString(labels[i], to: &sink)
        }
    }

    /// `count` labels, label `i` written by `encode(i, &sink)`; `bound` bounds their total bytes.
    init(count: Int, bound: Int, encode: (Int, inout CSVByteSink) -> Void) {
        var sink = CSVByteSink(capacity: bound)
        defer { sink.release() }
        starts = .allocate(capacity: count + 1)
        starts[0] = 0
        var longest = 0
        for i in 0..<count {
            encode(i, &sink)
            starts[i + 1] = sink.count
            longest = max(longest, sink.count - starts[i])
        }
        self.count = count
        self.longest = longest
        bytes = .allocate(capacity: max(1, sink.count))
        if let base = sink.bytes.baseAddress {
            UnsafeMutableRawPointer(bytes).copyMemory(from: base, byteCount: sink.count)
        }
    }

    deinit {
        bytes.deallocate()
        starts.deallocate()
    }

    /// Writes label `i`; room for `longest` bytes must have been ensured.
    @inline(__always)
    func put(_ i: Int, to sink: inout CSVByteSink) {
        let start = starts[i]
        sink.put(UnsafeBufferPointer(start: bytes + start, count: starts[i + 1] - start))
    }
}
