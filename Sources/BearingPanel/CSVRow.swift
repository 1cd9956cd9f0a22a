/// One field of a scanned CSV row: content range in the read buffer, outer quotes excluded.
@frozen package struct CSVField {
    package var start: Int
    package var end: Int
    /// Content holds doubled quotes still to collapse.
    package var escaped: Bool

    @inlinable @inline(__always)
    package init(start: Int, end: Int, escaped: Bool) {
        self.start = start
        self.end = end
        self.escaped = escaped
    }
}

/// A complete row in the read buffer, as handed to `PanelBuilder`.
///
/// Only valid during one `addRow` call: the buffer is reused for the next chunk.
struct CSVRow {
    let base: UnsafeMutablePointer<UInt8>
    let fields: UnsafeBufferPointer<CSVField>
    /// Buffer offset of the row's first byte.
    let rowStart: Int
    /// Physical line on which the row starts.
    let line: Int

    var count: Int { fields.count }

    /// The text of field `k`. Doubled quotes are collapsed in place (the row is complete and
    /// never rescanned); the freed tail is blanked with spaces so the newline count of the
    /// row, which error lines are computed from, stays exact.
    func cell(_ k: Int) -> UnsafeBufferPointer<UInt8> {
        let field = fields[k]
        guard field.escaped else { return UnsafeBufferPointer(start: base + field.start, count: field.end - field.start) }
        var read = field.start
        var write = field.start
        while read < field.end {
            base[write] = base[read]
            read += base[read] == UInt8(ascii: "\"") ? 2 : 1
            write += 1
        }
        for i in write..<field.end { base[i] = UInt8(ascii: " ") }
        return UnsafeBufferPointer(start: base + field.start, count: write - field.start)
    }

    /// Physical line on which field `k` starts (fields before it may hold quoted newlines).
    func line(ofField k: Int) -> Int {
        line + CSVRow.newlines(base, from: rowStart, to: fields[k].start)
    }

    static func newlines(_ base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
        var count = 0
        for i in from..<max(from, to) where base[i] == UInt8(ascii: "\n") { count += 1 }
        return count
    }
}
