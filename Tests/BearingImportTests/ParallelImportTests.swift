import BearingFiles
import BearingImport
import BearingPanel
import Foundation
import Testing

/// Converting runs of rows on several threads must not change anything: the same panel,
/// record, notices and errors as one thread, whatever the thread count and wherever the runs
/// split (forced small here), for clean and broken inputs alike.
@Suite struct ParallelImportTests {
    static func mapping(_ yaml: String) throws -> ColumnMapping {
        try ConfigDecoder().decode(ColumnMapping.self, from: yaml, file: "map.yaml")
    }

    /// Imports `bytes` on one thread, then on 2, 3 and 7 with runs of at least `runBytes`.
    static func outcomes(
        _ bytes: [UInt8], options: ExportOptions, runBytes: Int = 256, fileName: String = "<memory>"
    ) -> [Result<ImportResult, ImportFailure>] {
        [1, 2, 3, 7].map { threads in
            Result { () throws(ImportFailure) -> ImportResult in
                try ExportImporter.importBytes(
                    bytes, options: options, fileName: fileName, chunkSize: 1 << 16, threads: threads,
                    parallelThreshold: 0, minimumRunBytes: runBytes)
            }
        }
    }

    /// Every outcome equals the one-thread outcome (panel, record and notices, or errors).
    static func expectSame(_ outcomes: [Result<ImportResult, ImportFailure>]) {
        switch outcomes[0] {
        case .success(let single):
            for outcome in outcomes.dropFirst() {
                guard case .success(let parallel) = outcome else {
                    Issue.record("one thread imported, several failed: \(outcome)")
                    continue
                }
                #expect(parallel.panel == single.panel)
                #expect(parallel.record == single.record)
                #expect(parallel.notices == single.notices)
            }
        case .failure(let single):
            for outcome in outcomes.dropFirst() {
                guard case .failure(let parallel) = outcome else {
                    Issue.record("one thread failed, several imported")
                    continue
                }
                #expect(parallel.errors.map(\.description) == single.errors.map(\.description))
                #expect(parallel.totalCount == single.totalCount)
            }
        }
    }

    @Test(arguments: [MessyExport.Style.american, .european])
    func aMessyExportImportsTheSameOnAnyThreadCount(style: MessyExport.Style) throws {
        let clean = try TestPanels.simulated(customers: [300, 150, 50])
        let messy = MessyExport(style: style).render(clean)
        let options = ExportOptions(mapping: try Self.mapping(messy.mapping))
        let outcomes = Self.outcomes(messy.bytes, options: options, runBytes: 4096)
        #expect(try outcomes[0].get().panel == clean)
        Self.expectSame(outcomes)
    }

    @Test func defaultsOpenPeriodsAndCategoricalsMergeInFirstAppearanceOrder() throws {
        // No segment column (every run interns "all" itself), categorical levels that appear
        // in a different order in each run, an open period.
        var rows = ["customer_id,period,arr,churned,attribute.plan,outcome.x"]
        let plans = ["gold", "silver", "bronze", "tin"]
        for c in 0..<400 {
            for q in 1...4 {
                let plan = q == 2 && c % 7 == 0 ? "" : plans[(c * 3 + q) % (1 + c / 100)]
                rows.append("c\(c),2024-Q\(q),\(100 + c),\(q == 4 ? "" : "0"),\(plan),\(c % 5)")
            }
        }
        let mapping = try Self.mapping(
            """
            columns:
              customer_id: customer_id
              period: period
              arr: arr
              churned: churned
              attribute.plan: { from: "attribute.plan", categorical: true }
              outcome.x: outcome.x
            """)
        let options = ExportOptions(mapping: mapping, openPeriod: Period(year: 2024, quarter: 4))
        let outcomes = Self.outcomes(Array(rows.joined(separator: "\r\n").utf8), options: options)
        let single = try outcomes[0].get()
        #expect(single.panel.features.map(\.name).contains("attribute.plan=tin"))
        Self.expectSame(outcomes)
    }

