/// One field of a scanned CSV row: content range in the read buffer, outer quotes excluded.
/// Public only to the `Scanning` SPI, for inlining (see `CSVFieldList`).
@_spi(Scanning) @frozen public struct CSVField {
    /// Offset of the content's first byte.
    public var start: Int
    /// Offset just past the content.
    public var end: Int
    /// Content holds doubled quotes still to collapse.
    public var escaped: Bool

    /// A field over `start..<end`.
    @inlinable @inline(__always)
    public init(start: Int, end: Int, escaped: Bool) {
        self.start = start
        self.end = end
        self.escaped = escaped
    }
}

extension CSVField {
    /// The text of this escaped field of the row at `rowStart`, doubled quotes collapsed into
    /// `scratch` at the field's offset in the row (so the cells of a row stay valid at once,
    /// and reading one twice writes the same bytes). The buffer itself is never written.
    @usableFromInline
    package func collapsed(
        in base: UnsafePointer<UInt8>, rowStart: Int, scratch: UnsafeMutablePointer<UInt8>
    ) -> UnsafeBufferPointer<UInt8> {
        let target = scratch + (start - rowStart)
        var read = start
        var write = 0
        while read < end {
            target[write] = base[read]
            read += base[read] == UInt8(ascii: "\"") ? 2 : 1
            write += 1
        }
        return UnsafeBufferPointer(start: target, count: write)
    }
}

/// A complete row in the read buffer, as handed to `PanelBuilder` (and, as `ExportRow`, to
/// the export importer). Public only to the `Scanning` SPI, for inlining (see `CSVFieldList`).
///
/// Only valid while the call it is handed to runs: the buffer is reused for the next chunk.
@_spi(Scanning) public struct CSVRow {
    /// The read buffer.
    public let base: UnsafePointer<UInt8>
    /// The row's fields, offsets into `base`.
    public let fields: UnsafeBufferPointer<CSVField>
    /// Buffer offset of the row's first byte.
    public let rowStart: Int
    /// Physical line on which the row starts.
    public let line: Int
    /// At least as many bytes as the row: field `k` collapses its doubled quotes at the
    /// same offset from `rowStart` as in the buffer, so several cells stay valid at once.
    /// The buffer itself is never written: another thread may be hashing it, and a second
    /// pass may read it again.
    public let scratch: UnsafeMutablePointer<UInt8>

    /// A row over `fields` of `base`.
    @inlinable
    public init(
        base: UnsafePointer<UInt8>, fields: UnsafeBufferPointer<CSVField>, rowStart: Int, line: Int,
        scratch: UnsafeMutablePointer<UInt8>
    ) {
        self.base = base
        self.fields = fields
        self.rowStart = rowStart
        self.line = line
        self.scratch = scratch
    }

    /// Number of fields.
    @inlinable public var count: Int { fields.count }

    /// The text of field `k`, doubled quotes collapsed.
    @inlinable @inline(__always)
    public func cell(_ k: Int) -> UnsafeBufferPointer<UInt8> {
        let field = fields[k]
        guard field.escaped else { return UnsafeBufferPointer(start: base + field.start, count: field.end - field.start) }
        return field.collapsed(in: base, rowStart: rowStart, scratch: scratch)
    }

    /// Physical line on which field `k` starts (fields before it may hold quoted newlines).
    public func line(ofField k: Int) -> Int {
        line + CSVRow.newlines(base, from: rowStart, to: fields[k].start)
    }

    /// Line feeds in `base[from..<to]`.
    public static func newlines(_ base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
        var count = 0
        for i in from..<max(from, to) where base[i] == UInt8(ascii: "\n") { count += 1 }
        return count
    }
}

/// The scratch block behind `CSVRow.scratch`, grown to the longest row seen.
package struct RowScratch {
    package private(set) var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int

    package init(capacity: Int = 4096) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    /// Makes room for a row of `count` bytes.
    @inline(__always)
    package mutating func reserve(_ count: Int) {
        if count > capacity { grow(count) }
    }

    private mutating func grow(_ count: Int) {
        base.deallocate()
        capacity = max(count, capacity * 2)
        base = .allocate(capacity: capacity)
    }

    package func release() { base.deallocate() }
}
