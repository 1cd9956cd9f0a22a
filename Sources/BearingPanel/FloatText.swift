/// Shortest round-trip decimal digits of a `Float`, computed with exact integer arithmetic and
/// written straight into a `CSVByteSink` (no `String` per number).
///
/// The contract is byte identity with what the CSV writer printed before this type existed:
/// the standard library's `Float.description` digits (shortest, and of those the closest to
/// the value). The fast path covers non-integers in [2^-60, 2^23), which is where every score,
/// probability and fraction lies; `digits(_:)` answers `nil` elsewhere and callers fall back
/// to `description`.
///
/// Why "strictly inside the rounding interval" is the reader's round-to-nearest-even test on
/// that domain: for `v = m / 2^E` (E > 0) the interval's ends have E + 1 (or E + 2) decimals,
/// while `v` itself has at most E, so the search stops before any candidate could sit on an end.
/// Two closest candidates can tie (0.0244140625 between 0.024414062 and 0.024414063); the
/// candidate is then rounded half up and reported as a tie, because the old fixed-notation
/// writer rounded half up while `description` picks by its own rule.
package enum FloatText {
    /// `10^k` for k in 0...38 (all fit in `UInt128`).
    private static let powersOfTen: [UInt128] = {
        var p: [UInt128] = [1]
        for _ in 1...38 { p.append(p[p.count - 1] * 10) }
        return p
    }()

    /// `magnitude ≈ digits / 10^decimals` with the fewest decimals that read back to
    /// `magnitude` (decimals ≥ 1), or nil when `magnitude` is outside the fast domain:
    /// not finite, negative, an integer, below 2^-60 or at least 2^23. `tie` when the value is
    /// exactly halfway between two such candidates (`digits` is then the upper one).
    @inline(__always)
    package static func digits(_ magnitude: Float) -> (digits: UInt64, decimals: Int, tie: Bool)? {
        let bits = magnitude.bitPattern
        let biased = Int(bits >> 23)
        // 2^-60 has biased exponent 67; 2^23 has 150 (and every Float from there up is whole).
        guard biased >= 67, biased < 150 else { return nil }
        let fraction = bits & 0x7F_FFFF
        let m = UInt128(fraction | 0x80_0000)
        let shift = 150 - biased  // magnitude = m / 2^shift, shift in 1...83
        if shift <= 23, fraction & ((1 << UInt32(shift)) - 1) == 0 { return nil }  // an integer
        // The low end of the interval is half as far when m is a power of two.
        let lowFactor: UInt128 = fraction == 0 ? 4 : 2
        let lowFactor64 = UInt64(truncatingIfNeeded: lowFactor)
        let half = UInt128(1) &<< (shift - 1)

        /// The closest candidate with `k` decimals, if it lies strictly inside the interval,
        /// and whether it was rounded up from exactly halfway.
        @inline(__always)
        func inside(_ k: Int) -> (UInt64, Bool)? {
            if k <= 11, shift <= 60 {
                // The usual case in 64 bits: m * 10^k < 2^61, and every sum below < 2^64.
                let scale = power(k)
                let exact = UInt64(truncatingIfNeeded: m) &* scale
                let half64 = UInt64(1) &<< (shift - 1)
                let c = (exact &+ half64) &>> shift
                let back = c &<< shift
                let fits = back >= exact ? 2 &* (back &- exact) < scale : lowFactor64 &* (exact &- back) < scale
                return fits ? (c, back &- exact == half64) : nil
            }
            // No product overflows: m < 2^24, scale ≤ 10^27 (k ≤ 27 on the domain), shift ≤ 83.
            let scale = powersOfTen[k]
            let exact = m &* scale  // magnitude * 10^k * 2^shift
            let c = (exact &+ half) &>> shift
            let back = c &<< shift
            let fits = back >= exact ? 2 &* (back &- exact) < scale : lowFactor &* (exact &- back) < scale
            return fits ? (UInt64(truncatingIfNeeded: c), back &- exact == half) : nil
        }

        // Existence is monotone in k (a candidate with k decimals is one with k + 1), so the
        // search starts near the usual answer (8 significant digits) and walks to the boundary.
        let binaryExponent = biased - 127
        let leading = max(0, (-binaryExponent * 1233) >> 12)  // ≈ -log10(magnitude), never above it
        var k = max(1, leading + 7)
        if let c = inside(k) {
            var best = (c.0, k, c.1)
            while k > 1, let c = inside(k - 1) {
                k -= 1
                best = (c.0, k, c.1)
            }
            return best
        }
        while true {
            k += 1
            if let c = inside(k) { return (c.0, k, c.1) }
        }
    }

    /// Writes `Float.description`'s text of a non-integer in the fast domain, or returns false
    /// (writing nothing). Room for 32 bytes must have been ensured.
    @inline(__always)
    package static func appendDescription(_ value: Float, to out: inout CSVByteSink) -> Bool {
        guard let (c, k, tie) = digits(value.magnitude) else { return false }
        // Ties: the old fixed-notation writer (up to 8 decimals, from 1e-4) rounded half up;
        // elsewhere `description` decides.
        if tie, k > 8 || value.magnitude < 1e-4 { return false }
        if value.sign == .minus { out.put(UInt8(ascii: "-")) }
        // Fixed notation when the decimal exponent (digits - k - 1) is at least -4, that is when
        // c has at least k - 3 digits: one comparison instead of counting the digits.
        if k < 4 || (k <= 23 && c >= power(k - 4)) {
            appendFixed(c, decimals: k, to: &out)
        } else {
            let count = digitCount(c)
            appendScientific(c, count: count, exponent: count - k - 1, to: &out)
        }
        return true
    }

    /// `n / 10^decimals` in fixed notation, e.g. (54, 3) -> `0.054`; at most 20 digits.
    @inline(__always)
    package static func appendFixed(_ n: UInt64, decimals: Int, to out: inout CSVByteSink) {
        if decimals <= 19, n < power(decimals) {
            // `0.ddd`, where every score and probability lies: no division, no digit count.
            let start = out.claim(2 + decimals)
            start[0] = UInt8(ascii: "0")
            start[1] = UInt8(ascii: ".")
            writeDigits(n, count: decimals, endingAt: start + 2 + decimals)
            return
        }
        let whole = n / power(decimals)
        let fraction = n - whole * power(decimals)
        let wholeDigits = digitCount(whole)
        let start = out.claim(wholeDigits + 1 + decimals)
        writeDigits(whole, count: wholeDigits, endingAt: start + wholeDigits)
        start[wholeDigits] = UInt8(ascii: ".")
        writeDigits(fraction, count: decimals, endingAt: start + wholeDigits + 1 + decimals)
    }

    /// `d.ddde-XX` as the standard library writes it: no point for one digit, at least two
    /// exponent digits.
    private static func appendScientific(_ c: UInt64, count: Int, exponent: Int, to out: inout CSVByteSink) {
        let start = out.claim(count == 1 ? 1 : count + 1)
        if count > 1 {
            writeDigits(c % power(count - 1), count: count - 1, endingAt: start + count + 1)
            start[1] = UInt8(ascii: ".")
        }
        start[0] = 48 + UInt8(truncatingIfNeeded: c / power(count - 1))
        out.put(UInt8(ascii: "e"))
        out.put(exponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        let e = exponent.magnitude
        let width = e >= 100 ? 3 : 2
        writeDigits(UInt64(e), count: width, endingAt: out.claim(width) + width)
    }

    /// `10^k` for k in 0...19. A switch rather than a table: a global array costs a lazy
    /// initialisation check (`swift_once`) per use, which showed in profiles.
    @inline(__always)
    private static func power(_ k: Int) -> UInt64 {
        switch k {
        case 0: 1
        case 1: 10
        case 2: 100
        case 3: 1000
        case 4: 10000
        case 5: 100_000
        case 6: 1_000_000
        case 7: 10_000_000
        case 8: 100_000_000
        case 9: 1_000_000_000
        case 10: 10_000_000_000
        case 11: 100_000_000_000
        case 12: 1_000_000_000_000
        case 13: 10_000_000_000_000
        case 14: 100_000_000_000_000
        case 15: 1_000_000_000_000_000
        case 16: 10_000_000_000_000_000
        case 17: 100_000_000_000_000_000
        case 18: 1_000_000_000_000_000_000
        default: 10_000_000_000_000_000_000
        }
    }

    /// "00" ... "99": two digits per division (a static string needs no initialisation).
    private static let pairs: StaticString = """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """

    /// Writes the last `count` decimal digits of `x` (zero padded) into the `count` bytes
    /// before `end`.
    @inline(__always)
    private static func writeDigits(_ x: UInt64, count: Int, endingAt end: UnsafeMutablePointer<UInt8>) {
        var x = x
        var p = end
        var left = count
        let pairs = Self.pairs.utf8Start
        while left >= 2 {
            let r = Int(x % 100)
            x /= 100
            p -= 2
            p[0] = pairs[2 &* r]
            p[1] = pairs[2 &* r &+ 1]
            left -= 2
        }
        if left == 1 {
            p -= 1
            p[0] = 48 + UInt8(truncatingIfNeeded: x % 10)
        }
    }

    /// Decimal digits of `x` (1 for 0).
    @inline(__always)
    private static func digitCount(_ x: UInt64) -> Int {
        let guess = ((64 - x.leadingZeroBitCount) &* 1233) >> 12  // floor(log10(2) * bits)
        return max(1, guess + (x >= power(guess) ? 1 : 0))
    }
}
