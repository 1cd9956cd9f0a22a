import Testing

@testable import BearingPanel

/// `HistoryCSVFormat.appendNumber(Float)` (through `FloatText`) against `Float.description` and
/// against the writer it replaced (`LegacyFloatFormat`, kept here as the reference).
@Suite struct FloatTextTests {
    static func text(_ value: Float) -> String {
        var sink = CSVByteSink(capacity: 64)
        defer { sink.release() }
        HistoryCSVFormat.appendNumber(value, to: &sink)
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    /// What the writer printed before `FloatText`: integers up to 2^24 as digits, NaN as
    /// nothing, everything else as `description`, except a value exactly halfway between two
    /// shortest candidates with at most 8 decimals from 1e-4 up (2974699.25): the old
    /// fixed-notation loop rounded those half up (`2974699.3`) where `description` writes
    /// `2974699.2`, and the files must not change.
    static func expected(_ value: Float) -> String {
        if value.isNaN { return "" }
        if value.magnitude <= 0x1p24, value.rounded(.towardZero) == value { return String(Int64(value)) }
        if let (_, decimals, tie) = FloatText.digits(value.magnitude), tie, decimals <= 8, value.magnitude >= 1e-4 {
            return LegacyFloatFormat.text(value)
        }
        return value.description
    }

    @Test func randomBitPatternsMatchDescription() {
        var generator = SplitMix64(state: 16)
        var failures: [String] = []
        var fast = 0
        for _ in 0..<1_000_000 {
            let value = Float(bitPattern: UInt32(truncatingIfNeeded: generator.next()))
            guard value.isFinite else { continue }
            if FloatText.digits(value.magnitude) != nil { fast += 1 }
            let got = Self.text(value)
            if got != Self.expected(value), failures.count < 10 {
                failures.append("\(value.bitPattern): \(got) instead of \(Self.expected(value))")
            }
        }
        #expect(failures.isEmpty, "\(failures)")
        // Uniform bit patterns are mostly tiny or huge; the fast domain is about a third of them.
        #expect(fast > 250_000)
    }

    /// The range scores and probabilities live in, where every value must take the fast path.
    @Test func randomScoresMatchDescriptionWithoutFallback() {
        var generator = SplitMix64(state: 7)
        var failures: [String] = []
        for i in 0..<200_000 {
            let value: Float = i % 2 == 0 ? .random(in: -1...1, using: &generator) : .random(in: 0...0.2, using: &generator)
            if value.rounded(.towardZero) != value, FloatText.digits(value.magnitude) == nil, failures.count < 10 {
                failures.append("\(value): not on the fast path")
            }
            if Self.text(value) != Self.expected(value), failures.count < 10 {
                failures.append("\(value): \(Self.text(value)) instead of \(Self.expected(value))")
            }
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test(
        arguments: [
            // Integers, negative zero, powers of ten and two, the 2^24 boundary.
            0, -0.0, 1, -1, 12, 1200, 0x1p23, 0x1p24, 0x1p24 + 2, 3e7, 1e10, -1e10,
            0.1, 0.01, 1e-3, 1e-4, 1e-5, 1e-6, 1e-10, 1e-20, 1e-30, 1e-38, 10, 100, 1e5, 1e6, 1e7,
            0x1p-60, 0x1p-61, 0.5, 0.25, 0x1p-10, 0x1.fffffep-1, 0x1.fffffep22,
            // Around 1e-4, where the text switches from fixed to scientific notation.
            Float(1e-4).nextUp, Float(1e-4).nextDown, Float(1e-5).nextDown,
            // Subnormals and extremes.
            .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude, Float.leastNormalMagnitude.nextDown,
            .greatestFiniteMagnitude, -.greatestFiniteMagnitude, Float(bitPattern: 1), Float(bitPattern: 21),
            // Shortest forms of very different lengths.
            -0.77314216, 0.3822427, 0.027403045, 36.91549, 8388607.5, 0.0244140625, -0.0244140625, 123456.7,
        ] as [Float])
    func edgeCases(value: Float) {
        #expect(Self.text(value) == Self.expected(value))
        #expect(Self.text(value) == LegacyFloatFormat.text(value))
    }

    @Test func nanAndInfinities() {
        #expect(Self.text(.nan) == "")
        #expect(Self.text(.infinity) == Float.infinity.description)
        #expect(Self.text(-.infinity) == (-Float.infinity).description)
    }

    /// Values exactly halfway between two shortest candidates: the old writer rounded half up
    /// in fixed notation up to 8 decimals; elsewhere `description` decides.
    @Test func tiesKeepTheOldWritersRounding() {
        var generator = SplitMix64(state: 3)
        var checked = 0
        var failures: [String] = []
        while checked < 20_000 {
            // Few significant bits: many of these are exact short decimals with small ulps.
            let value =
                Float(Int.random(in: 1...4095, using: &generator))
                * Float(sign: .plus, exponent: -Int.random(in: 1...40, using: &generator), significand: 1)
            guard let (_, _, tie) = FloatText.digits(value), tie else {
                checked += 1
                continue
            }
            checked += 1
            if Self.text(value) != LegacyFloatFormat.text(value), failures.count < 10 {
                failures.append("\(value): \(Self.text(value)) instead of \(LegacyFloatFormat.text(value))")
            }
        }
        #expect(failures.isEmpty, "\(failures)")
        #expect(Self.text(0.0244140625) == "0.024414062")
        #expect(Self.text(2974699.25) == "2974699.3")
    }

    @Test func randomBitPatternsMatchTheOldWriter() {
        var generator = SplitMix64(state: 99)
        var failures: [String] = []
        for _ in 0..<300_000 {
            // Uniform over the fast domain's exponents (2^-60 ..< 2^23).
            let bits = UInt32.random(in: 0x2180_0000..<0x4B00_0000, using: &generator)
            let value = Float(bitPattern: bits | (generator.next() & 1 == 0 ? 0 : 0x8000_0000))
            if Self.text(value) != LegacyFloatFormat.text(value), failures.count < 10 {
                failures.append("\(value.bitPattern): \(Self.text(value)) instead of \(LegacyFloatFormat.text(value))")
            }
        }
        #expect(failures.isEmpty, "\(failures)")
    }
}

/// The `Float` writer of `HistoryCSVFormat` before `FloatText` (commit 9019bc7), as text: the
/// bytes every earlier `scores.csv` and `history.csv` hold, so the reference for identity.
enum LegacyFloatFormat {
    static func text(_ value: Float) -> String {
        if value.isNaN { return "" }
        let magnitude = value.magnitude
        if magnitude <= 0x1p24, value.rounded(.towardZero) == value { return String(Int64(value)) }
        if magnitude >= 1e-4, magnitude < 1e7 {
            let d = Double(magnitude)
            var scale = 1.0
            for decimals in 1...8 {
                scale *= 10
                let n = (d * scale).rounded()
                let back = n / scale
                if back.bitPattern & 0x1FFF_FFFF == 0x1000_0000 { break }
                if Float(back) == magnitude {
                    var digits = String(UInt64(n))
                    if digits.count <= decimals { digits = String(repeating: "0", count: decimals + 1 - digits.count) + digits }
                    digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
                    return (value < 0 ? "-" : "") + digits
                }
            }
        }
        return value.description
    }
}
