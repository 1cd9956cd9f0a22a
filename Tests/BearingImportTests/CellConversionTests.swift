import BearingPanel
import Testing

@testable import BearingImport

/// Numbers, booleans, missing tokens and dates as exports write them. The reference for every
/// number is the plain decimal read by the strict reader's parser (`DecimalNumber`), which is
/// correctly rounded: a messy notation must give bit-for-bit the same value.
@Suite struct CellConversionTests {
    func double(_ text: String, comma: Bool = false) -> (Double?, NumberReader.Flags) {
        var flags = NumberReader.Flags()
        var t = text
        let v = t.withUTF8 { NumberReader(decimalComma: comma).double(Cells.trim($0), flags: &flags) }
        return (v, flags)
    }

    func float(_ text: String, comma: Bool = false) -> Float? {
        var flags = NumberReader.Flags()
        var t = text
        return t.withUTF8 { NumberReader(decimalComma: comma).float(Cells.trim($0), flags: &flags) }
    }

    func plain(_ text: String) -> Double? {
        var t = text
        return t.withUTF8 { DecimalNumber.parseFiniteDouble($0) }
    }

    @Test(arguments: [
        ("$1,200", "1200"), ("$ 1,200.50", "1200.50"), ("1,200 $", "1200"), ("€1.234,5", "1234.5"),
        ("£12", "12"), ("1,234,567.891", "1234567.891"), ("1 234 567", "1234567"), ("1'234.5", "1234.5"),
        ("12.5%", "0.125"), ("0.1%", "0.001"), ("(1,200)", "-1200"), ("(12.5%)", "-0.125"), ("-$3", "-3"),
        ("$-3", "-3"), ("+7", "7"), (" 42 ", "42"), ("1e3", "1000"), ("2.5E-3%", "0.000025"),
        ("1\u{00A0}200", "1200"), ("1\u{202F}200,5", "1200.5"),
    ])
    func notationsGiveThePlainDecimal(_ messy: String, _ clean: String) {
        let comma = messy.contains("€") || messy.contains("\u{202F}")
        #expect(double(messy, comma: comma).0 == plain(clean), "\(messy)")
    }

    @Test func percentIsExactNotARoundedQuotient() {
        // 0.3 and 30% read to the same correctly rounded Double and Float; 30 / 100 in binary
        // would also be 0.3 here, but 0.07% = 7e-4 exercises a case where dividing by 100 is off.
        #expect(double("0.07%").0 == 7e-4)
        #expect(0.07 / 100 != 7e-4)
        #expect(float("12.345678%") == Float("0.12345678"))
    }

    @Test func decimalCommaLocale() {
        #expect(double("1.234,56", comma: true).0 == 1234.56)
        #expect(double("1234,56", comma: true).0 == 1234.56)
        #expect(double("12,5 %", comma: true).0 == 0.125)
        #expect(double("1 200,5", comma: true).0 == 1200.5)
        #expect(double("1,5", comma: false).0 == nil)  // a decimal comma needs the option
        #expect(double("1.234.567", comma: true).0 == 1_234_567)
    }

    @Test(arguments: ["1,2", "1,23.4", "12,34,567", "1.2.3", "abc", "$", "%", "1%%", "$$1", "(1", "1-", "1,234e5", "--1", "()"])
    func notNumbers(_ text: String) {
        #expect(double(text).0 == nil, "\(text)")
    }

    @Test func flagsSayWhatWasConverted() {
        let (_, f) = double("($1,200.5%)")
        #expect(f.contains([.accounting, .currency, .thousands, .percent, .negative]))
        #expect(double("5").1.isEmpty)
        #expect(double("-5").1 == .negative)
    }

