import BearingContracts
import BearingPanel
import BearingVector
import Foundation
import Testing

/// `ScoresTable.render` against a row-by-row rendering through `CSVWriter`, across thread
/// counts and with labels that need CSV quoting.
@Suite struct ScoresTableRenderTests {
    struct Fixture {
        var panel: HistoryPanel
        var index: PanelIndex
        var scored: PanelScores
    }

    /// `customers` customers over four quarters (more rows than one 16,384-row block when
    /// `customers` > 4,096), some ids and segments holding commas and quotes, a few missing values.
    static func fixture(customers: Int) throws -> Fixture {
        var lines = [
            "customer_id,period,segment,fit,arr,churned,expansion_arr,contraction_arr,"
                + "outcome.usage_trend,experience.nps,engagement.days_since_contact"
        ]
        let segments = ["Small Agency", "\"Agency, Large\"", "\"The \"\"Big\"\" One\""]
        let fits = ["good", "stretch", "bad"]
        for c in 0..<customers {
            let id = c % 97 == 0 ? "\"C,\"\"\(c)\"\"\"" : "C\(c)"
            for q in 1...4 {
                let trend = Float((c * 7 + q * 13) % 200 - 100) / 137
                let nps = c % 31 == 0 && q == 2 ? "" : String(Float((c * 11 + q) % 100) / 3)
                let days = Float((c * 5 + q * 17) % 120) * 1.25
                lines.append(
                    "\(id),2025-Q\(q),\(segments[c % 3]),\(fits[c % 3]),\(1200 + c % 50),0,0,0,\(trend),\(nps),\(days)")
            }
        }
        let bytes = Array(lines.map { $0 + "\n" }.joined().utf8)
        let panel = try HistoryCSVReader.read(bytes: bytes, fileName: "render.csv")
        let weights = DefaultWeights.make(for: panel, bearingVersion: "test")
        return Fixture(panel: panel, index: PanelIndex(panel), scored: try PanelScores(panel: panel, weights: weights))
    }

    /// The leading columns as the one general CSV writer writes them, field by field.
    static func reference(_ f: Fixture) -> [UInt8] {
        let csv = CSVWriter(header: ScoresTable.columns)
        let s = f.scored.scores
        for (k, r) in f.scored.rows.enumerated() {
            let row = Int(r)
            csv.field(f.panel.customerIDs[Int(f.panel.customer[row])])
            csv.field(f.panel.period[row])
            csv.field(s.direction[k])
            csv.field(s.magnitude[k])
            csv.field(s.vectorCategory(k).label)
            csv.field(f.scored.cohorts[k].label)
            csv.field(s.churnProbability[k])
            csv.field(f.panel.segmentNames[Int(f.panel.segment[row])])
            csv.field(f.panel.fit[row].label)
            csv.endRow()
        }
        return csv.bytes
    }

    static func render(_ f: Fixture, explain: Bool, threads: Int) -> [UInt8] {
        ScoresTable.render(panel: f.panel, index: f.index, scored: f.scored, explain: explain, threads: threads)
    }

