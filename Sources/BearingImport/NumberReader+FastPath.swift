import BearingPanel

/// The fast path of `NumberReader`: digits scanned in place (currency, separators, percent,
/// decimal comma) and turned into a Double or Float exactly when the digits allow it.
extension NumberReader {
    /// 10^k for 0 ≤ k ≤ 6, to size a written exponent.
    static let integerPowersOfTen: [UInt] = [1, 10, 100, 1000, 10000, 100_000, 1_000_000]

    /// 10^k for 0 ≤ k ≤ 22, exactly. A constant table is laid out in the binary (no lazy
    /// initialisation) and read with one load, where a `switch` compiled to a jump table.
    static let doublePowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
        1e21, 1e22,
    ]

    /// Clinger's fast path, the very operations of `DecimalNumber` (so the result is the
    /// strict reader's, bit for bit): one exact operand pair, one rounding. Always finite
    /// (at most 2^53 × 10^22), so callers need no check. The sign goes on the mantissa, not
    /// the quotient: rounding is symmetric, and the division stays the last step.
    @inline(__always)
    static func fastDouble(_ d: Digits) -> Double? {
        if d.mantissa == 0 { return d.negative ? -0.0 : 0.0 }
        guard d.mantissa <= 1 << 53, d.exponent10 >= -22, d.exponent10 <= 22 else { return nil }
        let m = d.negative ? -Double(d.mantissa) : Double(d.mantissa)
        return d.exponent10 < 0 ? m / doublePowersOfTen[-d.exponent10] : m * doublePowersOfTen[d.exponent10]
    }

    /// The `Float` fast paths of `DecimalNumber.parseFloat`, the same code (so the result is
    /// the strict reader's, bit for bit). Always finite.
    @inline(__always)
    static func fastFloat(_ d: Digits) -> Float? {
        DecimalNumber.fastFloat(negative: d.negative, mantissa: d.mantissa, exponent10: d.exponent10)
    }

    /// The digits of a cell in one pass, without writing text (the grammar of `normalize`).
    @inline(__always)
    func scanDigits(_ cell: UnsafeBufferPointer<UInt8>, flags: inout Flags) -> Digits? {
        var lo = 0
        var hi = cell.count
        var negative = false
        if hi >= 2, cell[0] == UInt8(ascii: "("), cell[hi - 1] == UInt8(ascii: ")") {
            flags.insert(.accounting)
            negative = true
            lo = 1
            hi -= 1
            while lo < hi, cell[lo] == 0x20 { lo += 1 }
            while hi > lo, cell[hi - 1] == 0x20 { hi -= 1 }
        }
        guard Self.skipLeadingMarks(cell, lo: &lo, hi: hi, negative: &negative, flags: &flags) else { return nil }
        // The fast path reads only digits and marks from here.
        if lo < hi {
            let b = cell[lo]
            guard b &- 48 < 10 || b == UInt8(ascii: ".") || b == UInt8(ascii: ",") else { return nil }
        }
        guard Self.stripTrailingMarks(cell, lo: lo, hi: &hi, flags: &flags) else { return nil }
        guard lo < hi else { return nil }
        if negative { flags.insert(.negative) }
        let decimalMark = decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".")
        let groupMark = decimalComma ? UInt8(ascii: ".") : UInt8(ascii: ",")
        var mantissa: UInt64 = 0
        var significant = 0
        var digits = 0
        var exponent = 0
        var i = lo
        // Integer part, with thousands groups.
        var inGroup = 0
        var grouped = false
        while i < hi {
            let d = cell[i] &- 48
            if d < 10 {
                if mantissa != 0 || d != 0 {
                    significant += 1
                    if significant <= 19 { mantissa = mantissa &* 10 &+ UInt64(d) } else { exponent += 1 }
                }
                digits += 1
                inGroup += 1
                i += 1
                continue
            }
            let b = cell[i]
            let width = b == groupMark || b == 0x20 || b == UInt8(ascii: "'") ? 1 : Self.spaceWidth(cell, at: i, limit: hi)
            guard width > 0, b != decimalMark else { break }
            if inGroup == 0 || inGroup > 3 || (grouped && inGroup != 3) { return nil }
            grouped = true
            flags.insert(.thousands)
            inGroup = 0
            i += width
        }
        if grouped && inGroup != 3 { return nil }
        // Fraction.
        if i < hi, cell[i] == decimalMark {
            if decimalComma { flags.insert(.decimalComma) }
            i += 1
            while i < hi {
                let d = cell[i] &- 48
                guard d < 10 else { break }
                if mantissa != 0 || d != 0 {
                    significant += 1
                    if significant <= 19 {
                        mantissa = mantissa &* 10 &+ UInt64(d)
                        exponent -= 1
                    }
                } else {
                    exponent -= 1
                }
                digits += 1
                i += 1
            }
        }
        guard digits > 0 else { return nil }
        // Exponent (not after thousands groups).
        if i < hi, cell[i] | 0x20 == UInt8(ascii: "e"), !grouped {
            i += 1
            guard let e = DecimalNumber.exponent(cell, at: &i, end: hi) else { return nil }
            exponent += e
        }
        guard i == hi else { return nil }
        if flags.contains(.percent) { exponent -= 2 }
        return Digits(negative: negative, mantissa: mantissa, exponent10: exponent, exact: significant <= 19, length: 0)
    }

    /// Width of a currency sign at `i` (`$`, `£` U+00A3, `€` U+20AC), or nil.
    @inline(__always)
    static func currencyWidth(_ c: UnsafeBufferPointer<UInt8>, at i: Int, limit: Int) -> Int? {
        let b = c[i]
        if b == UInt8(ascii: "$") { return 1 }
        if b == 0xC2, i + 1 < limit, c[i + 1] == 0xA3 { return 2 }
        if b == 0xE2, i + 2 < limit, c[i + 1] == 0x82, c[i + 2] == 0xAC { return 3 }
        return nil
    }

    /// Width of a currency sign ending just before `end`, or nil.
    @inline(__always)
    static func currencyWidthEnding(_ c: UnsafeBufferPointer<UInt8>, at end: Int, limit: Int) -> Int? {
        if end - 1 >= limit, c[end - 1] == UInt8(ascii: "$") { return 1 }
        if end - 2 >= limit, c[end - 2] == 0xC2, c[end - 1] == 0xA3 { return 2 }
        if end - 3 >= limit, c[end - 3] == 0xE2, c[end - 2] == 0x82, c[end - 1] == 0xAC { return 3 }
        return nil
    }

    /// Strips trailing `%`, currency signs and spaces from `cell[lo..<hi]`, moving `hi` down and
    /// noting each mark in `flags`; false when a mark repeats (`5%%`, `$5$`). Stops at a digit.
    @inline(__always)
    static func stripTrailingMarks(_ cell: UnsafeBufferPointer<UInt8>, lo: Int, hi: inout Int, flags: inout Flags) -> Bool {
        while hi > lo {
            let b = cell[hi - 1]
            if b &- 48 < 10 { break }
            if b == UInt8(ascii: "%") {
                if flags.contains(.percent) { return false }
                flags.insert(.percent)
                hi -= 1
            } else if let width = currencyWidthEnding(cell, at: hi, limit: lo) {
                if flags.contains(.currency) { return false }
                flags.insert(.currency)
                hi -= width
            } else if b == 0x20 {
                hi -= 1
            } else {
                break
            }
        }
        return true
    }

    /// Width of a no-break space (U+00A0) or narrow no-break space (U+202F) at `i`, else 0.
    @inline(__always)
    static func spaceWidth(_ c: UnsafeBufferPointer<UInt8>, at i: Int, limit: Int) -> Int {
        if c[i] == 0xC2, i + 1 < limit, c[i + 1] == 0xA0 { return 2 }
        if c[i] == 0xE2, i + 2 < limit, c[i + 1] == 0x80, c[i + 2] == 0xAF { return 3 }
        return 0
    }
}
