import Foundation

/// The read buffer of a streaming CSV scan: whole rows are scanned from `start` to `end`;
/// before the next read the unfinished row is carried to the front and room made for a chunk
/// (the buffer doubles when a row is longer than what is left).
///
/// Owns its block: the owner calls `release()` exactly once.
package struct CarryBuffer {
    package private(set) var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// First byte not yet scanned.
    package var start = 0
    /// End of the bytes read so far.
    package private(set) var end = 0
    /// Bytes dropped from the front so far: the file offset of `base`.
    package private(set) var discarded = 0

    package init(chunkSize: Int) {
        capacity = max(1, chunkSize) * 2
        base = .allocate(capacity: capacity)
    }

    package func release() { base.deallocate() }

    /// Bytes of the file seen so far.
    package var bytesRead: Int { discarded + end }

    /// Carries the unfinished row to the front and returns room for `chunkSize` bytes after
    /// it; `appended(_:)` then counts what was read into it.
    package mutating func room(for chunkSize: Int) -> UnsafeMutableRawBufferPointer {
        let carry = end - start
        if start > 0 {
            if carry > 0 { memmove(base, base + start, carry) }
            discarded += start
            start = 0
            end = carry
        }
        if capacity - end < chunkSize {
            let newCapacity = max(capacity * 2, end + chunkSize)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            grown.update(from: base, count: end)
            base.deallocate()
            base = grown
            capacity = newCapacity
        }
        return UnsafeMutableRawBufferPointer(start: base + end, count: chunkSize)
    }

    /// Counts `n` bytes read into the room `room(for:)` gave.
    package mutating func appended(_ n: Int) { end += n }
}
