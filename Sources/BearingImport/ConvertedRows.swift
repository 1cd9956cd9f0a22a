import BearingPanel

/// A batch of export rows whose cells are converted (amounts, periods, flags, contract cells)
/// and whose text cells are checked and copied, but not yet interned or committed: what the
/// assembler hands its `RowCommitter`. Each row's bytes and field offsets are copied too (a
/// streamed file's buffer moves on before the batch is committed): the committer converts the
/// feature cells and, for a bad one, diagnoses the whole row.
///
/// Columns of fixed capacity, reused batch after batch.
final class ConvertedRows {
    let capacity: Int
    let featureCount: Int
    /// Text cells per row (segment, CSM, milestone, categoricals, customer: see `TextSlots`).
    let textCount: Int
    /// Fields per row (the header's count).
    let columnCount: Int
    private(set) var count = 0

    let features: UnsafeMutableBufferPointer<Float>
    let arr: UnsafeMutableBufferPointer<Double>
    let expansion: UnsafeMutableBufferPointer<Double>
    let contraction: UnsafeMutableBufferPointer<Double>
    let period: UnsafeMutableBufferPointer<Period>
    let fit: UnsafeMutableBufferPointer<Fit>
    /// 1, 0, or -1 for an unknown outcome.
    let churned: UnsafeMutableBufferPointer<Int8>
    let reached: UnsafeMutableBufferPointer<Int8>
    let term: UnsafeMutableBufferPointer<Int32>
    let renewal: UnsafeMutableBufferPointer<Int32>
    let line: UnsafeMutableBufferPointer<Int>
    /// Start in `text` of each row's text cells; length -1 = missing.
    let textStart: UnsafeMutableBufferPointer<Int32>
    let textLength: UnsafeMutableBufferPointer<Int32>
    /// The bytes of every text cell of the batch, back to back.
    private let text: ByteArena
    /// The bytes of every row, back to back; row `r` starts at `rowStart[r]`.
    let rowBytes: ByteArena
    let rowStart: UnsafeMutableBufferPointer<Int>
    /// A field of a copied row: offsets into `rowBytes`; a negative `packedEnd` (its complement)
    /// marks doubled quotes still to collapse. Half the size of `CSVField`.
    struct PackedField {
        let start: Int32
        private let packedEnd: Int32

        @inline(__always)
        init(start: Int, end: Int, escaped: Bool) {
            self.start = Int32(truncatingIfNeeded: start)
            packedEnd = escaped ? ~Int32(truncatingIfNeeded: end) : Int32(truncatingIfNeeded: end)
        }

        @inline(__always) var end: Int { Int(packedEnd < 0 ? ~packedEnd : packedEnd) }
        @inline(__always) var escaped: Bool { packedEnd < 0 }
    }
    /// `columnCount` fields per row, offsets into `rowBytes`.
    let fields: UnsafeMutableBufferPointer<PackedField>

    init(capacity: Int, featureCount: Int, textCount: Int, columnCount: Int) {
        self.capacity = capacity
        self.featureCount = featureCount
        self.textCount = textCount
        self.columnCount = columnCount
        features = .allocate(capacity: max(1, capacity * featureCount))
        arr = .allocate(capacity: capacity)
        expansion = .allocate(capacity: capacity)
        contraction = .allocate(capacity: capacity)
        period = .allocate(capacity: capacity)
        fit = .allocate(capacity: capacity)
        churned = .allocate(capacity: capacity)
        reached = .allocate(capacity: capacity)
        term = .allocate(capacity: capacity)
        renewal = .allocate(capacity: capacity)
        line = .allocate(capacity: capacity)
        textStart = .allocate(capacity: max(1, capacity * textCount))
        textLength = .allocate(capacity: max(1, capacity * textCount))
        text = ByteArena(capacity: capacity * textCount * 12)
        rowBytes = ByteArena(capacity: capacity * 128)
        rowStart = .allocate(capacity: capacity)
        fields = .allocate(capacity: max(1, capacity * columnCount))
    }

    deinit {
        features.deallocate()
        arr.deallocate()
        expansion.deallocate()
        contraction.deallocate()
        period.deallocate()
        fit.deallocate()
        churned.deallocate()
        reached.deallocate()
        term.deallocate()
        renewal.deallocate()
        line.deallocate()
        textStart.deallocate()
        textLength.deallocate()
        rowStart.deallocate()
        fields.deallocate()
    }

    var isFull: Bool { count == capacity }

    /// Empties the batch, keeping its storage.
    func clear() {
        count = 0
        text.count = 0
        rowBytes.count = 0
    }

