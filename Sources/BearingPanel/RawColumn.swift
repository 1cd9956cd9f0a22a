import Foundation

/// Per-customer bookkeeping storage for the reader: one `malloc` block grown with
/// `realloc`; writes are plain stores (no uniqueness or capacity checks per row).
/// Capacity and count are tracked by the owner, for all its columns at once.
/// Elements must be trivial (no references): memory is moved bitwise by `realloc`.
struct RawColumn<Element> {
    private(set) var base: UnsafeMutablePointer<Element>?

    init() {
        assert(_isPOD(Element.self), "RawColumn holds trivial types only")
        base = nil
    }

    /// Makes room for `capacity` elements, keeping the first ones; false (and unchanged)
    /// when the memory is not available.
    mutating func resize(to capacity: Int) -> Bool {
        guard let raw = realloc(base, max(1, capacity) * MemoryLayout<Element>.stride) else { return false }
        base = raw.bindMemory(to: Element.self, capacity: capacity)
        return true
    }

    @inline(__always)
    func set(_ index: Int, _ value: Element) { base.unsafelyUnwrapped[index] = value }

    @inline(__always)
    subscript(index: Int) -> Element { base.unsafelyUnwrapped[index] }

    /// The first `count` elements as an array; the block is freed.
    mutating func takeArray(count: Int) -> [Element] {
        guard let base, count > 0 else {
            release()
            return []
        }
        let array = Array(UnsafeBufferPointer(start: base, count: count))
        release()
        return array
    }

    mutating func release() {
        free(base)
        base = nil
    }
}
