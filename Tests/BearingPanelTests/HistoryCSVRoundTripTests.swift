import BearingPanel
import Foundation
import Testing
import _TestSupport

@Suite struct HistoryCSVRoundTripTests {
    typealias Row = PanelSamples.Row

    @Test func awkwardPanelRoundTripsInMemory() throws {
        let panel = PanelSamples.awkwardQuarterly
        let bytes = HistoryCSVWriter.encode(panel)
        let read = try HistoryCSVReader.read(bytes: bytes)
        #expect(read == panel)
        #expect(read.missingCounts == [2, 2, 2])
    }

    @Test func writerQuotesOnlyWhenNeededAndWritesShortNumbers() {
        let q1 = Period(year: 2025, quarter: 1)
        let panel = PanelSamples.panel(
            granularity: .quarter, features: ["outcome.a", "experience.b"], hasCSM: false, hasMilestones: false,
            rows: [
                Row(customer: "a,b", period: q1, arr: 1200, expansion: 0.1, contraction: 1e20, features: [.nan, 2.5]),
                Row(customer: "say \"hi\"", period: q1, arr: -0.0, churned: true, features: [0.1, 1e-5]),
            ])
        let text = String(decoding: HistoryCSVWriter.encode(panel), as: UTF8.self)
        let lines = [
            "customer_id,period,segment,fit,arr,churned,expansion_arr,contraction_arr,outcome.a,experience.b",
            #""a,b",2025-Q1,smb,good,1200,0,0.1,1e+20,,2.5"#,
            #""say ""hi""",2025-Q1,smb,good,0,1,0,0,0.1,1e-05"#,
        ]
        #expect(text == lines.map { $0 + "\n" }.joined())
    }

    func monthlyRow(_ i: Int) -> Row {
        let feature: Float = i % 3 == 0 ? .nan : Float(i) / 3
        return Row(
            customer: "c\(i % 7)", period: Period(year: 2024, month: 12).advanced(by: i / 7),
            segment: i % 2 == 0 ? "a" : "b", arr: Double(i) * 10.25, features: [feature])
    }

    @Test func monthlyPanelWithoutOptionalColumnsRoundTrips() throws {
        let jan = Period(year: 2024, month: 12)
        let panel = PanelSamples.panel(
            granularity: .month, features: ["outcome.x"], hasCSM: false, hasMilestones: false,
            rows: (0..<30).map(monthlyRow))
        let bytes = HistoryCSVWriter.encode(panel)
        let header = String(decoding: bytes.prefix(while: { $0 != 10 }), as: UTF8.self)
        #expect(header == "customer_id,period,segment,fit,arr,churned,expansion_arr,contraction_arr,outcome.x")
        #expect(String(decoding: bytes, as: UTF8.self).contains("2025-01"))
        let (read, summary) = try HistoryCSVReader().readWithSummary(bytes: bytes)
        #expect(read == panel)
        #expect(!read.hasCSMColumn && !read.hasMilestoneColumns)
        #expect(summary.rows == 30 && summary.customers == 7 && summary.periods == 5)
        #expect(summary.firstPeriod == jan && summary.lastPeriod == jan.advanced(by: 4))
        #expect(summary.missing("outcome.x") == 10)
    }

    @Test func streamingWriterAppendsChunksAtomically() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("history.csv")
        let panel = PanelSamples.awkwardQuarterly
        let writer = try HistoryCSVWriter(creating: url, shapeOf: panel)
        try writer.append(panel, rows: 0..<2)
        #expect(!FileManager.default.fileExists(atPath: url.path))
        try writer.append(panel, rows: 2..<panel.rowCount)
        try writer.finish()
        #expect(writer.rowsWritten == panel.rowCount)
        #expect(try HistoryCSVReader.read(contentsOf: url) == panel)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["history.csv"])
    }

    @Test func abandonedWriterLeavesNothing() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("history.csv")
        do {
            let writer = try HistoryCSVWriter(creating: url, shapeOf: PanelSamples.awkwardQuarterly)
            try writer.append(PanelSamples.awkwardQuarterly)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func writerRejectsPanelOfAnotherShape() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let writer = try HistoryCSVWriter(
            creating: directory.appendingPathComponent("h.csv"), featureNames: ["outcome.a"], hasCSMColumn: true,
            hasMilestoneColumns: true)
        #expect(throws: PanelError.self) { try writer.append(PanelSamples.awkwardQuarterly) }
        writer.abandon()
    }

    @Test func atomicOutputReplacesOnlyOnCommit() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("summary.json")
        try AtomicOutput.write(Array("old".utf8), to: url)
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try AtomicOutput.write(to: url) { output in
                try output.write("new")
                throw Boom()
            }
        }
        #expect(try String(contentsOf: url, encoding: .utf8) == "old")
        try AtomicOutput.write(to: url) { try $0.write("new") }
        #expect(try String(contentsOf: url, encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["summary.json"])
    }

    @Test func missingDirectoryIsAnIOError() {
        let url = URL(fileURLWithPath: "/nonexistent-bearing-dir/h.csv")
        #expect(throws: PanelError.self) { try HistoryCSVWriter.write(PanelSamples.awkwardQuarterly, to: url) }
        do {
            _ = try HistoryCSVReader.read(contentsOf: url)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .io)
            #expect(error.description.hasPrefix("/nonexistent-bearing-dir/h.csv: expected a readable file, found "))
        }
    }
}

