/// The fast path of the strict reader: a row in the plain shape read in one pass, straight
/// from the file's bytes into the columns.
///
/// Plain means what writers of the contract produce: no quotes, an LF or CRLF line end, and
/// every cell in its common form (numbers `[-]digits[.digits]`, periods `YYYY-Qn`/`YYYY-MM` of
/// the file's granularity, flags `0`/`1`, fit `good`/`stretch`/`bad`). The general path first
/// splits a row into fields and then reads each one; here each cell's reader finds the cell's
/// end itself, which halves the passes over the bytes.
///
/// Anything else — a quote, a bad or unusual cell, a short or long row, too few bytes left —
/// returns nil before the row counts, and the general path reads the same row again and
/// reports its error. The row's cells are written to the current batch slot as they are
/// read, which the general path overwrites; the missing-cell counts are added only once the
/// row is complete, so a row handed over is never counted twice.
extension PanelBuilder {
    /// Reads and stores the plain row at `start`; returns the offset after its line end, or
    /// nil when the row is not plain (nothing counted, the general path must read it).
    mutating func addPlainRow(_ buffer: UnsafePointer<UInt8>, from start: Int, end: Int, line: Int) throws(PanelError) -> Int? {
        guard let granularity, features.count <= 64 else { return nil }
        let slot = batchCount
        // Every cell reader may look `plainReach` bytes ahead of the cell's start.
        let reachLimit = end - DecimalNumber.plainReach
        var p = start
        var values = RowValues(period: Period(granularity: granularity, ordinal: 0))
        var missingFeatures: UInt64 = 0
        contractColumns?.clear(slot)

        let lastColumn = roles.count - 1
        for k in 0...lastColumn {
            guard p <= reachLimit else { return nil }
            switch roles[k] {
            case .feature(let f):
                if Self.endsCell(buffer[p]) {
                    features[f].set(slot, .nan)
                    missingFeatures |= 1 << UInt64(f)
                } else {
                    guard let (number, length) = DecimalNumber.scanPlain(buffer + p), let value = number.fastFloat,
                        value.isFinite
                    else { return nil }
                    features[f].set(slot, value)
                    p += length
                }
            case .arr:
                guard let value = Self.plainAmount(buffer + p, &p) else { return nil }
                values.arr = value
            case .expansion:
                guard let value = Self.plainAmount(buffer + p, &p) else { return nil }
                values.expansion = value
            case .contraction:
                guard let value = Self.plainAmount(buffer + p, &p) else { return nil }
                values.contraction = value
            // Interners are passed to a static function: a method of `self` taking one of its
            // interners inout would copy the whole builder.
            case .customer:
                guard Self.internPlain(buffer, &p, end: end, in: &customers, into: &values.customer, required: true)
                else { return nil }
            case .segment:
                guard Self.internPlain(buffer, &p, end: end, in: &segments, into: &values.segment, required: true)
                else { return nil }
            case .csm:
                guard Self.internPlain(buffer, &p, end: end, in: &csms, into: &values.csm, required: false) else { return nil }
            case .milestone:
                guard Self.internPlain(buffer, &p, end: end, in: &milestones, into: &values.milestone, required: false)
                else { return nil }
            case .period:
                guard let period = Self.periodLabel(UnsafeBufferPointer(start: buffer + p, count: 7)),
                    period.granularity == granularity
                else { return nil }
                values.period = period
                p += 7
            case .fit:
                guard let (fit, length) = Self.plainFit(buffer + p) else { return nil }
                values.fit = fit
                p += length
            case .churned:
                if !Self.endsCell(buffer[p]) {
                    guard let flag = Self.plainFlag(buffer[p]) else { return nil }
                    values.churned = flag == 1
                    p += 1
                } else {
                    values.churned = nil
                }
            case .milestoneReached:
                if !Self.endsCell(buffer[p]) {
                    guard let flag = Self.plainFlag(buffer[p]) else { return nil }
                    values.milestoneReached = flag
                    p += 1
                }
            case .contractTerm:
                let text = Self.plainText(buffer, from: p, limit: end)
                if !text.isEmpty {
                    guard let term = ContractColumnsBuilder.parseTerm(text) else { return nil }
                    contractColumns?.setTerm(slot, term)
                    p += text.count
                }
            case .renewalDate:
                let text = Self.plainText(buffer, from: p, limit: end)
                if !text.isEmpty {
                    guard let date = CalendarDate.parse(text) else { return nil }
                    contractColumns?.setRenewal(slot, date.dayNumber)
                    p += text.count
                }
            }
            if k < lastColumn {
                guard buffer[p] == UInt8(ascii: ",") else { return nil }
                p += 1
            }
        }
        guard p < end else { return nil }
        if buffer[p] == UInt8(ascii: "\n") {
            p += 1
        } else if buffer[p] == UInt8(ascii: "\r"), p + 1 < end, buffer[p + 1] == UInt8(ascii: "\n") {
            p += 2
        } else {
            return nil
        }
        while missingFeatures != 0 {
            missing[missingFeatures.trailingZeroBitCount] += 1
            missingFeatures &= missingFeatures - 1
        }
        try store(values, line: line)
        return p
    }

