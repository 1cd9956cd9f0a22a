/// Splits one CSV row into fields (RFC 4180 quoting; LF, CRLF or a lone CR ends a row): the
/// scan shared by the strict panel reader (comma) and the export importer (any delimiter).
///
/// Scanning restarts from the row's first byte when more bytes arrive, so nothing here
/// mutates state outside `fields`. Ordinary and quoted bytes are skipped eight at a time.
package enum CSVRowScanner {
    /// What one scan found.
    package enum Outcome {
        /// A row ends just before `next`; it held `newlines` embedded newlines.
        case row(next: Int, newlines: Int)
        /// An empty line ending just before `next`.
        case blank(next: Int)
        /// The row continues past the bytes in the buffer.
        case needMore
        /// The row has a field after the `fieldLimit`-th, starting at `fieldStart`.
        case tooManyFields(fieldStart: Int)
        case malformedQuote(fieldIndex: Int, fieldStart: Int, at: Int)
        case unterminatedQuote(fieldIndex: Int, fieldStart: Int)
    }

    /// Finds the fields of the row starting at `from` (`from < end`).
    package static func scanRow(
        _ buffer: UnsafePointer<UInt8>, from: Int, to end: Int, eof: Bool, delimiter: UInt8, fieldLimit: Int = Int.max,
        fields: inout CSVFieldList
    ) -> Outcome {
        let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        fields.removeAll()
        var p = from
        if buffer[p] == lf { return .blank(next: p + 1) }
        if buffer[p] == cr {
            if p + 1 < end { return .blank(next: buffer[p + 1] == lf ? p + 2 : p + 1) }
            return eof ? .blank(next: p + 1) : .needMore
        }
        var newlines = 0
        while true {
            if fields.count == fieldLimit { return .tooManyFields(fieldStart: p) }
            let fieldStart = p
            var terminator: UInt8
            if p < end, buffer[p] == quote {
                var escaped = false
                var q = p + 1
                while true {
                    while q < end {
                        q = skipQuotedBytes(buffer, from: q, to: end)
                        guard q < end, buffer[q] == lf else { break }
                        newlines += 1
                        q += 1
                    }
                    if q >= end {
                        return eof ? .unterminatedQuote(fieldIndex: fields.count, fieldStart: fieldStart) : .needMore
                    }
                    // buffer[q] is a quote: doubled (escaped) or closing.
                    if q + 1 >= end {
                        if !eof { return .needMore }
                        fields.append(CSVField(start: p + 1, end: q, escaped: escaped))
                        return .row(next: q + 1, newlines: newlines)
                    }
                    if buffer[q + 1] == quote {
                        escaped = true
                        q += 2
                        continue
                    }
                    break
                }
                fields.append(CSVField(start: p + 1, end: q, escaped: escaped))
                terminator = buffer[q + 1]
                p = q + 1
                if terminator != delimiter, terminator != lf, terminator != cr {
                    return .malformedQuote(fieldIndex: fields.count - 1, fieldStart: fieldStart, at: p)
                }
            } else {
                while p < end {
                    p = skipOrdinaryBytes(buffer, from: p, to: end, delimiter: delimiter)
                    guard p < end else { break }
                    let b = buffer[p]
                    if b == delimiter || b == lf || b == cr { break }
                    if b == quote { return .malformedQuote(fieldIndex: fields.count, fieldStart: fieldStart, at: p) }
                    p += 1
                }
                if p >= end {
                    if !eof { return .needMore }
                    fields.append(CSVField(start: fieldStart, end: p, escaped: false))
                    return .row(next: p, newlines: newlines)
                }
                fields.append(CSVField(start: fieldStart, end: p, escaped: false))
                terminator = buffer[p]
            }
            // buffer[p] is the terminator.
            if terminator == delimiter {
                p += 1
                if p >= end, !eof { return .needMore }
                continue
            }
            if terminator == lf { return .row(next: p + 1, newlines: newlines) }
            // CR: CRLF or a lone CR.
            if p + 1 < end { return .row(next: buffer[p + 1] == lf ? p + 2 : p + 1, newlines: newlines) }
            return eof ? .row(next: p + 1, newlines: newlines) : .needMore
        }
    }

    /// First index at or after `from` holding the delimiter, a quote, CR or LF, or `end`.
    @inline(__always)
    static func skipOrdinaryBytes(_ buffer: UnsafePointer<UInt8>, from: Int, to end: Int, delimiter: UInt8) -> Int {
        var p = from
        #if _endian(little)
            let d = UInt64(delimiter) &* 0x0101_0101_0101_0101
            while p + 8 <= end {
                let w = UnsafeRawPointer(buffer + p).loadUnaligned(as: UInt64.self)
                let flagged =
                    zeroFlags(w ^ d) | zeroFlags(w ^ 0x2222_2222_2222_2222) | zeroFlags(w ^ 0x0A0A_0A0A_0A0A_0A0A)
                    | zeroFlags(w ^ 0x0D0D_0D0D_0D0D_0D0D)
                if flagged != 0 { return p + flagged.trailingZeroBitCount >> 3 }
                p += 8
            }
        #endif
        while p < end {
            let b = buffer[p]
            if b == delimiter || b == UInt8(ascii: "\"") || b == 10 || b == 13 { return p }
            p += 1
        }
        return p
    }

    /// First index at or after `from` holding a quote or LF (inside a quoted field), or `end`.
    @inline(__always)
    static func skipQuotedBytes(_ buffer: UnsafePointer<UInt8>, from: Int, to end: Int) -> Int {
        var p = from
        #if _endian(little)
            while p + 8 <= end {
                let w = UnsafeRawPointer(buffer + p).loadUnaligned(as: UInt64.self)
                let flagged = zeroFlags(w ^ 0x2222_2222_2222_2222) | zeroFlags(w ^ 0x0A0A_0A0A_0A0A_0A0A)
                if flagged != 0 { return p + flagged.trailingZeroBitCount >> 3 }
                p += 8
            }
        #endif
        while p < end, buffer[p] != UInt8(ascii: "\""), buffer[p] != 10 { p += 1 }
        return p
    }

    /// The top bit of each zero byte of `x`: exact for the lowest one (a byte equal to t is a
    /// zero byte of `word ^ t…t`; borrows only run upwards, so higher flags may be false).
    @inline(__always)
    static func zeroFlags(_ x: UInt64) -> UInt64 {
        (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }
}
