import BearingPanel

/// Numbers as exports write them, read from bytes into the value the strict panel reader
/// would give for the plain decimal (`DecimalNumber`, correctly rounded):
///
/// - currency signs `$`, `€`, `£` before or after the number (spaces allowed), stripped;
/// - thousands separators: `,` (or `.` with a decimal comma), a space, a no-break space or
///   `'`, each group of exactly three digits (`1,2` is not a number: a decimal comma needs
///   `--decimal ,`);
/// - a trailing `%` divides by 100 (`12.5%` → 0.125) by shifting the decimal exponent, so
///   the result is the correctly rounded fraction, not a rounded quotient;
/// - accounting negatives `(1,200)` → −1200 (callers reject them where the contract wants ≥ 0);
/// - a decimal comma (`1.234,5`) when `decimalComma` is set.
///
/// A cell in one of the common shapes (`NumberReader.commonShape`) is read in one tight pass
/// when Clinger's fast path applies. A plain decimal is parsed directly. Anything else is scanned once for its digits; when
/// Clinger's fast path applies (at most 19 significant digits, a small power of ten) the value
/// comes straight from them, else the cell is normalised into a plain decimal in a small
/// buffer and parsed. Cells are trimmed and checked for missing tokens by the caller.
struct NumberReader {
    /// What a cell needed on the way to a plain decimal.
    struct Flags: OptionSet {
        let rawValue: UInt8
        static let currency = Flags(rawValue: 1)
        static let thousands = Flags(rawValue: 2)
        static let percent = Flags(rawValue: 4)
        static let accounting = Flags(rawValue: 8)
        static let decimalComma = Flags(rawValue: 16)
        /// The value is negative (sign or parentheses), -0 included.
        static let negative = Flags(rawValue: 32)
    }

    let decimalComma: Bool

    /// Longest normalised number handled (digits, point, exponent); longer cells are not numbers.
    static let maxLength = 120

    @inline(__always)
    func double(_ cell: UnsafeBufferPointer<UInt8>, flags: inout Flags) -> Double? {
        number(cell, flags: &flags, fast: Self.fastDouble) { DecimalNumber.parseFiniteDouble($0) }
    }

    @inline(__always)
    func float(_ cell: UnsafeBufferPointer<UInt8>, flags: inout Flags) -> Float? {
        number(cell, flags: &flags, fast: Self.fastFloat) { DecimalNumber.parseFiniteFloat($0) }
    }

    /// A cell's number in the type of `fast` and `parse`: the exact fast path of the common
    /// shapes (`1234.5`, `$1,200`, `12%`), then a plain decimal's strict parse, then the scan
    /// of any shape this reader accepts, its fast path or the strict parse of its normalised
    /// text. Inlined into `double` and `float`, so each is compiled with its own conversions.
    @inline(__always)
    func number<Value>(
        _ cell: UnsafeBufferPointer<UInt8>, flags: inout Flags, fast: (Digits) -> Value?,
        parse: (UnsafeBufferPointer<UInt8>) -> Value?
    ) -> Value? {
        if !decimalComma, let common = Self.commonShape(cell), let value = fast(common.digits) {
            flags.formUnion(common.flags)
            return value
        }
        if !decimalComma, Self.mayBePlain(cell), let value = parse(cell) {
            if cell[0] == UInt8(ascii: "-") { flags.insert(.negative) }
            return value
        }
        guard let digits = scanDigits(cell, flags: &flags) else { return nil }
        if digits.exact, let value = fast(digits) { return value }
        // The scan above already set the flags; the text pass must start afresh (it rejects a
        // second currency sign or percent).
        var again = Flags()
        return normalized(cell, flags: &again, parse)
    }

    /// Whether the cell can be a plain decimal (starts with a digit, sign or point and ends
    /// with a digit or point), so that currency, percent and parentheses skip the plain try.
    @inline(__always)
    static func mayBePlain(_ c: UnsafeBufferPointer<UInt8>) -> Bool {
        let first = c[0]
        let last = c[c.count - 1]
        return (first &- 48 < 10 || first == UInt8(ascii: "-") || first == UInt8(ascii: ".") || first == UInt8(ascii: "+"))
            && (last &- 48 < 10 || last == UInt8(ascii: "."))
    }

    /// The digits of a number: ±`mantissa` × 10^`exponent10` (percent included); `exact` when
    /// the mantissa holds every significant digit (at most 19). `length` is the normalised
    /// text's length when it was written.
    struct Digits {
        var negative: Bool
        var mantissa: UInt64
        var exponent10: Int
        var exact: Bool
        var length: Int
    }

