/// Decimal text to binary floating point, straight from UTF-8 bytes.
///
/// Grammar (what CSV exports write; no whitespace, no `inf`/`nan`, no hex, no `_`):
/// `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`.
///
/// Results are **correctly rounded** (round to nearest, ties to even), bit-identical to
/// `Double(String)` / `Float(String)` on every string of the grammar: the common case uses
/// Clinger's fast path (mantissa below 2^53, power of ten below 10^23, one exact IEEE
/// operation); anything else falls back to the standard library's correctly rounded parser.
/// Values that overflow to infinity are reported as `nil` from the `finite` variants.
public enum DecimalNumber {
    /// Parses a finite `Double`; nil when the bytes are not in the grammar or overflow.
    @inlinable
    public static func parseFiniteDouble(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let value = parseDouble(bytes), value.isFinite else { return nil }
        return value
    }

    /// Parses a finite `Float`; nil when the bytes are not in the grammar or overflow Float.
    @inlinable
    public static func parseFiniteFloat(_ bytes: UnsafeBufferPointer<UInt8>) -> Float? {
        guard let value = parseFloat(bytes), value.isFinite else { return nil }
        return value
    }

    /// Parses a `Double` (overflow gives ±infinity, as `Double(String)` does); nil when the
    /// bytes are not in the grammar.
    public static func parseDouble(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let d = scan(bytes) else { return nil }
        if let fast = d.fastDouble { return fast }
        return Double(String(decoding: bytes, as: UTF8.self))
    }

    /// Parses a `Float` correctly rounded from the decimal (not via a rounded `Double`,
    /// which could round twice); nil when the bytes are not in the grammar.
    public static func parseFloat(_ bytes: UnsafeBufferPointer<UInt8>) -> Float? {
        guard let d = scan(bytes) else { return nil }
        if let fast = d.fastFloat { return fast }
        return Float(String(decoding: bytes, as: UTF8.self))
    }

    /// The correctly rounded `Float` of ±`mantissa` × 10^`exponent10` (`mantissa` holding at
    /// most 19 digits) by the fast paths of `parseFloat`; nil when only the standard library's
    /// parser can round it. The export importer scans its own notations into these parts.
    @inlinable @inline(__always)
    package static func fastFloat(negative: Bool, mantissa: UInt64, exponent10: Int) -> Float? {
        Scanned(negative: negative, mantissa: mantissa, exponent10: exponent10, exactMantissa: true).fastFloat
    }

    /// Checks the grammar and gathers the digits into one integer mantissa.
    @usableFromInline
    struct Scanned {
        @usableFromInline var negative: Bool
        /// Significant digits as an integer (meaningful only when `exactMantissa`).
        @usableFromInline var mantissa: UInt64
        /// Power of ten applied to `mantissa`.
        @usableFromInline var exponent10: Int
        /// False when more than 19 digits (leading zeros included) were present.
        @usableFromInline var exactMantissa: Bool

        /// Clinger's fast path: both operands exact, so one IEEE operation rounds correctly.
        var fastDouble: Double? {
            guard exactMantissa else { return nil }
            if mantissa == 0 { return negative ? -0.0 : 0.0 }
            guard mantissa <= 1 << 53, exponent10 >= -22, exponent10 <= 22 else { return nil }
            let m = Double(mantissa)
            let value = exponent10 < 0 ? m / powersOfTen[-exponent10] : m * powersOfTen[exponent10]
            return negative ? -value : value
        }

        @usableFromInline
        init(negative: Bool, mantissa: UInt64, exponent10: Int, exactMantissa: Bool) {
            self.negative = negative
            self.mantissa = mantissa
            self.exponent10 = exponent10
            self.exactMantissa = exactMantissa
        }