    /// A byte that ends a cell: the separator or a line end.
    @inline(__always)
    static func endsCell(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    /// A finite amount >= 0 in the plain shape, as `amount` reads it; advances `p` past it.
    @inline(__always)
    static func plainAmount(_ cell: UnsafePointer<UInt8>, _ p: inout Int) -> Double? {
        guard let (number, length) = DecimalNumber.scanPlain(cell), let value = number.fastDouble, value >= 0,
            value.isFinite
        else { return nil }
        p += length
        return value
    }

    /// Interns the text cell at `p` into `index` and moves `p` past it; an empty optional
    /// cell leaves `index` as it is. False when the cell is empty but required, or not UTF-8.
    @inline(__always)
    static func internPlain(
        _ buffer: UnsafePointer<UInt8>, _ p: inout Int, end: Int, in interner: inout StringInterner,
        into index: inout Int32, required: Bool
    ) -> Bool {
        let text = plainText(buffer, from: p, limit: end)
        if text.isEmpty { return !required }
        guard let interned = interner.intern(text) else { return false }
        index = interned
        p += text.count
        return true
    }

    /// `0` or `1`.
    @inline(__always)
    static func plainFlag(_ byte: UInt8) -> Int8? {
        let digit = byte &- UInt8(ascii: "0")
        return digit < 2 ? Int8(digit) : nil
    }

    /// `good`, `stretch` or `bad`, and its length.
    @inline(__always)
    static func plainFit(_ cell: UnsafePointer<UInt8>) -> (Fit, Int)? {
        let bytes = UnsafeBufferPointer(start: cell, count: 7)
        if equals(UnsafeBufferPointer(rebasing: bytes[0..<4]), "good") { return (.good, 4) }
        if equals(bytes, "stretch") { return (.stretch, 7) }
        if equals(UnsafeBufferPointer(rebasing: bytes[0..<3]), "bad") { return (.bad, 3) }
        return nil
    }

    /// The bytes from `start` up to the next separator, line end or quote (a quote makes the
    /// row not plain: the caller then finds the cell not followed by a separator). The byte
    /// after the text is always readable: the text stops before `limit - 1` at the latest, and
    /// a cell cut there is not followed by a separator either.
    @inline(__always)
    static func plainText(_ buffer: UnsafePointer<UInt8>, from start: Int, limit: Int) -> UnsafeBufferPointer<UInt8> {
        let stop = CSVRowScanner.skipOrdinaryBytes(buffer, from: start, to: limit - 1, delimiter: UInt8(ascii: ","))
        return UnsafeBufferPointer(start: buffer + start, count: stop - start)
    }
}
