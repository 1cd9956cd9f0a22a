/// A growable byte buffer written through a raw pointer: callers reserve room for a whole
/// row once (`ensure`), then store bytes without per-byte capacity or uniqueness checks.
package struct CSVByteSink {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    package private(set) var count = 0

    package init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    package func release() { base.deallocate() }

    package var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    package mutating func removeAll() { count = 0 }

    /// Room for at least `extra` more bytes.
    @inline(__always)
    package mutating func ensure(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    private mutating func grow(_ needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }

    /// Stores one byte; room must have been ensured.
    @inline(__always)
    package mutating func put(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }

    /// Stores bytes; room must have been ensured.
    @inline(__always)
    package mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Stores raw bytes; room must have been ensured.
    @inline(__always)
    package mutating func put(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress else { return }
        UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    /// Claims the next `count` bytes for the caller to fill (numbers are written back to front
    /// in place); room must have been ensured.
    @inline(__always)
    package mutating func claim(_ bytes: Int) -> UnsafeMutablePointer<UInt8> {
        let start = base + count
        count += bytes
        return start
    }
}