        /// The correctly rounded `Float` when a fast path applies; nil when only the standard
        /// library's parser can round it correctly.
        @inlinable
        var fastFloat: Float? {
            @inline(__always) get {
                guard exactMantissa else { return nil }
                if mantissa == 0 { return negative ? -0.0 : 0.0 }
                guard mantissa <= 1 << 53, exponent10 >= -22, exponent10 <= 22 else { return nil }
                // A multiplication instead of a division (whose latency dominated the parse): with
                // the rounded reciprocal, `value` is within 2 ulps of m / 10^k (4 across a power of
                // two), so it rounds to the same Float as the exact quotient unless a midpoint
                // between two Floats (low 29 bits 0x1000_0000) lies within a few ulps. Those rare
                // values, and subnormal or overflowing Floats, take the exact path.
                let m = Double(mantissa)
                let value = exponent10 < 0 ? m * reciprocalPowersOfTen[-exponent10] : m * powersOfTen[exponent10]
                guard value >= 0x1p-125, value < 0x1p127, (value.bitPattern & 0x1FFF_FFFF) &- 0x0FFF_FFE0 > 64 else {
                    return exactFloat
                }
                let rounded = Float(value)
                return negative ? -rounded : rounded
            }
        }

        /// `fastFloat` by exact IEEE operations only.
        @usableFromInline
        var exactFloat: Float? {
            // Clinger's fast path in Float itself: a mantissa below 2^24 and 10^k up to 10^10
            // are exact Floats, so one Float operation rounds correctly.
            if exactMantissa, mantissa <= 1 << 24, exponent10 >= -10, exponent10 <= 10 {
                let m = Float(mantissa)
                let value = exponent10 < 0 ? m / floatPowersOfTen[-exponent10] : m * floatPowersOfTen[exponent10]
                return negative ? -value : value
            }
            guard let fast = fastDouble else { return nil }
            // The Double is the correctly rounded decimal. Rounding it again to Float is
            // exact unless it sits exactly on a midpoint between two Floats (then the true
            // decimal may lie on either side). Float subnormals and overflow also go slow.
            let magnitude = fast.magnitude
            if magnitude == 0 { return Float(fast) }
            if magnitude >= 0x1p-125, magnitude < 0x1p127, fast.bitPattern & 0x1FFF_FFFF != 0x1000_0000 {
                return Float(fast)
            }
            return nil
        }
    }

    @usableFromInline
    static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// 10^-k rounded to nearest, k = 0...22.
    @usableFromInline
    static let reciprocalPowersOfTen: [Double] = [
        1e0, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11,
        1e-12, 1e-13, 1e-14, 1e-15, 1e-16, 1e-17, 1e-18, 1e-19, 1e-20, 1e-21, 1e-22,
    ]

    @usableFromInline
    static let floatPowersOfTen: [Float] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10]

    @usableFromInline
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Scanned? {
        let n = bytes.count
        var i = 0
        guard n > 0 else { return nil }
        var negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            i = 1
        }
        // Up to 19 digits (leading zeros included, for a simpler loop) fit a UInt64 exactly;
        // longer mantissas leave `exactMantissa` false and go to the standard library.
        var mantissa: UInt64 = 0
        var exponent10 = 0
        var digits = 0
        while i < n {
            let d = bytes[i] &- 48
            guard d < 10 else { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            digits += 1
            i += 1
        }
        if i < n, bytes[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            while i < n {
                let d = bytes[i] &- 48
                guard d < 10 else { break }
                mantissa = mantissa &* 10 &+ UInt64(d)
                i += 1
            }
            exponent10 = fractionStart - i
            digits += i - fractionStart
        }
        let dropped = digits > 19
        guard digits > 0 else { return nil }
        if i < n, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            guard let exp = exponent(bytes, at: &i, end: n) else { return nil }
            exponent10 += exp
        }
        guard i == n else { return nil }
        return Scanned(negative: negative, mantissa: mantissa, exponent10: exponent10, exactMantissa: !dropped)
    }

    /// The exponent whose optional sign and digits start at `i` (just after an `e` or `E`),
    /// with `i` moved past its last digit; nil when no digit follows. Magnitudes saturate near
    /// 10⁶, far beyond any finite Double, so a long exponent cannot overflow.
    @usableFromInline
    package static func exponent(_ bytes: UnsafeBufferPointer<UInt8>, at i: inout Int, end: Int) -> Int? {
        var negative = false
        if i < end, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var value = 0
        var digits = 0
        while i < end {
            let d = bytes[i] &- 48
            guard d < 10 else { break }
            if value < 100_000 { value = value * 10 + Int(d) }
            digits += 1
            i += 1
        }
        guard digits > 0 else { return nil }
        return negative ? -value : value
    }
}
