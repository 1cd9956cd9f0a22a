import BearingPanel
import Testing

/// A parallel parse must give exactly the single-threaded result: the same panel (interned
/// ids and labels in first-appearance order, every column), the same summary, and for a bad
/// file the same first error with the same line. Chunks are forced tiny so small inputs
/// split into many.
@Suite struct ParallelReaderTests {
    static let header =
        "customer_id,period,segment,fit,csm_id,arr,churned,expansion_arr,contraction_arr,milestone,milestone_reached,"
        + "contract_term_months,renewal_date,outcome.usage_trend,experience.nps"

    /// A reader splitting anything above `minimumChunkBytes` into up to `threads` chunks.
    static func reader(threads: Int, minimumChunkBytes: Int) -> HistoryCSVReader {
        var reader = HistoryCSVReader(threads: threads, parallelMinimumBytes: 0)
        reader.minimumChunkBytes = minimumChunkBytes
        return reader
    }

    /// The rows a parallel reader splits `bytes` into after the header (at least two, or
    /// the test would prove nothing).
    static func chunkCount(_ bytes: [UInt8], threads: Int, minimumChunkBytes: Int) -> Int {
        let dataStart = (bytes.firstIndex(of: UInt8(ascii: "\n")) ?? 0) + 1
        return bytes.withUnsafeBufferPointer { buffer in
            HistoryCSVReader.rowChunks(
                buffer.baseAddress.unsafelyUnwrapped, from: dataStart, to: buffer.count, parts: threads,
                minimumBytes: minimumChunkBytes
            ).count
        }
    }

    /// Single-threaded and parallel results agree: equal panels and summaries, or equal errors.
    static func expectSame(_ bytes: [UInt8], threads: Int, minimumChunkBytes: Int, _ comment: String = "") {
        let serial = Result { () throws(PanelError) in try HistoryCSVReader().readWithSummary(bytes: bytes, fileName: "t.csv") }
        let parallel = Result { () throws(PanelError) in
            try reader(threads: threads, minimumChunkBytes: minimumChunkBytes).readWithSummary(bytes: bytes, fileName: "t.csv")
        }
        let context = "\(comment) threads \(threads), chunks >= \(minimumChunkBytes) bytes"
        switch (serial, parallel) {
        case (.success(let a), .success(let b)):
            #expect(a.panel == b.panel, "\(context)")
            #expect(a.panel.customerIDs == b.panel.customerIDs, "\(context)")
            #expect(a.panel.contracts == b.panel.contracts, "\(context)")
            #expect(a.panel.outcomeKnown == b.panel.outcomeKnown, "\(context)")
            #expect(a.summary == b.summary, "\(context)")
        case (.failure(let a), .failure(let b)):
            #expect(a == b, "\(context): \(a) vs \(b)")
        default:
            Issue.record("\(context): \(serial) vs \(parallel)")
        }
    }