    @Test func matchesFieldByFieldWriterOnOneAndManyThreads() throws {
        let f = try Self.fixture(customers: 5_000)
        #expect(f.panel.rowCount > 16_384)
        let expected = Self.reference(f)
        for threads in [1, 2, 3] {
            let got = Self.render(f, explain: false, threads: threads)
            #expect(got.count == expected.count, "threads \(threads)")
            #expect(
                got == expected,
                "threads \(threads): first difference at byte \(zip(got, expected).enumerated().first { $1.0 != $1.1 }?.offset ?? -1)")
        }
    }

    @Test func explainIsIdenticalOnAnyThreadCountAndExtendsThePlainRows() throws {
        let f = try Self.fixture(customers: 4_500)
        let one = Self.render(f, explain: true, threads: 1)
        #expect(Self.render(f, explain: true, threads: 2) == one)
        #expect(Self.render(f, explain: true, threads: 4) == one)
        let plain = Self.render(f, explain: false, threads: 1).split(separator: 10, omittingEmptySubsequences: false)
        let explained = one.split(separator: 10, omittingEmptySubsequences: false)
        #expect(plain.count == explained.count)
        // Header and every row: the plain columns, then the explanation after a comma.
        var mismatches = 0
        for (p, e) in zip(plain, explained) where !p.isEmpty {
            if !(e.starts(with: p) && e.count > p.count && e[e.startIndex + p.count] == UInt8(ascii: ",")) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    @Test func quotedLabelsReadBack() throws {
        let f = try Self.fixture(customers: 200)
        let bytes = Self.render(f, explain: false, threads: 2)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("\n\"C,\"\"0\"\"\",2025-Q1,"))
        #expect(text.contains(",\"Agency, Large\",stretch\n"))
        #expect(text.contains(",\"The \"\"Big\"\" One\",bad\n"))
        let table = try ScoresTable.read(bytes: bytes, file: "scores.csv")
        #expect(table.rows == ScoresTable(panel: f.panel, scored: f.scored).rows)
    }

    @Test func emptyScoresAreTheHeaderOnly() throws {
        let f = try Self.fixture(customers: 3)
        let none = try PanelScores(
            panel: f.panel, weights: DefaultWeights.make(for: f.panel, bearingVersion: "test"), rows: [])
        let bytes = ScoresTable.render(panel: f.panel, index: f.index, scored: none, explain: false, threads: 2)
        #expect(String(decoding: bytes, as: UTF8.self) == ScoresTable.columns.joined(separator: ",") + "\n")
    }

    /// The chunks `render(…, to:)` emits, each copied out.
    static func chunks(_ f: Fixture, explain: Bool, threads: Int, blockRows: Int) -> [[UInt8]] {
        var chunks: [[UInt8]] = []
        ScoresTable.render(
            panel: f.panel, index: f.index, scored: f.scored, explain: explain, threads: threads, blockRows: blockRows
        ) { chunks.append(Array($0)) }
        return chunks
    }

    /// Streamed blocks of any size, on any thread count, join to the bytes in memory: the header,
    /// then one chunk per block.
    @Test(arguments: [1, 2, 3])
    func chunksJoinToTheRenderedBytesForAnyBlockSize(threads: Int) throws {
        let f = try Self.fixture(customers: 700)
        let rows = f.scored.rows.count
        for explain in [false, true] {
            let expected = Self.render(f, explain: explain, threads: 1)
            for blockRows in [1, 7, 1_000, rows - 1, rows, 16_384] {
                let chunks = Self.chunks(f, explain: explain, threads: threads, blockRows: blockRows)
                #expect(chunks.count == 1 + (rows + blockRows - 1) / blockRows, "blocks of \(blockRows)")
                #expect(chunks.joined().elementsEqual(expected), "explain \(explain), blocks of \(blockRows), \(threads) threads")
            }
        }
    }

    /// A scores file made of chunks reads whole as the rendered bytes and is written with them.
    @Test func chunkedOutputFileIsWrittenAsTheRenderedBytes() throws {
        let f = try Self.fixture(customers: 5_000)
        let expected = Self.render(f, explain: false, threads: 1)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bearing-chunked-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        for threads in [1, 2, 3] {
            let file = OutputFile(
                name: "scores-\(threads).csv",
                chunks: ScoresTable.content(panel: f.panel, index: f.index, scored: f.scored, explain: false, threads: threads))
            #expect(file.bytes == expected)
            try OutputFolder.write([file, OutputFile(name: "note.txt", bytes: Array("ok\n".utf8))], into: dir.path)
            let written = try Data(contentsOf: dir.appendingPathComponent(file.name))
            #expect(written.elementsEqual(expected), "\(threads) threads")
        }
    }

    /// When a later file of the group cannot be written, the chunked file written before it is
    /// removed too: the folder holds nothing new, not even a temporary file.
    @Test func aFailedGroupLeavesNoChunkedFile() throws {
        let f = try Self.fixture(customers: 200)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bearing-chunked-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let scores = OutputFile(
            name: "scores.csv", chunks: ScoresTable.content(panel: f.panel, index: f.index, scored: f.scored, explain: true, threads: 2))
        let unwritable = OutputFile(name: "missing-folder/scores.summary.json", bytes: Array("{}".utf8))
        #expect(throws: ContractError.self) { try OutputFolder.write([scores, unwritable], into: dir.path) }
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0 != OutputFolderLock.fileName }
        #expect(left.isEmpty, "\(left)")
    }
}
