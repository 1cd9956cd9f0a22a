@_spi(Scanning) import BearingPanel

/// Rows of text cells (`nil` = SQL NULL, an empty cell) laid out like a scanned CSV row, so that
/// rows handed over in memory go through the very code that reads files.
final class TextRowBuffer {
    private var bytes: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var fields = CSVFieldList()

    init() {
        capacity = 4096
        bytes = .allocate(capacity: capacity)
    }

    deinit {
        bytes.deallocate()
        fields.release()
    }

    /// The cells as a row starting on `line`; valid until the next call.
    func row(_ cells: [String?], line: Int) -> ExportRow {
        var needed = 0
        for cell in cells { needed += cell?.utf8.count ?? 0 }
        if needed > capacity {
            bytes.deallocate()
            capacity = max(needed, capacity * 2)
            bytes = .allocate(capacity: capacity)
        }
        fields.removeAll()
        var offset = 0
        for cell in cells {
            let start = offset
            if var text = cell {
                text.withUTF8 { utf8 in
                    guard let base = utf8.baseAddress else { return }
                    (bytes + offset).update(from: base, count: utf8.count)
                    offset += utf8.count
                }
            }
            fields.append(CSVField(start: start, end: offset, escaped: false))
        }
        // No cell is escaped, so nothing is ever collapsed into the scratch: the row's own bytes serve.
        return ExportRow(base: bytes, fields: UnsafeBufferPointer(fields.fields), rowStart: 0, line: line, scratch: bytes)
    }
}
