import BearingPanel
import _BearingText

/// Byte-level readers for the text cells of messy exports: trimming, missing-value tokens,
/// booleans and fit labels. Nothing here builds a `String`.
enum Cells {
    /// The cell without leading and trailing spaces and tabs.
    @inline(__always)
    static func trim(_ cell: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var lo = 0
        var hi = cell.count
        while lo < hi, cell[lo] == 0x20 || cell[lo] == 0x09 { lo += 1 }
        while hi > lo, cell[hi - 1] == 0x20 || cell[hi - 1] == 0x09 { hi -= 1 }
        if lo == 0, hi == cell.count { return cell }
        return UnsafeBufferPointer(rebasing: cell[lo..<hi])
    }

    /// Whether a trimmed, non-empty cell is a missing-value token: `N/A`, `NA`, `null`, `-`,
    /// `#N/A` (letters in any case).
    @inline(__always)
    static func isMissingToken(_ c: UnsafeBufferPointer<UInt8>) -> Bool {
        switch c.count {
        case 1: return c[0] == UInt8(ascii: "-")
        case 2: return lower(c[0]) == UInt8(ascii: "n") && lower(c[1]) == UInt8(ascii: "a")
        case 3:
            return lower(c[0]) == UInt8(ascii: "n") && c[1] == UInt8(ascii: "/") && lower(c[2]) == UInt8(ascii: "a")
        case 4:
            if c[0] == UInt8(ascii: "#") {
                return lower(c[1]) == UInt8(ascii: "n") && c[2] == UInt8(ascii: "/") && lower(c[3]) == UInt8(ascii: "a")
            }
            return equalsIgnoringCase(c, "null")
        default: return false
        }
    }

    /// Whether `c` is UTF-8 text: ASCII checked eight bytes at a time, anything else by the
    /// standard library's validation.
    @inline(__always)
    static func isUTF8(_ c: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = c.baseAddress else { return true }
        var i = 0
        var high: UInt64 = 0
        while i + 8 <= c.count {
            high |= UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            i += 8
        }
        while i < c.count {
            high |= UInt64(base[i])
            i += 1
        }
        if high & 0x8080_8080_8080_8080 == 0 { return true }
        return String(validating: c, as: UTF8.self) != nil
    }

    /// ASCII lower case (other bytes unchanged).
    @inline(__always)
    static func lower(_ b: UInt8) -> UInt8 { b &- 65 < 26 ? b | 0x20 : b }

    /// Whether `c` spells the lower-case ASCII `text` in any case.
    @inline(__always)
    static func equalsIgnoringCase(_ c: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        guard c.count == text.utf8CodeUnitCount else { return false }
        let p = text.utf8Start
        for i in 0..<c.count where lower(c[i]) != p[i] { return false }
        return true
    }

    /// A boolean: `1`/`0`, `yes`/`no`, `y`/`n`, `true`/`false` in any case. `mapped` is set
    /// when the text was not already `0` or `1`.
    @inline(__always)
    static func flag(_ c: UnsafeBufferPointer<UInt8>, mapped: inout Bool) -> Bool? {
        if c.count == 1 {
            switch lower(c[0]) {
            case UInt8(ascii: "1"): return true
            case UInt8(ascii: "0"): return false
            case UInt8(ascii: "y"):
                mapped = true
                return true
            case UInt8(ascii: "n"):
                mapped = true
                return false
            default: return nil
            }
        }
        let value: Bool
        if equalsIgnoringCase(c, "yes") || equalsIgnoringCase(c, "true") {
            value = true
        } else if equalsIgnoringCase(c, "no") || equalsIgnoringCase(c, "false") {
            value = false
        } else {
            return nil
        }
        mapped = true
        return value
    }

    /// `good`, `stretch` or `bad` in any case.
    @inline(__always)
    static func fit(_ c: UnsafeBufferPointer<UInt8>) -> Fit? {
        if equalsIgnoringCase(c, "good") { return .good }
        if equalsIgnoringCase(c, "stretch") { return .stretch }
        if equalsIgnoringCase(c, "bad") { return .bad }
        return nil
    }

    /// Whether no byte is an ASCII capital.
    @inline(__always)
    static func isLowercase(_ c: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in c where b &- 65 < 26 { return false }
        return true
    }

    /// The candidate closest to `name` within edit distance 3 (or nil).
    static func closest(to name: String, in candidates: [String]) -> String? {
        Suggestion.closest(to: name, in: candidates, within: 3)
    }
}
