import BearingPanel
import Testing

/// SplitMix64: a fixed-seed source for the randomised cases of this module's tests (no global
/// generator).
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

@Suite struct DecimalNumberTests {
    func double(_ text: String) -> Double? {
        Array(text.utf8).withUnsafeBufferPointer { DecimalNumber.parseDouble($0) }
    }

    func float(_ text: String) -> Float? {
        Array(text.utf8).withUnsafeBufferPointer { DecimalNumber.parseFloat($0) }
    }

    /// Random strings of the grammar: sign, 0-25 integer digits, optional fraction of 0-25
    /// digits, optional exponent up to ±350, so every path (fast, >19 digits, huge/tiny
    /// exponents, subnormals, overflow) is hit.
    func randomDecimal(_ rng: inout SplitMix64) -> String {
        var text = ["", "-", "+"][rng.below(3)]
        let digits = Array("0123456789")
        let intDigits = [0, 1, 1, 2, 3, 5, 8, 12, 16, 19, 20, 25][rng.below(12)]
        for _ in 0..<intDigits { text.append(digits[rng.below(10)]) }
        var fracDigits = 0
        if rng.below(3) > 0 || intDigits == 0 {
            text.append(".")
            fracDigits = [0, 1, 2, 3, 6, 9, 15, 17, 19, 22, 25][rng.below(11)]
            if intDigits == 0, fracDigits == 0 { fracDigits = 1 }
            for _ in 0..<fracDigits { text.append(digits[rng.below(10)]) }
        }
        if rng.below(2) == 0 {
            text.append(rng.below(2) == 0 ? "e" : "E")
            text += ["", "-", "+"][rng.below(3)]
            let range = [3, 23, 40, 330, 350][rng.below(5)]
            text += String(rng.below(range))
        }
        return text
    }

    @Test func matchesStandardLibraryOnRandomDecimals() {
        var rng = SplitMix64(state: 20_251_125)
        var failures: [String] = []
        for _ in 0..<200_000 {
            let text = randomDecimal(&rng)
            let reference = Double(text)
            let ours = double(text)
            if reference?.bitPattern != ours?.bitPattern { failures.append("double \(text)") }
            let referenceF = Float(text)
            let oursF = float(text)
            if referenceF?.bitPattern != oursF?.bitPattern { failures.append("float \(text)") }
        }
        let failed = failures.count
        #expect(failed == 0, "first failures: \(failures.prefix(10))")
    }

    /// Shortest forms of random Doubles and Floats (what writers emit), with 17-digit forms.
    @Test func matchesStandardLibraryOnPrintedValues() {
        var rng = SplitMix64(state: 7)
        var failures: [String] = []
        for _ in 0..<100_000 {
            let d = Double(bitPattern: rng.next())
            guard d.isFinite else { continue }
            var f = Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()))
            if !f.isFinite { f = 1 }
            for text in [d.description, f.description, String(Double(f))] {
                if double(text)?.bitPattern != Double(text)?.bitPattern { failures.append("double \(text)") }
                if float(text)?.bitPattern != Float(text)?.bitPattern { failures.append("float \(text)") }
            }
        }
        let failed = failures.count
        #expect(failed == 0, "first failures: \(failures.prefix(10))")
    }

    /// Midpoints between adjacent Floats, where rounding via Double would round twice.
    @Test func floatMidpointsRoundOnce() {
        var rng = SplitMix64(state: 11)
        var failures: [String] = []
        for _ in 0..<50_000 {
            let f = Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()) & 0x7F7F_FFFF)
            guard f.isFinite, f.isNormal else { continue }
            let mid = (Double(f) + Double(f.nextUp)) / 2
            for d in [mid, mid.nextUp, mid.nextDown] {
                let text = d.description
                if float(text)?.bitPattern != Float(text)?.bitPattern { failures.append(text) }
            }
        }
        let failed = failures.count
        #expect(failed == 0, "first failures: \(failures.prefix(10))")
    }

    /// Decimals a few Double ulps from a midpoint between two Floats: `fastFloat` multiplies by
    /// a rounded reciprocal (within 4 ulps of the quotient) and hands values within 32 ulps of
    /// a midpoint to exact division; on both sides of that margin it must round as `Float(String)`.
    @Test func nearMidpointsRoundAsTheStandardLibrary() {
        var rng = SplitMix64(state: 12)
        var failures: [String] = []
        let offsets = [-80, -65, -64, -40, -33, -32, -31, -17, -9, -5, -3, -2, 2, 3, 5, 9, 17, 31, 32, 33, 40, 64, 65, 80]
        for _ in 0..<3_000 {
            let f = Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()) & 0x7F7F_FFFF)
            guard f.isFinite, f.isNormal else { continue }
            let mid = (Double(f) + Double(f.nextUp)) / 2
            for offset in offsets {
                let d = Double(bitPattern: UInt64(Int64(mid.bitPattern) + Int64(offset)))
                let text = d.description
                if float(text)?.bitPattern != Float(text)?.bitPattern { failures.append(text) }
            }
        }
        #expect(failures.isEmpty, "first failures: \(failures.prefix(10))")
    }

    @Test(arguments: [
        "0", "-0", "1", "-1", "0.1", ".5", "5.", "1e22", "1e23", "9007199254740993", "123456789012345678901234567890",
        "2.2250738585072011e-308", "4.9e-324", "1e-400", "1.7976931348623157e308", "0.000000000000000000000000001",
        "1E+5", "1e-0", "00001.5000", "3.4028235e38", "3.4028236e38", "1.1754943e-38", "1e-45", "7e-46",
    ])
    func edgeCasesMatch(_ text: String) {
        #expect(double(text)?.bitPattern == Double(text)?.bitPattern)
        #expect(float(text)?.bitPattern == Float(text)?.bitPattern)
    }

    @Test(arguments: [
        "", "-", "+", ".", "e5", "1e", "1e+", "--1", "1.2.3", "1_000", " 1", "1 ", "inf", "-inf", "nan", "NaN",
        "Infinity", "0x1p3", "1,5", "1e5.5", "١",
    ])
    func rejectsTextOutsideTheGrammar(_ text: String) {
        #expect(double(text) == nil)
        #expect(float(text) == nil)
    }

    @Test func finiteVariantsRejectOverflow() {
        let big = Array("1e400".utf8)
        let floatBig = Array("1e39".utf8)
        #expect(big.withUnsafeBufferPointer { DecimalNumber.parseFiniteDouble($0) } == nil)
        #expect(floatBig.withUnsafeBufferPointer { DecimalNumber.parseFiniteFloat($0) } == nil)
        #expect(floatBig.withUnsafeBufferPointer { DecimalNumber.parseFiniteDouble($0) } == 1e39)
    }
}