    @Test func theGrainIsSettledWhereOneThreadSettlesIt() throws {
        // Dates and no grain: quarters by default, with invalid periods before the first date
        // (their messages name no grain) and month labels after it (moved to quarters).
        var rows = ["customer_id,period,arr,churned"]
        for c in 0..<300 {
            let period =
                c < 3 ? "someday" : c < 150 ? "2024-0\(1 + c % 9)-15" : "2024-0\(1 + c % 9)"
            rows.append("c\(c),\(period),100,0")
        }
        let bytes = Array(rows.joined(separator: "\n").utf8)
        let outcomes = Self.outcomes(bytes, options: ExportOptions(), runBytes: 64)
        guard case .failure(let failure) = outcomes[0] else {
            Issue.record("the invalid periods should fail the import")
            return
        }
        #expect(failure.errors.count == 3)
        #expect(failure.errors[0].description.contains("a period like 2025-Q2 or 2025-06"))
        Self.expectSame(outcomes)

        let good = [rows[0]] + rows.dropFirst(4)
        let goodOutcomes = Self.outcomes(Array(good.joined(separator: "\n").utf8), options: ExportOptions(), runBytes: 64)
        let single = try goodOutcomes[0].get()
        #expect(single.panel.granularity == .quarter)
        #expect(single.record.options["period_grain_defaulted"] == "true")
        #expect(single.record.conversions.monthsToQuarters > 0)
        Self.expectSame(goodOutcomes)

        // Month labels first: the grain is months, and a quarter label later is an error.
        let months = ["customer_id,period,arr,churned"] + (0..<200).map { "c\($0),\($0 == 150 ? "2024-Q1" : "2024-05"),1,0" }
        let monthOutcomes = Self.outcomes(Array(months.joined(separator: "\n").utf8), options: ExportOptions(), runBytes: 64)
        guard case .failure(let mixed) = monthOutcomes[0] else {
            Issue.record("a quarter label under a month grain should fail")
            return
        }
        #expect(mixed.errors.map(\.kind) == [.mixedGranularity])
        Self.expectSame(monthOutcomes)
    }

    @Test func errorsOfEveryRunComeInFileOrder() throws {
        // Bad cells (converting), feature cells (committing), duplicate rows and rows after
        // churn (cross-row, across runs), more than the 50 kept.
        var rows: [String] = []
        for c in 0..<3000 {
            for q in 1...4 {
                var arr = "100"
                if c % 97 == 5, q == 2 { arr = "oops" }
                let feature = c % 89 == 11 && q == 3 ? "x" : "1"
                rows.append("c\(c),2024-Q\(q),\(arr),\(c % 211 == 3 && q == 1 ? 1 : 0),\(feature)")
                if c % 131 == 7, q == 3 { rows.append("c\(c),2024-Q\(q),100,0,1") }
            }
        }
        // A duplicate far from its first row (in another run).
        rows.append("c1,2024-Q1,100,0,1")
        let bytes = Array((["customer_id,period,arr,churned,outcome.f"] + rows).joined(separator: "\n").utf8)
        let outcomes = Self.outcomes(bytes, options: ExportOptions(), runBytes: 2048)
        guard case .failure(let single) = outcomes[0] else {
            Issue.record("the import should fail")
            return
        }
        #expect(single.errors.count == 50 && single.totalCount > 50)
        let lines = single.errors.compactMap(\.line)
        #expect(lines == lines.sorted())
        #expect(Set(single.errors.map(\.kind)).isSuperset(of: [.invalidNumber, .duplicateRow]))
        Self.expectSame(outcomes)
    }

