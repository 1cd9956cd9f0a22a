import Testing

@testable import BearingPanel

/// The strict reader's fast path for plain rows (`PanelBuilder.addPlainRow`) must give what
/// the general path gives, and hand every other row to it untouched.
@Suite struct PlainRowTests {
    // MARK: The eight-digits-at-a-time number scanner

    /// `scanPlain` on `text` followed by `tail`, in a buffer padded as the reader guarantees.
    func plain(_ text: String, tail: String = ",") -> (DecimalNumber.Scanned, Int)? {
        let bytes = Array((text + tail).utf8) + [UInt8](repeating: 0x2C, count: DecimalNumber.plainReach)
        return bytes.withUnsafeBufferPointer { buffer in
            DecimalNumber.scanPlain(buffer.baseAddress!).map { ($0.number, $0.length) }
        }
    }

    func general(_ text: String) -> DecimalNumber.Scanned? {
        Array(text.utf8).withUnsafeBufferPointer { DecimalNumber.scan($0) }
    }

    func same(_ a: DecimalNumber.Scanned, _ b: DecimalNumber.Scanned) -> Bool {
        a.negative == b.negative && a.mantissa == b.mantissa && a.exponent10 == b.exponent10
            && a.exactMantissa == b.exactMantissa
    }

    /// Every plain number up to 19 digits, in every split between whole and fraction digits,
    /// reads whole and equal to the general scanner; with 20 or more digits it is not plain.
    @Test func plainNumbersReadAsTheGeneralScanner() throws {
        var rng = SplitMix64(state: 41)
        for _ in 0..<20_000 {
            let whole = rng.below(21)
            let fraction = rng.below(21)
            let dot = whole == 0 || fraction > 0 || rng.below(2) == 0
            guard whole + (dot ? fraction : 0) > 0 else { continue }
            var text = rng.below(2) == 0 ? "-" : ""
            for _ in 0..<whole { text.append(Character(String(rng.below(10)))) }
            if dot {
                text.append(".")
                for _ in 0..<fraction { text.append(Character(String(rng.below(10)))) }
            }
            let digits = whole + (dot ? fraction : 0)
            let tail = [",", "\n", "\r\n", "x", "e5", ".5", "9"][rng.below(7)]
            guard let reference = general(text) else {
                Issue.record("general scanner refused \(text)")
                continue
            }
            let fast = plain(text, tail: tail)
            if digits > 19 || tail == "9" || (tail == ".5" && !dot) {
                // More digits than fit, or a tail that continues the number: not this text.
                if let (number, length) = fast {
                    #expect(length != text.utf8.count || !same(number, reference), "\(text)\(tail)")
                }
            } else {
                let (number, length) = try #require(fast, "\(text)\(tail)")
                #expect(length == text.utf8.count, "\(text)\(tail)")
                #expect(same(number, reference), "\(text)\(tail)")
            }
        }
    }

    /// On any bytes, what `scanPlain` accepts is a prefix the general scanner accepts with the
    /// same value, and the byte after it cannot continue a plain number.
    @Test func anyAcceptedPrefixMatchesTheGeneralScanner() {
        var rng = SplitMix64(state: 42)
        let alphabet = Array("0123456789.-+eE,\n\"a /:")
        for _ in 0..<50_000 {
            var text = ""
            for _ in 0..<rng.below(24) { text.append(alphabet[rng.below(alphabet.count)]) }
            guard let (number, length) = plain(text, tail: "") else { continue }
            let prefix = String(decoding: Array(text.utf8)[0..<length], as: UTF8.self)
            guard let reference = general(prefix) else {
                Issue.record("general scanner refused the accepted prefix \(prefix) of \(text)")
                continue
            }
            #expect(same(number, reference), "\(text)")
            if length < text.utf8.count {
                let next = Array(text.utf8)[length]
                #expect(!(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(next), "\(text)")
            }
        }
    }

    @Test func eightDigitsValueMatchesArithmetic() {
        var rng = SplitMix64(state: 43)
        for _ in 0..<10_000 {
            let count = 1 + rng.below(8)
            let digits = (0..<count).map { _ in UInt8(rng.below(10)) }
            var word: UInt64 = 0
            for (i, d) in digits.enumerated() { word |= UInt64(d + 48) << UInt64(8 * i) }
            word |= UInt64(0x2C) << UInt64(8 * count) & (count == 8 ? 0 : ~0)
            #expect(DecimalNumber.leadingDigitCount(word) == count)
            let value = digits.reduce(UInt64(0)) { $0 * 10 + UInt64($1) }
            #expect(DecimalNumber.eightDigitsValue(word << UInt64(64 - 8 * count)) == value)
        }
    }

    // MARK: Whole rows: the fast path against the general path

    /// One data line: its cells as written, and whether it ends in CRLF.
    struct Line {
        var cells: [String]
        var crlf = false
    }

    static let header =
        "customer_id,period,segment,fit,csm_id,arr,churned,expansion_arr,contraction_arr,milestone,"
        + "milestone_reached,contract_term_months,renewal_date,outcome.a,experience.b,engagement.c"

