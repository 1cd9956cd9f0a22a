import BearingPanel
import Testing

/// Tiny read chunks put every byte (quotes, CR/LF pairs, the byte order mark, doubled
/// quotes) on a chunk boundary somewhere; the panel and summary must not change.
@Suite struct ChunkBoundaryTests {
    static let chunkSizes = [1, 2, 3, 5, 7, 13, 64, 1 << 20]

    static func awkwardBytes(crlf: Bool, bom: Bool, finalNewline: Bool) -> [UInt8] {
        var bytes: [UInt8] = []
        var inQuotes = false
        for b in HistoryCSVWriter.encode(PanelSamples.awkwardQuarterly) {
            if b == UInt8(ascii: "\"") { inQuotes.toggle() }
            // Row ends become CRLF; the newline inside the quoted id stays a bare LF.
            if b == 10, !inQuotes, crlf { bytes.append(13) }
            bytes.append(b)
        }
        if !finalNewline {
            bytes.removeLast()
            if crlf { bytes.removeLast() }
        }
        return (bom ? [0xEF, 0xBB, 0xBF] : []) + bytes
    }

    @Test(arguments: [(false, false, true), (true, false, true), (true, true, false), (false, true, false)])
    func sameResultForEveryChunkSize(_ shape: (crlf: Bool, bom: Bool, finalNewline: Bool)) throws {
        let bytes = Self.awkwardBytes(crlf: shape.crlf, bom: shape.bom, finalNewline: shape.finalNewline)
        if shape.crlf { #expect(bytes.contains(13)) }
        let reference = PanelSamples.awkwardQuarterly
        for chunkSize in Self.chunkSizes {
            let (panel, summary) = try HistoryCSVReader(chunkSize: chunkSize).readWithSummary(bytes: bytes)
            #expect(panel == reference, "chunk size \(chunkSize)")
            #expect(summary.rows == 5 && summary.customers == 3 && summary.bytesRead == bytes.count)
        }
    }

    @Test func quotedFieldsAndDoubledQuotesAcrossBoundaries() throws {
        let header = "customer_id,period,segment,fit,arr,churned,expansion_arr,contraction_arr,outcome.a"
        let rows = [
            #""""q""","2025-Q1",seg,good,"10",0,0,0,"""#,
            #""a""""b",2025-Q1,"s,e,g",stretch,1.25e3,0,0,0,"-0.5""#,
            #""x"",y",2025-Q1,"""quoted""",bad,0,1,,0,"#,
        ]
        let text = ([header] + rows).joined(separator: "\r\n")
        var results: [HistoryPanel] = []
        for chunkSize in Self.chunkSizes {
            do {
                results.append(try HistoryCSVReader(chunkSize: chunkSize).readWithSummary(bytes: Array(text.utf8)).panel)
            } catch {
                // Row 3 has an empty expansion_arr: every chunk size must stop at the same place.
                #expect(error.kind == .emptyCell && error.line == 4 && error.column == 7, "\(error)")
            }
        }
        #expect(results.isEmpty)
        let fixed = text.replacingOccurrences(of: "bad,0,1,,0,", with: "bad,0,1,2,0,")
        for chunkSize in Self.chunkSizes {
            let panel = try HistoryCSVReader(chunkSize: chunkSize).readWithSummary(bytes: Array(fixed.utf8)).panel
            #expect(panel.customerIDs == [#""q""#, #"a""b"#, #"x",y"#])
            #expect(panel.segmentNames == ["seg", "s,e,g", #""quoted""#])
            #expect(panel.arr == [10, 1250, 0])
            #expect(panel.expansionARR == [0, 0, 2])
            #expect(panel.features[0].values[0].isNaN && panel.features[0].values[1] == -0.5)
            #expect(panel.features[0].values[2].isNaN)
        }
    }

    /// A generated panel (more rows than one 4096-row batch) read in small odd chunks (rows
    /// longer than a chunk, buffer growth).
    @Test func generatedPanelWithOddChunks() throws {
        var rng = SplitMix64(state: 3)
        let features = ["outcome.a", "experience.b", "engagement.c"]
        var rows: [PanelSamples.Row] = []
        for c in 0..<1100 {
            for q in 0..<4 {
                let values: [Float] = (0..<3).map { _ in
                    rng.below(10) == 0 ? .nan : Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()) & 0x3FFF_FFFF)
                }
                rows.append(
                    PanelSamples.Row(
                        customer: rng.below(5) == 0 ? "id \"\(c)\",\nx" : "cust-\(c)",
                        period: Period(year: 2024, quarter: 1).advanced(by: q), segment: ["a", "b,c"][c % 2],
                        arr: Double(rng.below(1_000_000)) / 100, features: values))
            }
        }
        let panel = PanelSamples.panel(granularity: .quarter, features: features, rows: rows)
        let bytes = HistoryCSVWriter.encode(panel)
        for chunkSize in [7, 100, 4096, 1 << 22] {
            #expect(try PanelSamples.read(bytes, chunkSize: chunkSize) == panel, "chunk size \(chunkSize)")
        }
    }
}