    @Test func quotedCellsAndQuoteProblemsReadAsOneThreadReadsThem() throws {
        let header = "customer_id,period,arr,churned,segment,outcome.x,outcome.y"
        var good: [String] = []
        for c in 0..<200 {
            good.append(#"c\#(c),2024-Q1,1,0,"Seg ""A""","1.5","$1,200""#)
            good.append("d\(c),2024-Q1,1,0,\"multi\nline\",2,3")
        }
        Self.expectSame(Self.outcomes(Array(([header] + good).joined(separator: "\n").utf8), options: ExportOptions()))

        // A stray quote upsets quote parity: every error after it must still be found where
        // one thread finds it.
        var bad = good
        bad[30] = #"c15,2024-Q1,1,0,Seg "A,1,2"#
        bad[301] = "e1,2024-Q1,oops,0,S,1,2"
        let outcomes = Self.outcomes(Array(([header] + bad).joined(separator: "\n").utf8), options: ExportOptions())
        guard case .failure(let single) = outcomes[0] else {
            Issue.record("the import should fail")
            return
        }
        #expect(single.errors.map(\.kind) == [.malformedQuote, .invalidNumber])
        Self.expectSame(outcomes)
    }

    @Test func aLargeFileImportsTheSameAsTheStreamingPath() throws {
        let clean = try TestPanels.simulated(customers: [300, 150, 50])
        let messy = MessyExport(style: .american).render(clean)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bearing-parallel-\(UUID()).csv")
        try Data(messy.bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let options = ExportOptions(mapping: try Self.mapping(messy.mapping))
        let streamed = try ExportImporter.importFile(at: url, options: options, threads: 1)
        let parallel = try ExportImporter.importFile(
            at: url, options: options, threads: 2, parallelThreshold: 0, minimumRunBytes: 4096)
        #expect(parallel.panel == streamed.panel)
        #expect(parallel.record == streamed.record)
        #expect(streamed.record.sources.first?.sha256 == parallel.record.sources.first?.sha256)
    }
}

/// Cells with doubled quotes are collapsed into a scratch block, never in the input: the file
/// hashed on another thread is the file on disk, and a bad row re-read by the diagnosis shows
/// its cells as one thread does.
@Suite struct DoubledQuoteTests {
    static let header = "customer_id,period,arr,churned,segment,csm_id,outcome.x,outcome.y"

    static func rows(badAt bad: Int?) -> [UInt8] {
        var lines = [header]
        for c in 0..<300 {
            let x = c == bad ? #""1""5""# : #""1.5""#
            lines.append(#""c""\#(c)""","2024-Q1","$1,200",0,"Seg ""A""","CSM ""\#(c % 7)""",\#(x),"2""000""#)
        }
        return Array(lines.joined(separator: "\r\n").utf8)
    }

    @Test func cellsWithDoubledQuotesReadTheSameOnAnyThreadCount() throws {
        let outcomes = ParallelImportTests.outcomes(Self.rows(badAt: nil), options: ExportOptions())
        guard case .failure(let single) = outcomes[0] else {
            Issue.record("\"2\"\"000\" is not a number: the import should fail")
            return
        }
        #expect(single.totalCount == 300)
        ParallelImportTests.expectSame(outcomes)
    }

    @Test func aBadRowIsDiagnosedFromTheCollapsedCells() throws {
        var bytes = Self.rows(badAt: 150)
        // Make every outcome.y cell a number, so that row 150's outcome.x is the only error.
        let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: #""2""000""#, with: "2000")
        bytes = Array(text.utf8)
        let outcomes = ParallelImportTests.outcomes(bytes, options: ExportOptions())
        guard case .failure(let single) = outcomes[0] else {
            Issue.record("row 150 should fail")
            return
        }
        #expect(single.errors.count == 1)
        #expect(single.errors.first?.line == 152)
        #expect(single.errors.first?.description.hasSuffix(#"found "1\"5""#) == true, "\(single.errors)")
        ParallelImportTests.expectSame(outcomes)

        let good = Array(
            String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: #""1""5""#, with: "1.5").utf8)
        let imported = ParallelImportTests.outcomes(good, options: ExportOptions())
        guard case .success(let panel) = imported[0] else {
            Issue.record("the clean rows should import: \(imported[0])")
            return
        }
        #expect(panel.panel.customerIDs.first == #"c"0""#)
        #expect(panel.panel.segmentNames == [#"Seg "A""#])
        #expect(panel.panel.csmIDs.contains(#"CSM "3""#))
        ParallelImportTests.expectSame(imported)
    }

    @Test func theHashIsTheFileOnDisk() throws {
        var lines = [Self.header]
        for c in 0..<1200 { lines.append(#""c""\#(c)""",2024-Q1,"$1,200",0,"Seg ""A""",,1.5,2"#) }
        let bytes = Array(lines.joined(separator: "\n").utf8)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bearing-quotes-\(UUID()).csv")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let parallel = try ExportImporter.importFile(at: url, threads: 2, parallelThreshold: 0, minimumRunBytes: 4096)
        let streamed = try ExportImporter.importFile(at: url, threads: 1)
        #expect(parallel.record.sources.first?.sha256 == FileDigest.sha256(bytes))
        #expect(streamed.record.sources.first?.sha256 == FileDigest.sha256(bytes))
        #expect(parallel.panel == streamed.panel)
        #expect(parallel.panel.customerIDs.last == #"c"1199""#)
    }
}

extension ParallelImportTests {
    /// Runs are split at guessed row ends before quote parity is known: on random exports with
    /// line feeds inside quoted cells (some rows all quoted lines, some with a stray quote),
    /// every thread count gives the one-thread outcome, whether a guess lands inside a quoted
    /// cell or not.
    @Test func guessedSplitsInsideQuotedCellsChangeNothing() {
        var rng = SplitMixForTests(state: 23)
        var imported = 0
        for round in 0..<12 {
            var lines = ["customer_id,period,arr,churned,segment,notes,outcome.x"]
            for c in 0..<120 {
                let note = (0..<Int(rng.next() % 4)).map { "line \($0)" }.joined(separator: "\n")
                let segment = rng.next() % 3 == 0 ? "\"S\(c % 3)\n\"" : "S\(c % 3)"
                lines.append("c\(c),2024-Q1,\(rng.next() % 900),0,\(segment),\"\(note)\",\(c)")
            }
            if round % 3 == 2 { lines[Int(rng.next() % 100) + 1] += "\"" }
            let outcomes = Self.outcomes(
                Array(lines.joined(separator: "\n").utf8), options: ExportOptions(), runBytes: 64)
            if case .success = outcomes[0] { imported += 1 }
            Self.expectSame(outcomes)
        }
        // Both kinds of outcome were compared: the stray quotes fail, the rest import.
        #expect(imported == 8)
    }
}
