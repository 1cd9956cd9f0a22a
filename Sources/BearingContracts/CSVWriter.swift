import BearingPanel

/// Builds the bytes of an RFC 4180 CSV file: comma separated, LF line ends, a field quoted only
/// when it holds a comma, a double quote, CR or LF (quotes doubled inside).
///
/// Numbers use the history panel's formats (`BearingPanel.HistoryCSVFormat`): whole numbers
/// without a fraction (`1200`), other doubles in Swift's shortest round-trip form, floats in
/// the shortest fixed notation that reads back to the same `Float`; NaN and infinities are
/// empty cells, which every Bearing reader takes as "undefined". The one CSV writer of every
/// table; bytes go straight into one buffer (no per-row arrays or strings).
public final class CSVWriter {
    private var sink: CSVByteSink
    private var atLineStart = true

    /// A writer whose first row is `header` (none when empty).
    public init(header: [String], capacity: Int = 1 << 16) {
        sink = CSVByteSink(capacity: capacity)
        if !header.isEmpty { row(header) }
    }

    deinit { sink.release() }

    /// The bytes written so far.
    public var bytes: [UInt8] { Array(sink.bytes) }

    /// Bytes written so far.
    public var count: Int { sink.count }

    /// Calls `body` with the bytes written so far, without copying them.
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R { try body(sink.bytes) }

    /// The bytes written so far, leaving the writer empty (for streaming writers).
    public func drain() -> [UInt8] {
        defer { sink.removeAll() }
        return Array(sink.bytes)
    }

    /// Appends one text field.
    public func field(_ text: String) {
        separate(2 * text.utf8.count + 2)
        HistoryCSVFormat.appendString(text, to: &sink)
    }

    /// Appends bytes already encoded as a CSV field (see `encoded(_:)`).
    public func field(encoded bytes: [UInt8]) {
        separate(bytes.count)
        bytes.withUnsafeBufferPointer { sink.put($0) }
    }

    /// Appends a number (empty when NaN or infinite).
    public func field(_ x: Double) {
        separate(32)
        if x.isFinite { HistoryCSVFormat.appendNumber(x, to: &sink) }
    }

    /// Appends a number (empty when NaN or infinite).
    public func field(_ x: Float) {
        separate(32)
        if x.isFinite { HistoryCSVFormat.appendNumber(x, to: &sink) }
    }

    public func field(_ n: Int) {
        separate(24)
        HistoryCSVFormat.appendInteger(Int64(n), to: &sink)
    }

    /// `1` or `0`.
    public func field(_ flag: Bool) {
        separate(1)
        sink.put(flag ? UInt8(ascii: "1") : UInt8(ascii: "0"))
    }

    /// A period label, e.g. `2025-Q2`.
    public func field(_ period: Period) {
        separate(8)
        HistoryCSVFormat.appendPeriod(period, to: &sink)
    }

    /// An empty field.
    public func empty() {
        separate(0)
    }

    /// Ends the current row.
    public func endRow() {
        sink.ensure(1)
        sink.put(10)
        atLineStart = true
    }

    /// Appends a whole row of text fields.
    public func row(_ fields: [String]) {
        for f in fields { field(f) }
        endRow()
    }

    /// Appends whole rows already rendered (blocks rendered in parallel, joined in order).
    public func field(rows bytes: [UInt8]) {
        sink.ensure(bytes.count)
        bytes.withUnsafeBufferPointer { sink.put($0) }
    }

    /// The field bytes of `text`, quoted as needed, for fields written many times.
    public static func encoded(_ text: String) -> [UInt8] {
        let writer = CSVWriter(header: [], capacity: 2 * text.utf8.count + 2)
        writer.field(text)
        return writer.bytes
    }

    private func separate(_ room: Int) {
        sink.ensure(room + 1)
        if atLineStart {
            atLineStart = false
        } else {
            sink.put(UInt8(ascii: ","))
        }
    }
}