    /// A simulated history: customers in blocks of consecutive quarters, churn ending some,
    /// missing and unknown cells, contract columns, and (optionally) quoted awkward ids.
    static func simulated(seed: UInt64, customers: Int, awkward: Bool, crlf: Bool = false) -> [UInt8] {
        var rng = SplitMix64(state: seed)
        var lines = [header]
        let segments = ["smb", "mid", "enterprise"]
        let fits = ["good", "stretch", "bad"]
        for c in 0..<customers {
            var id = "cust-\(c)"
            if awkward, rng.below(4) == 0 {
                id = ["\"acme, inc \(c)\"", "\"line\nbreak \(c)\"", "\"say \"\"hi\"\" \(c)\"", "\"ünï \(c)\""][rng.below(4)]
            }
            let first = rng.below(6)
            let count = 1 + rng.below(7)
            let churnAt = rng.below(3) == 0 ? rng.below(count) : -1
            for k in 0..<count {
                let quarter = first + k
                let period = "\(2022 + quarter / 4)-Q\(quarter % 4 + 1)"
                let churned = k == churnAt ? "1" : (k == count - 1 && rng.below(5) == 0 ? "" : "0")
                let csm = rng.below(4) == 0 ? "" : "csm-\(rng.below(9))"
                let milestone = rng.below(3) == 0 ? "" : ["go-live", "\"phase, 2\"", "renewal"][rng.below(3)]
                let reached = milestone.isEmpty ? "" : "\(rng.below(2))"
                let term = rng.below(3) == 0 ? "" : "\(12 * (1 + rng.below(3)))"
                let renewal = term.isEmpty ? "" : "2026-0\(1 + rng.below(9))-1\(rng.below(10))"
                let usage = rng.below(10) == 0 ? "" : "\(Double(rng.below(20_001)) / 1000 - 10)"
                let nps = rng.below(10) == 0 ? "" : "\(rng.below(201) - 100)"
                lines.append(
                    [
                        id, period, segments[rng.below(3)], fits[rng.below(3)], csm, "\(rng.below(100_000)).5", churned,
                        "\(rng.below(100))", "0", milestone, reached, term, renewal, usage, nps,
                    ].joined(separator: ","))
                if k == churnAt { break }
            }
            if awkward, rng.below(20) == 0 { lines.append("") }
        }
        let end = crlf ? "\r\n" : "\n"
        return Array(lines.map { $0 + end }.joined().utf8)
    }

    @Test(arguments: [(1 as UInt64, false, false), (2, true, false), (3, true, true), (4, false, true)])
    func simulatedHistoriesParseTheSame(_ shape: (seed: UInt64, awkward: Bool, crlf: Bool)) {
        let bytes = Self.simulated(seed: shape.seed, customers: 300, awkward: shape.awkward, crlf: shape.crlf)
        #expect(Self.chunkCount(bytes, threads: 4, minimumChunkBytes: 512) == 4)
        for threads in [2, 3, 4, 7] {
            for minimum in [1, 100, 512, 5000] {
                Self.expectSame(bytes, threads: threads, minimumChunkBytes: minimum, "seed \(shape.seed)")
            }
        }
        // And the parallel panel is the panel: not just equal to another parallel read.
        let serial = try? HistoryCSVReader().readWithSummary(bytes: bytes).panel
        #expect(serial?.rowCount ?? 0 > 300)
    }

    /// Every split position in a small file, including right at a customer change and in
    /// the middle of a customer's rows, with a byte order mark, CRLF, quoted newlines,
    /// commas and doubled quotes.
    @Test func everySplitPositionOfAnAwkwardFile() {
        let rows = [
            #""acme, inc",2025-Q1,smb,good,"csm ""7""",10,0,0,0,go-live,0,12,2026-01-31,0.5,10"#,
            #""acme, inc",2025-Q2,smb,good,,11,0,0,0,,,,,,"#,
            "\"line\nbreak\",2025-Q1,mid,bad,c2,5,0,1,0,,,24,,1e-3,-4",
            "\"line\nbreak\",2025-Q2,mid,bad,c2,5,1,1,0,,,24,,,",
            "",
            "b,2025-Q1,\"enter\nprise\",stretch,c3,7,,0,0,\"phase, 2\",1,,2027-12-01,3,5",
        ]
        for crlf in [false, true] {
            let end = crlf ? "\r\n" : "\n"
            let text = ([Self.header] + rows).map { $0 + end }.joined()
            let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(text.utf8)
            for threads in 2...16 {
                Self.expectSame(bytes, threads: threads, minimumChunkBytes: 1, "crlf \(crlf)")
            }
        }
    }

