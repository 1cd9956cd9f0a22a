/// Bytes in memory handed out in buffer-sized pieces, as `read(2)` hands out a file: the
/// readers' tests use it to cross every chunk boundary a file does.
package struct ChunkedBytes {
    private let bytes: [UInt8]
    private var offset = 0

    package init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Fills `buffer` with the next bytes; returns how many (0 at the end).
    package mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let n = min(buffer.count, bytes.count - offset)
        bytes.withUnsafeBytes { source in
            guard n > 0, let base = source.baseAddress else { return }
            buffer.baseAddress?.copyMemory(from: base + offset, byteCount: n)
        }
        offset += n
        return n
    }
}
