/// Builds the bytes of an RFC 4180 CSV file: comma separated, LF line ends, a field quoted only
/// when it holds a comma, a double quote, CR or LF (quotes doubled inside).
///
/// Numbers are written as whole numbers when integral (`1200`, like the history panel) and
/// otherwise in Swift's shortest round-trip form (`0.1`), so a value read back is the value
/// written; NaN and infinities are empty cells, which every Bearing reader takes as "undefined". The one CSV writer of every table but the history panel
/// (whose fast writer is `BearingPanel.HistoryCSVWriter`).
public struct CSVWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    private var atLineStart = true

    public init(header: [String]) {
        row(header)
    }

    /// Appends one text field.
    public mutating func field(_ text: String) {
        separate()
        var text = text
        text.withUTF8 { utf8 in
            if utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) {
                bytes.append(UInt8(ascii: "\""))
                for b in utf8 {
                    if b == UInt8(ascii: "\"") { bytes.append(b) }
                    bytes.append(b)
                }
                bytes.append(UInt8(ascii: "\""))
            } else {
                bytes.append(contentsOf: utf8)
            }
        }
    }

    /// Appends a number (empty when NaN or infinite).
    public mutating func field(_ x: Double) {
        separate()
        guard x.isFinite else { return }
        if x == x.rounded(), abs(x) < 1e15 {
            bytes.append(contentsOf: String(Int64(x)).utf8)
        } else {
            bytes.append(contentsOf: x.description.utf8)
        }
    }

    /// Appends a number (empty when NaN or infinite).
    public mutating func field(_ x: Float) {
        separate()
        guard x.isFinite else { return }
        if x == x.rounded(), abs(x) < 1e7 {
            bytes.append(contentsOf: String(Int64(x)).utf8)
        } else {
            bytes.append(contentsOf: x.description.utf8)
        }
    }

    public mutating func field(_ n: Int) {
        separate()
        bytes.append(contentsOf: String(n).utf8)
    }

    /// `1` or `0`.
    public mutating func field(_ flag: Bool) {
        separate()
        bytes.append(flag ? UInt8(ascii: "1") : UInt8(ascii: "0"))
    }

    /// An empty field.
    public mutating func empty() {
        separate()
    }

    /// The bytes written so far, leaving the writer empty (for streaming writers).
    public mutating func drain() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }

    /// Ends the current row.
    public mutating func endRow() {
        bytes.append(10)
        atLineStart = true
    }

    /// Appends a whole row of text fields.
    public mutating func row(_ fields: [String]) {
        for f in fields { field(f) }
        endRow()
    }

    private mutating func separate() {
        if atLineStart {
            atLineStart = false
        } else {
            bytes.append(UInt8(ascii: ","))
        }
    }
}