    @Test func booleansAndMissingTokens() {
        func flag(_ s: String) -> (Bool?, Bool) {
            var mapped = false
            var t = s
            let v = t.withUTF8 { Cells.flag($0, mapped: &mapped) }
            return (v, mapped)
        }
        for (text, value) in [("1", true), ("0", false)] { #expect(flag(text) == (value, false)) }
        for (text, value) in [("yes", true), ("No", false), ("Y", true), ("n", false), ("TRUE", true), ("false", false)] {
            #expect(flag(text) == (value, true), "\(text)")
        }
        for text in ["2", "yess", "", "ja", "-1"] { #expect(flag(text).0 == nil, "\(text)") }
        func missing(_ s: String) -> Bool {
            var t = s
            return t.withUTF8 { Cells.isMissingToken(Cells.trim($0)) }
        }
        for token in ["N/A", "n/a", "NA", "na", "null", "NULL", "-", "#N/A", "#n/a", " - "] { #expect(missing(token), "\(token)") }
        for text in ["0", "none", "n", "--", "NaN", "#NA"] { #expect(!missing(text), "\(text)") }
    }

    @Test func datesAndPeriodLabels() throws {
        func period(_ text: String, grain: Granularity?, format: String? = nil) -> Period? {
            var reader = PeriodReader(granularity: grain, dateFormat: format.flatMap { DateFormat(pattern: $0) })
            var t = text
            return t.withUTF8 { b -> Period? in
                switch reader.read(b) {
                case .label(let p), .regrained(let p), .date(let p): return p
                case .wrongGranularity, .invalid: return nil
                }
            }
        }
        let q1 = Period(year: 2024, quarter: 1)
        #expect(period("2024-03-31", grain: .quarter) == q1)
        #expect(period("2024-02-15", grain: .quarter) == q1)
        #expect(period("2024-04-01", grain: .quarter) == q1.next)
        #expect(period("2024-03-15", grain: .month) == Period(year: 2024, month: 3))
        #expect(period("03/31/2024", grain: .quarter, format: "MM/DD/YYYY") == q1)
        #expect(period("3/1/2024 10:00", grain: .month, format: "M/D/YYYY") == Period(year: 2024, month: 3))
        #expect(period("31.12.2024", grain: .quarter, format: "DD.MM.YYYY") == Period(year: 2024, quarter: 4))
        #expect(period("2024-12-31", grain: .quarter, format: "DD.MM.YYYY") == Period(year: 2024, quarter: 4))
        #expect(period("2024-02-29", grain: .quarter) == q1)
        #expect(period("2023-02-29", grain: .quarter) == nil)
        #expect(period("2024-13-01", grain: .quarter) == nil)
        #expect(period("31/03/2024", grain: .quarter, format: "MM/DD/YYYY") == nil)
        #expect(period("2024-Q3", grain: .quarter) == Period(year: 2024, quarter: 3))
        #expect(period("2024-q3", grain: nil) == Period(year: 2024, quarter: 3))
        #expect(period("2024-08", grain: .quarter) == Period(year: 2024, quarter: 3))
        #expect(period("2024-Q3", grain: .month) == nil)
        #expect(DateFormat(pattern: "MM/DD") == nil && DateFormat(pattern: "YYYY-MM-DD-DD") == nil)
        #expect(DateFormat(pattern: "YYYYMMDD") != nil && DateFormat(pattern: "YY-MM-DD") == nil)
    }

    @Test func datesWithoutAGrainFallIntoQuarters() throws {
        var reader = PeriodReader(granularity: nil, dateFormat: nil)
        var t = "2024-05-05"
        let read = t.withUTF8 { reader.read($0) }
        guard case .date(let p) = read else { Issue.record("not a date"); return }
        #expect(p == Period(year: 2024, quarter: 2) && reader.defaultedGrain)
    }
}

extension CellConversionTests {
    /// The one-pass digit scan with the fast path agrees with normalising the text and parsing
    /// it with the strict reader's parser, on seeded random numbers in every notation.
    @Test func fastPathAgreesWithTheNormalisedText() {
        var rng = SplitMixForTests(state: 5)
        let decorations: [(String, String)] = [("", ""), ("$", ""), ("", " €"), ("(", ")"), ("-", ""), ("", "%"), ("($", "%)"), ("£ ", "")]
        for _ in 0..<20_000 {
            let integer = String(rng.next() % [10, 1000, 1_000_000, 1_000_000_000_000][Int(rng.next() % 4)])
            let fraction = String(rng.next() % 100_000_000)
            let decimals = Int(rng.next() % 9)
            let digits = decimals == 0 ? integer : integer + "." + String(fraction.prefix(decimals))
            let comma = rng.next() % 2 == 0
            var body = digits
            if rng.next() % 2 == 0, !digits.contains("e") {
                // Thousands groups in the integer part.
                var int = integer
                var groups: [String] = []
                while int.count > 3 {
                    groups.insert(String(int.suffix(3)), at: 0)
                    int.removeLast(3)
                }
                let grouped = ([int] + groups).joined(separator: comma ? "." : ",")
                body = decimals == 0 ? grouped : grouped + "." + String(fraction.prefix(decimals))
            }
            if comma {
                // Swap the marks: the decimal point becomes a comma, groups became points above.
                if let dot = body.lastIndex(of: "."), decimals > 0 { body.replaceSubrange(dot...dot, with: ",") }
            }
            let (pre, post) = decorations[Int(rng.next() % UInt64(decorations.count))]
            let text = pre + body + post
            let reader = NumberReader(decimalComma: comma)
            var t = text
            t.withUTF8 { cell in
                var f1 = NumberReader.Flags()
                var f2 = NumberReader.Flags()
                let fast = reader.double(cell, flags: &f1)
                let slow: Double? = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 160) { out in
                    guard let d = reader.normalize(cell, into: out, flags: &f2) else { return nil }
                    return DecimalNumber.parseFiniteDouble(UnsafeBufferPointer(rebasing: out[0..<d.length]))
                }
                #expect(fast == slow, "\(text): \(String(describing: fast)) vs \(String(describing: slow))")
                var f3 = NumberReader.Flags()
                let fastFloat = reader.float(cell, flags: &f3)
                let slowFloat: Float? = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 160) { out in
                    var f = NumberReader.Flags()
                    guard let d = reader.normalize(cell, into: out, flags: &f) else { return nil }
                    return DecimalNumber.parseFiniteFloat(UnsafeBufferPointer(rebasing: out[0..<d.length]))
                }
                #expect(fastFloat == slowFloat, "\(text)")
            }
        }
    }
}

extension CellConversionTests {
    /// The common-shape pass accepts only what the general grammar accepts, and reads it to the
    /// same digits and flags: random strings over the bytes of numbers and their marks (most
    /// of them not numbers), plus well-formed cells, each compared with `scanDigits` and
    /// `normalize`.
    @Test func commonShapesReadAsTheGeneralGrammar() {
        var rng = SplitMixForTests(state: 11)
        let alphabet = Array("0123456789,.()$%-+ e".utf8)
        let wellFormed = ["$56,764", "(2.8%)", "8%", "-35", "1,387", "0.000", "($1,234.5%)", "+7", "-0", "1,234,567.25"]
        var accepted = 0
        for k in 0..<200_000 {
            var bytes: [UInt8]
            if k < wellFormed.count {
                bytes = Array(wellFormed[k].utf8)
            } else {
                bytes = (0..<Int(1 + rng.next() % 12)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            }
            bytes.withUnsafeBufferPointer { cell in
                guard let common = NumberReader.commonShape(cell) else { return }
                accepted += 1
                let text = String(decoding: cell, as: UTF8.self)
                var scanFlags = NumberReader.Flags()
                let scanned = NumberReader(decimalComma: false).scanDigits(cell, flags: &scanFlags)
                #expect(scanned?.mantissa == common.digits.mantissa, "\(text)")
                #expect(scanned?.exponent10 == common.digits.exponent10, "\(text)")
                #expect(scanned?.negative == common.digits.negative, "\(text)")
                #expect(scanned?.exact == true, "\(text)")
                #expect(scanFlags == common.flags, "\(text)")
                var normalizeFlags = NumberReader.Flags()
                #expect(NumberReader(decimalComma: false).normalize(cell, into: nil, flags: &normalizeFlags) != nil, "\(text)")
                #expect(normalizeFlags == common.flags, "\(text)")
            }
        }
        // The corpus must exercise the pass, not only its refusals.
        #expect(accepted > 5_000)
    }
}

struct SplitMixForTests {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
