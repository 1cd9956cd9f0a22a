/// Reads RFC 4180 records from a CSV file's bytes: quoted fields may hold commas, doubled quotes
/// and line breaks; CRLF and LF both end a record; a UTF-8 byte order mark is skipped.
///
/// The reader of Bearing's own small tables (scores, stress trials, survival counts). History
/// panels have their own fast, validating reader (`BearingPanel.HistoryCSVReader`).
public struct CSVRecordReader: Sendable {
    /// One record: its fields and the physical line it starts on (1-based).
    public struct Record: Sendable, Hashable {
        public var fields: [String]
        public var line: Int
    }

    private let bytes: [UInt8]
    private var i = 0
    private var line = 1

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
    }

    public init(text: String) {
        self.init(bytes: Array(text.utf8))
    }

    /// The next record, or nil at the end. An unterminated quote runs to the end of the file.
    public mutating func next() -> Record? {
        guard i < bytes.count else { return nil }
        let start = line
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        while i < bytes.count {
            let b = bytes[i]
            i += 1
            if quoted {
                if b == UInt8(ascii: "\"") {
                    if i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
                        field.append(b)
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if b == 10 { line += 1 }
                    field.append(b)
                }
            } else if b == UInt8(ascii: "\"") {
                quoted = true
            } else if b == UInt8(ascii: ",") {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            } else if b == 10 {
                line += 1
                break
            } else if b != 13 {
                field.append(b)
            }
        }
        fields.append(String(decoding: field, as: UTF8.self))
        return Record(fields: fields, line: start)
    }

    /// Every remaining record, skipping blank lines.
    public mutating func all() -> [Record] {
        var out: [Record] = []
        while let r = next() {
            if !(r.fields.count == 1 && r.fields[0].isEmpty) { out.append(r) }
        }
        return out
    }
}
