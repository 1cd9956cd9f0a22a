/// The fields of the row being scanned, in a reused block (no uniqueness checks per field).
/// Shared by the panel reader and the export importer's scanner.
package struct CSVFieldList {
    // Inlinable across the package: the importer's scanner appends one field per cell.
    @usableFromInline var base: UnsafeMutablePointer<CSVField>
    @usableFromInline var capacity: Int
    @usableFromInline package private(set) var count = 0

    package init(capacity: Int = 64) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    @inlinable @inline(__always)
    package mutating func append(_ field: CSVField) {
        if count == capacity { grow() }
        (base + count).initialize(to: field)
        count += 1
    }

    @inlinable
    package mutating func removeAll() { count = 0 }

    /// Mutable: the importer collapses doubled quotes in place.
    @inlinable
    package var fields: UnsafeMutableBufferPointer<CSVField> { UnsafeMutableBufferPointer(start: base, count: count) }

    package func release() { base.deallocate() }

    @usableFromInline
    mutating func grow() {
        let grown = UnsafeMutablePointer<CSVField>.allocate(capacity: capacity * 2)
        grown.moveInitialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity *= 2
    }
}
