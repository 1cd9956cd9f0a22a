/// The shapes nearly every exported number takes, read in one tight pass before the general
/// grammar: `[(][-|+][$]digits[.digits][%][)]` with `,` thousands groups, at most 19 digits,
/// no spaces, no exponent, a decimal point (not comma). Anything else, and anything this pass
/// is unsure of, returns nil and goes the general way (`scanDigits`, `normalize`), which
/// accepts a superset of these shapes and reads them to the same digits and flags, so taking
/// this path changes no value, flag or error; it only skips the general grammar's per-byte
/// questions (which currency, which space, which separator) for the cells that never need them.
extension NumberReader {
    /// The digits and flags of a cell in a common shape, or nil.
    @inline(__always)
    static func commonShape(_ cell: UnsafeBufferPointer<UInt8>) -> (digits: Digits, flags: Flags)? {
        guard let p = cell.baseAddress, cell.count > 0 else { return nil }
        var lo = 0
        var hi = cell.count
        var flags = Flags()
        var negative = false
        let first = p[0]
        if first == UInt8(ascii: "(") {
            // No sign inside accounting parentheses: the general grammar rejects `(-5)`.
            guard hi >= 3, p[hi - 1] == UInt8(ascii: ")") else { return nil }
            flags.insert(.accounting)
            negative = true
            lo = 1
            hi -= 1
        } else if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            lo = 1
        }
        if lo < hi, p[lo] == UInt8(ascii: "$") {
            flags.insert(.currency)
            lo += 1
        }
        if lo < hi, p[hi - 1] == UInt8(ascii: "%") {
            flags.insert(.percent)
            hi -= 1
        }
        // Integer part: the first group 1–3 digits, then groups of exactly 3 after each `,`.
        var mantissa: UInt64 = 0
        var digits = 0
        var inGroup = 0
        var grouped = false
        var i = lo
        while i < hi {
            let d = p[i] &- 48
            if d < 10 {
                mantissa = mantissa &* 10 &+ UInt64(d)
                inGroup += 1
                i += 1
                continue
            }
            guard p[i] == UInt8(ascii: ",") else { break }
            guard inGroup > 0, inGroup <= 3, !grouped || inGroup == 3 else { return nil }
            grouped = true
            digits += inGroup
            inGroup = 0
            i += 1
        }
        if grouped {
            guard inGroup == 3 else { return nil }
            flags.insert(.thousands)
        }
        digits += inGroup
        var exponent = 0
        if i < hi, p[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            while i < hi, p[i] &- 48 < 10 {
                mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48)
                i += 1
            }
            exponent = fractionStart - i
            digits -= exponent
        }
        // Up to 19 digits (leading zeros included) the mantissa is exact.
        guard i == hi, digits > 0, digits <= 19 else { return nil }
        if flags.contains(.percent) { exponent -= 2 }
        if negative { flags.insert(.negative) }
        return (Digits(negative: negative, mantissa: mantissa, exponent10: exponent, exact: true, length: 0), flags)
    }
}