@Suite struct NumberFormattingTests {
    /// Every Float the writer emits reads back bit for bit (missing aside), and is never
    /// longer than the standard library's shortest form.
    @Test func floatsRoundTripAndStayShort() throws {
        var rng = SplitMix64(state: 99)
        var values: [Float] = [
            0.1, 0.054, -12.5, 1e-4, 9.999999e6, 1e7, 3.4e38, -Float.leastNonzeroMagnitude, 0.3333333, 100.01, 1.0e-5, 2e7, 16777216, 123456792,
        ]
        for _ in 0..<5_000 {
            switch rng.below(3) {
            case 0: values.append(Float(bitPattern: UInt32(truncatingIfNeeded: rng.next())))
            case 1: values.append(Float(Double(rng.below(2_000_000) - 1_000_000) / [10, 100, 1000, 1e6][rng.below(4)]))
            default: values.append(Float(bitPattern: 0x3800_0000 + UInt32(rng.below(0x1000_0000))))
            }
        }
        values = values.map { $0.isFinite ? $0 : 0.5 }
        let rows = values.indices.map { i in
            PanelSamples.Row(customer: "c\(i)", period: Period(year: 2025, quarter: 1), features: [values[i]])
        }
        let panel = PanelSamples.panel(
            granularity: .quarter, features: ["outcome.x"], hasCSM: false, hasMilestones: false, rows: rows)
        let bytes = HistoryCSVWriter.encode(panel)
        let read = try HistoryCSVReader.read(bytes: bytes)
        var mismatches = 0
        for (a, b) in zip(read.features[0].values, values) where a.bitPattern != b.bitPattern && !(a == 0 && b == 0) {
            mismatches += 1
        }
        #expect(mismatches == 0)
        let cells = String(decoding: bytes, as: UTF8.self).split(separator: "\n").dropFirst().map { $0.split(separator: ",").last ?? "" }
        var longer: [String] = []
        for (cell, value) in zip(cells, values) where cell.count > value.description.count {
            longer.append("\(cell) vs \(value.description)")
        }
        let longerCount = longer.count
        #expect(longerCount == 0, "\(longer.prefix(5))")
    }

    @Test func doublesRoundTrip() throws {
        var rng = SplitMix64(state: 5)
        var amounts: [Double] = [0, 1200, 0x1p53, 0x1p53 + 2, 1e300, Double.leastNonzeroMagnitude, 0.1, 123456789.125]
        for _ in 0..<3_000 {
            let d = Double(bitPattern: rng.next() >> 1)
            amounts.append(d.isFinite ? d : 1)
            amounts.append(Double(rng.below(100_000_000)) / 100)
        }
        let rows = amounts.indices.map { i in
            PanelSamples.Row(customer: "c\(i)", period: Period(year: 2025, month: 1), arr: amounts[i])
        }
        let panel = PanelSamples.panel(granularity: .month, features: [], rows: rows)
        let read = try HistoryCSVReader.read(bytes: HistoryCSVWriter.encode(panel))
        let mismatches = zip(read.arr, amounts).filter { $0.bitPattern != $1.bitPattern }.count
        #expect(mismatches == 0)
    }
}

@Suite struct FixtureTests {
    /// A hand-written export: byte order mark, CRLF, quoted ids with commas, doubled quotes
    /// and a newline, empty optional and feature cells.
    @Test func readsHandWrittenFixture() throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/history-small", withExtension: "csv"))
        let (panel, summary) = try HistoryCSVReader().readWithSummary(contentsOf: url, fileName: "history-small.csv")
        #expect(panel.customerIDs == ["Acme, Inc.", #"The "Widget" Co"#, "multi\nline id"])
        #expect(panel.segmentNames == ["enterprise", "smb"])
        #expect(panel.csm == [0, 0, -1, 1, 1])
        #expect(panel.arr == [120_000, 120_000, 9000, 8500, 1200.5])
        #expect(panel.churned == [false, false, false, true, true])
        #expect(panel.milestoneReached == [0, 1, -1, -1, 0])
        #expect(panel.fit == [.good, .good, .stretch, .stretch, .bad])
        #expect(panel.features[0].values.map { $0.isNaN ? 99 : $0 } == [0.25, 0.4, -0.1, 99, -0.15])
        #expect(summary.missingPerFeature.map(\.count) == [1, 2, 1])
        #expect(summary.rows == 5 && summary.customers == 3 && summary.periods == 2)
        // Written back and read again: the same panel.
        #expect(try HistoryCSVReader.read(bytes: HistoryCSVWriter.encode(panel)) == panel)
    }
}