    private func normalized<T>(
        _ cell: UnsafeBufferPointer<UInt8>, flags: inout Flags, _ parse: (UnsafeBufferPointer<UInt8>) -> T?
    ) -> T? {
        guard cell.count <= Self.maxLength else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.maxLength + 16) { out in
            guard let digits = normalize(cell, into: out, flags: &flags) else { return nil }
            return parse(UnsafeBufferPointer(rebasing: out[0..<digits.length]))
        }
    }

    /// Skips a leading sign, currency sign and spaces, in any order (one sign, one currency;
    /// no sign inside accounting parentheses); stops at the first other byte. False for a
    /// second currency sign.
    @inline(__always)
    static func skipLeadingMarks(
        _ cell: UnsafeBufferPointer<UInt8>, lo: inout Int, hi: Int, negative: inout Bool, flags: inout Flags
    ) -> Bool {
        var signSeen = false
        while lo < hi {
            let b = cell[lo]
            if b &- 48 < 10 { return true }
            if (b == UInt8(ascii: "-") || b == UInt8(ascii: "+")) && !signSeen && !flags.contains(.accounting) {
                signSeen = true
                negative = b == UInt8(ascii: "-")
                lo += 1
            } else if let width = currencyWidth(cell, at: lo, limit: hi) {
                if flags.contains(.currency) { return false }
                flags.insert(.currency)
                lo += width
            } else if b == 0x20 {
                lo += 1
            } else {
                return true
            }
        }
        return true
    }

    /// Reads the cell's digits and, when `out` is given, writes `[-]digits[.digits][e±exp]`
    /// into it; nil when the cell is not a number.
    func normalize(
        _ cell: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>?, flags: inout Flags
    ) -> Digits? {
        var lo = 0
        var hi = cell.count
        func skipSpaces() {
            while lo < hi, cell[lo] == 0x20 { lo += 1 }
            while hi > lo, cell[hi - 1] == 0x20 { hi -= 1 }
        }
        var negative = false
        if hi - lo >= 2, cell[lo] == UInt8(ascii: "("), cell[hi - 1] == UInt8(ascii: ")") {
            flags.insert(.accounting)
            negative = true
            lo += 1
            hi -= 1
        }
        skipSpaces()
        guard Self.skipLeadingMarks(cell, lo: &lo, hi: hi, negative: &negative, flags: &flags) else { return nil }
        // Trailing percent and currency.
        guard Self.stripTrailingMarks(cell, lo: lo, hi: &hi, flags: &flags) else { return nil }
        guard lo < hi else { return nil }

        let decimalMark = decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".")
        let groupMark = decimalComma ? UInt8(ascii: ".") : UInt8(ascii: ",")
        var n = 0
        if negative {
            out?[0] = UInt8(ascii: "-")
            n = 1
            flags.insert(.negative)
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var fractionDigits = 0
        var digits = 0
        var inGroup = 0
        var grouped = false
        var fraction = false
        var exponent = 0
        var i = lo
        while i < hi {
            let b = cell[i]
            if b &- 48 < 10 {
                out?[n] = b
                n += 1
                digits += 1
                inGroup += 1
                i += 1
                // Leading zeros are not significant; past 19 digits the mantissa is inexact.
                if mantissa != 0 || b != UInt8(ascii: "0") {
                    significant += 1
                    if significant <= 19 { mantissa = mantissa &* 10 &+ UInt64(b &- 48) }
                }
                if fraction {
                    fractionDigits += 1
                    if significant > 19 { fractionDigits -= 1 }
                } else if significant > 19 {
                    fractionDigits -= 1
                }
                continue
            }
            if b == decimalMark {
                if fraction || (grouped && inGroup != 3) { return nil }
                fraction = true
                if decimalComma { flags.insert(.decimalComma) }
                out?[n] = UInt8(ascii: ".")
                n += 1
                i += 1
                continue
            }
            let separatorWidth = b == groupMark || b == 0x20 || b == UInt8(ascii: "'") ? 1 : Self.spaceWidth(cell, at: i, limit: hi)
            if separatorWidth > 0 {
                // Groups: 1-3 digits first, then exactly 3; never in the fraction.
                if fraction || inGroup == 0 || inGroup > 3 || (grouped && inGroup != 3) { return nil }
                grouped = true
                flags.insert(.thousands)
                inGroup = 0
                i += separatorWidth
                continue
            }
            if b | 0x20 == UInt8(ascii: "e"), !grouped, digits > 0 {
                i += 1
                guard let e = DecimalNumber.exponent(cell, at: &i, end: hi), i == hi else { return nil }
                exponent = e
                break
            }
            return nil
        }
        if grouped && inGroup != 3 && !fraction { return nil }
        guard digits > 0 else { return nil }
        if flags.contains(.percent) { exponent -= 2 }
        let digitsFound = Digits(
            negative: negative, mantissa: mantissa, exponent10: exponent - fractionDigits, exact: significant <= 19,
            length: n)
        guard let out else { return digitsFound }
        if exponent != 0 {
            out[n] = UInt8(ascii: "e")
            n += 1
            if exponent < 0 {
                out[n] = UInt8(ascii: "-")
                n += 1
            }
            let e = exponent.magnitude
            var width = 1
            while width < 7, e >= Self.integerPowersOfTen[width] { width += 1 }
            var rest = e
            for k in stride(from: width - 1, through: 0, by: -1) {
                out[n + k] = 48 + UInt8(rest % 10)
                rest /= 10
            }
            n += width
        }
        var written = digitsFound
        written.length = n
        return written
    }

}