    /// The lines as a file; `quoted` puts every cell in quotes. Quotes are never plain, so
    /// every row of the quoted text goes through the general path.
    static func text(_ lines: [Line], quoted: Bool) -> [UInt8] {
        var text = header + "\n"
        for line in lines {
            let cells = quoted ? line.cells.map { $0.hasPrefix("\"") ? $0 : "\"" + $0 + "\"" } : line.cells
            text += cells.joined(separator: ",") + (line.crlf ? "\r\n" : "\n")
        }
        return Array(text.utf8)
    }

    /// Random valid rows (each customer's quarters in order, churn only on its last row), in
    /// plain shapes and in shapes the fast path must hand over: a quoted cell, `+`, exponents,
    /// more than 19 digits, CRLF; with `badCell`, now and then a cell its column refuses.
    static func randomLines(_ rng: inout SplitMix64, customers: Int, badCell: Bool) -> [Line] {
        var lines: [Line] = []
        for c in 0..<customers {
            let quarters = 1 + rng.below(4)
            let segment = rng.below(10) == 0 ? "\"Mid, Market\"" : ["smb", "Mid Market", "ent"][rng.below(3)]
            let fit = ["good", "stretch", "bad"][rng.below(3)]
            for q in 1...quarters {
                let last = q == quarters
                let milestone = rng.below(2) == 0
                let contract = rng.below(2) == 0
                var cells = [
                    "C\(c)", "2025-Q\(q)", segment, fit, ["", "CSM1", "csm-2"][rng.below(3)],
                    ["1000", "25.5", "0", "1e3", "+7", "0.000000000000000000001"][rng.below(6)],
                    last ? ["0", "1", ""][rng.below(3)] : "0", ["0", "12.25"][rng.below(2)], ["0", "3"][rng.below(2)],
                    milestone ? "kickoff" : "", milestone ? ["0", "1"][rng.below(2)] : "",
                    contract ? ["12", "36"][rng.below(2)] : "", contract ? "2026-03-31" : "",
                ]
                for _ in 0..<3 {
                    cells.append(
                        ["", "0.47903603", "-36.91549", "4", "1.5e-3", "123456789012345678901", "-0", ".5", "7."][
                            rng.below(9)])
                }
                if badCell, rng.below(60) == 0 {
                    cells[rng.below(cells.count)] = ["x", "2025-Q9", "maybe", "-1", "nan", "2"][rng.below(6)]
                }
                lines.append(Line(cells: cells, crlf: rng.below(8) == 0))
            }
        }
        return lines
    }

    /// Reads in place on `threads` threads (split even when small), or streamed in
    /// `chunkSize` pieces when that is below the default.
    static func read(
        _ bytes: [UInt8], threads: Int, chunkSize: Int = HistoryCSVReader.defaultChunkSize
    ) -> Result<(HistoryPanel, PanelReadSummary), PanelError> {
        var reader = HistoryCSVReader(chunkSize: chunkSize, threads: threads, parallelMinimumBytes: 0)
        reader.minimumChunkBytes = 4096
        return Result { () throws(PanelError) in try reader.readWithSummary(bytes: bytes, fileName: "t.csv") }
    }

    /// Missing cells per feature, as the summary reports them.
    static func missing(_ summary: PanelReadSummary) -> [Int] { summary.missingPerFeature.map(\.count) }

    @Test(arguments: [
        (1, HistoryCSVReader.defaultChunkSize), (2, HistoryCSVReader.defaultChunkSize), (3, HistoryCSVReader.defaultChunkSize), (1, 333),
    ])
    func plainRowsReadAsTheGeneralPath(threads: Int, chunkSize: Int) throws {
        var rng = SplitMix64(state: 44 + UInt64(threads) + UInt64(chunkSize))
        for round in 0..<12 {
            let lines = Self.randomLines(&rng, customers: 100 + 300 * round, badCell: false)
            let fast = try Self.read(Self.text(lines, quoted: false), threads: threads, chunkSize: chunkSize).get()
            let general = try Self.read(Self.text(lines, quoted: true), threads: 1).get()
            #expect(fast.0 == general.0, "round \(round)")
            #expect(Self.missing(fast.1) == Self.missing(general.1), "round \(round)")
            #expect(fast.0.rowCount == lines.count)
        }
    }

    /// A bad cell stops both paths at the same row and column with the same kind of error.
    @Test func badCellsStopAtTheSamePlace() {
        var rng = SplitMix64(state: 45)
        var failures = 0
        for round in 0..<30 {
            let lines = Self.randomLines(&rng, customers: 150, badCell: true)
            let fast = Self.read(Self.text(lines, quoted: false), threads: 1)
            let general = Self.read(Self.text(lines, quoted: true), threads: 1)
            switch (fast, general) {
            case (.success(let a), .success(let b)):
                #expect(a.0 == b.0 && Self.missing(a.1) == Self.missing(b.1), "round \(round)")
            case (.failure(let a), .failure(let b)):
                failures += 1
                #expect(a.kind == b.kind && a.line == b.line && a.column == b.column, "round \(round): \(a) vs \(b)")
            default:
                Issue.record("round \(round): one path failed, the other did not")
            }
        }
        #expect(failures > 10)
    }
}
