/// The plain shape of a number, read eight digits at a time: `[-]digits[.digits]` with at
/// most 19 digits, which is how exports write nearly every number.
///
/// The row fast path (`PanelBuilder.addPlainRow`) reads cells with it straight from the file's
/// bytes, without first finding where the cell ends; the number's end is the first byte that
/// is not part of it, and the caller checks that a separator follows. Anything else (a `+`,
/// an exponent, more digits) is not plain, and the general reader (`DecimalNumber.scan`) reads
/// that row instead, so both give the same `Scanned` for every plain number.
extension DecimalNumber {
    /// Bytes a plain number and the eight-byte loads behind it may touch: the caller makes
    /// sure that many bytes are readable from the number's first byte.
    static let plainReach = 64

    /// The plain number at `p` and its length in bytes; nil when the bytes at `p` do not
    /// start one (no digit, or more than 19 digits).
    @inline(__always)
    static func scanPlain(_ p: UnsafePointer<UInt8>) -> (number: Scanned, length: Int)? {
        var q = p
        let negative = q.pointee == UInt8(ascii: "-")
        if negative { q += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        q += digitRun(q, mantissa: &mantissa, digits: &digits)
        var exponent10 = 0
        if q.pointee == UInt8(ascii: ".") {
            q += 1
            let whole = digits
            q += digitRun(q, mantissa: &mantissa, digits: &digits)
            exponent10 = whole - digits
        }
        guard digits > 0, digits <= 19 else { return nil }
        return (Scanned(negative: negative, mantissa: mantissa, exponent10: exponent10, exactMantissa: true), q - p)
    }

    /// Appends the ASCII digits at `p` to `mantissa`; returns how many bytes they take. Stops
    /// early once more than 19 digits are counted (the mantissa is then meaningless).
    @inline(__always)
    static func digitRun(_ p: UnsafePointer<UInt8>, mantissa: inout UInt64, digits: inout Int) -> Int {
        var q = p
        while true {
            let word = UInt64(littleEndian: UnsafeRawPointer(q).loadUnaligned(as: UInt64.self))
            let run = leadingDigitCount(word)
            if run > 0 {
                // Shifting the run to the top leaves zero bytes in front: leading zeros.
                mantissa = mantissa &* powersOfTenInteger[run] &+ eightDigitsValue(word &<< UInt64(64 - 8 * run))
                digits += run
                q += run
            }
            if run < 8 || digits > 19 { return q - p }
        }
    }

    /// How many of the word's bytes, from its first (lowest), are ASCII digits (0...8).
    @inline(__always)
    static func leadingDigitCount(_ word: UInt64) -> Int {
        // A byte's top bit is set by +0x46 when it is above '9' and by -0x30 when it is below
        // '0'. Borrows and carries only run upward, from digits that make none, so the lowest
        // flagged byte is exactly the first non-digit.
        let flags = ((word &+ 0x4646_4646_4646_4646) | (word &- 0x3030_3030_3030_3030)) & 0x8080_8080_8080_8080
        return flags.trailingZeroBitCount >> 3
    }

    /// The value of eight digit bytes (first byte most significant; zero bytes count as 0).
    @inline(__always)
    static func eightDigitsValue(_ word: UInt64) -> UInt64 {
        var v = word & 0x0F0F_0F0F_0F0F_0F0F
        v = (v &* 10) &+ (v >> 8)
        let low = (v & 0x0000_00FF_0000_00FF) &* (100 + (1_000_000 << 32))
        let high = ((v >> 16) & 0x0000_00FF_0000_00FF) &* (1 + (10_000 << 32))
        return (low &+ high) >> 32
    }

    static let powersOfTenInteger: [UInt64] = [1, 10, 100, 1000, 10000, 100_000, 1_000_000, 10_000_000, 100_000_000]
}