    @Test func firstErrorInFileOrderWithItsLine() throws {
        var lines = (0..<40).map { "c\($0 / 4),\(2020 + $0 % 4)-Q1,smb,good,,1,0,0,0,,,,,1,2" }
        lines[5] = "\"c\nquoted\",2021-Q1,smb,good,,1,0,0,0,,,,,1,2"  // a quoted newline shifts later lines
        lines[30] = "c7,2023-Q1,smb,good,,-1,0,0,0,,,,,1,2"  // bad arr in a late chunk
        lines[12] = "c3,2020-Q1,smb,great,,1,0,0,0,,,,,1,2"  // bad fit in an earlier chunk
        let bytes = Array(([Self.header] + lines).map { $0 + "\n" }.joined().utf8)
        #expect(Self.chunkCount(bytes, threads: 4, minimumChunkBytes: 64) == 4)
        for threads in [2, 3, 4, 8] { Self.expectSame(bytes, threads: threads, minimumChunkBytes: 64, "two errors") }
        do {
            _ = try Self.reader(threads: 4, minimumChunkBytes: 64).readWithSummary(bytes: bytes, fileName: "t.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .invalidFit)
            #expect(error.line == 15)  // header, 12 rows, one quoted newline: line 1 + 1 + 12 + 1
        }

        // Only the late error: its line counts every line of the chunks before it.
        lines[12] = "c3,2020-Q1,smb,good,,1,0,0,0,,,,,1,2"
        let late = Array(([Self.header] + lines).map { $0 + "\n" }.joined().utf8)
        for threads in [2, 3, 4, 8] { Self.expectSame(late, threads: threads, minimumChunkBytes: 64, "late error") }
        do {
            _ = try Self.reader(threads: 4, minimumChunkBytes: 64).readWithSummary(bytes: late, fileName: "t.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .invalidAmount)
            #expect(error.line == 33)
        }
    }

    @Test func crossChunkChecksMatch() {
        let good = (0..<40).map { "c\($0 / 4),\(2020 + $0 % 4)-Q1,smb,good,,1,0,0,0,,,,,1,2" }
        var duplicate = good
        duplicate.append("c1,2021-Q1,smb,good,,1,0,0,0,,,,,1,2")  // repeats row 5, chunks apart
        var afterChurn = good
        afterChurn[1] = "c0,2021-Q1,smb,good,,1,1,0,0,,,,,1,2"
        afterChurn.append("c0,2024-Q1,smb,good,,1,0,0,0,,,,,1,2")
        var mixed = good
        mixed[33] = "c8,2021-06,smb,good,,1,0,0,0,,,,,1,2"
        var unordered = good
        unordered.swapAt(36, 39)
        for (name, lines) in [("duplicate", duplicate), ("after churn", afterChurn), ("mixed", mixed), ("unordered", unordered)] {
            let bytes = Array(([Self.header] + lines).map { $0 + "\n" }.joined().utf8)
            for threads in [2, 3, 5] { Self.expectSame(bytes, threads: threads, minimumChunkBytes: 32, name) }
        }
    }
}

extension ParallelReaderTests {
    /// The word-wise quote parity equals a byte-by-byte count, for every start and end
    /// alignment and tail length, on bytes that are mostly quotes or mostly not (and on
    /// the bytes whose neighbours could fool a borrow-based zero test: 0x21, 0x23, 0xA2).
    @Test func quoteParityMatchesAByteCount() {
        var state: UInt64 = 7
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let alphabet: [UInt8] = [0x22, 0x21, 0x23, 0xA2, 0x0A, 0x2C, 0x61, 0x00]
        for density in [1, 3, 8] {
            let bytes = (0..<700).map { _ in next() % 8 < density ? UInt8(0x22) : alphabet[Int(next() % 8)] }
            bytes.withUnsafeBufferPointer { buffer in
                let base = buffer.baseAddress.unsafelyUnwrapped
                for from in 0..<40 {
                    for to in stride(from: from, through: bytes.count, by: 13) {
                        let expected = bytes[from..<to].filter { $0 == 0x22 }.count % 2 == 1
                        #expect(HistoryCSVReader.hasOddQuoteCount(base, from: from, to: to) == expected, "\(from)..<\(to)")
                    }
                }
            }
        }
    }
}
