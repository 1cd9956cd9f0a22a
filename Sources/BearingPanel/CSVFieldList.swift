/// The fields of the row being scanned, in a reused block (no uniqueness checks per field).
/// Shared by the panel reader and the export importer's scanner.
///
/// Public only to the `Scanning` SPI, not API: `@inlinable` `package` declarations were
/// called out of line from BearingImport (Swift 6.3), one call per cell; public inlinable
/// ones are inlined.
@_spi(Scanning) public struct CSVFieldList {
    @usableFromInline var base: UnsafeMutablePointer<CSVField>
    @usableFromInline var capacity: Int
    @usableFromInline var used = 0

    /// Fields of the row so far.
    @inlinable public var count: Int { used }

    /// An empty list with room for `capacity` fields.
    public init(capacity: Int = 64) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    /// Appends a field, growing the block when full.
    @inlinable @inline(__always)
    public mutating func append(_ field: CSVField) {
        if used == capacity { grow() }
        (base + used).initialize(to: field)
        used += 1
    }

    /// Empties the list, keeping its block.
    @inlinable
    public mutating func removeAll() { used = 0 }

    /// The fields so far, valid until the next `append` or `removeAll`.
    @inlinable
    public var fields: UnsafeMutableBufferPointer<CSVField> { UnsafeMutableBufferPointer(start: base, count: used) }

    /// Frees the block; call once, when done.
    public func release() { base.deallocate() }

    @usableFromInline
    mutating func grow() {
        let grown = UnsafeMutablePointer<CSVField>.allocate(capacity: capacity * 2)
        grown.moveInitialize(from: base, count: used)
        base.deallocate()
        base = grown
        capacity *= 2
    }
}