    /// Index of the row being written: its cells are written by index, and `keep()` counts it
    /// in, so a row given up half-way costs nothing (see `rewind(to:)`).
    @inline(__always)
    var next: Int { count }

    /// Counts the row being written in (after every one of its cells is written).
    @inline(__always)
    func keep() { count += 1 }

    /// How much text and row bytes are written so far: `rewind(to:)` drops what a row given up
    /// half-way wrote after it.
    @inline(__always)
    var mark: (text: Int, rowBytes: Int) { (text.count, rowBytes.count) }

    @inline(__always)
    func rewind(to mark: (text: Int, rowBytes: Int)) {
        text.count = mark.text
        rowBytes.count = mark.rowBytes
    }

    /// Copies the bytes and field offsets of `row` as row `r` (before any of its cells is read:
    /// reading collapses doubled quotes in place).
    @inline(__always)
    func copyRow(_ row: ExportRow, as r: Int) {
        let first = row.fields[0].start
        let last = row.fields[row.count - 1].end
        let from = min(row.rowStart, first)
        let start = rowBytes.append(UnsafeBufferPointer(start: row.base + from, count: last - from))
        rowStart[r] = start + (row.rowStart - from)
        let shift = start - from
        let base = r * columnCount
        for k in 0..<columnCount {
            let field = row.fields[k]
            fields[base + k] = PackedField(start: field.start + shift, end: field.end + shift, escaped: field.escaped)
        }
    }

    /// Field `column` of row `r` as it was read, or nil when it holds doubled quotes (read it
    /// through `row(_:line:fields:)`, which collapses them).
    @inline(__always)
    func plainCell(_ r: Int, _ column: Int) -> UnsafeBufferPointer<UInt8>? {
        let field = fields[r * columnCount + column]
        guard !field.escaped else { return nil }
        return UnsafeBufferPointer(start: rowBytes.base + Int(field.start), count: field.end - Int(field.start))
    }

    /// Records field `column` of row `r` after `row(_:line:fields:)` read it (doubled quotes
    /// collapsed in place: it must not be collapsed twice).
    func update(_ r: Int, _ column: Int, _ field: CSVField) {
        fields[r * columnCount + column] = PackedField(start: field.start, end: field.end, escaped: field.escaped)
    }

    /// Row `r` as the scanner handed it over, over the batch's copy (the committer's slow path):
    /// `list` holds its fields.
    func row(_ r: Int, line: Int, fields list: inout CSVFieldList) -> ExportRow {
        list.removeAll()
        for k in 0..<columnCount {
            let field = fields[r * columnCount + k]
            list.append(CSVField(start: Int(field.start), end: field.end, escaped: field.escaped))
        }
        return ExportRow(base: rowBytes.base, fields: list.fields, rowStart: rowStart[r], line: line)
    }

    /// Writes text cell `slot` of row `row`: nil for a missing cell.
    @inline(__always)
    func setText(row: Int, slot: Int, _ bytes: UnsafeBufferPointer<UInt8>?) {
        let at = row * textCount + slot
        guard let bytes else {
            textStart[at] = 0
            textLength[at] = -1
            return
        }
        textStart[at] = Int32(text.append(bytes))
        textLength[at] = Int32(bytes.count)
    }

    /// Text cell `slot` of row `row`, nil when missing; valid until the batch is cleared or
    /// more text is written.
    @inline(__always)
    func text(row: Int, slot: Int) -> UnsafeBufferPointer<UInt8>? {
        let at = row * textCount + slot
        let length = Int(textLength[at])
        guard length >= 0 else { return nil }
        return UnsafeBufferPointer(start: text.base + Int(textStart[at]), count: length)
    }

    /// The features of row `row`.
    @inline(__always)
    func featureRow(_ row: Int) -> UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(rebasing: features[row * featureCount..<(row + 1) * featureCount])
    }
}

/// Bytes appended back to back into one block, grown by doubling; reset by setting `count`.
/// A class, so that appending through a batch's `let` is not a long modify access of the
/// batch's storage (which Swift checks for exclusivity at run time, per cell).
final class ByteArena {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    var count = 0

    init(capacity: Int) {
        self.capacity = max(64, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Appends `bytes`; returns where they start.
    @inline(__always)
    func append(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let start = count
        if count + bytes.count > capacity { grow(count + bytes.count) }
        if let source = bytes.baseAddress { (base + count).update(from: source, count: bytes.count) }
        count += bytes.count
        return start
    }

    private func grow(_ needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }
}
