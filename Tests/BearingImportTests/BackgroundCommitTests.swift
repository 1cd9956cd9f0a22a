import BearingFiles
import BearingImport
import BearingPanel
import Foundation
import Testing

/// Committing rows on a second thread while the first converts the next batch must not change
/// anything: the same panel, record and errors as committing in line, for inputs spanning many
/// batches (4,096 rows each) and for errors found by either thread.
@Suite struct BackgroundCommitTests {
    static func mapping(_ yaml: String) throws -> ColumnMapping {
        try ConfigDecoder().decode(ColumnMapping.self, from: yaml, file: "map.yaml")
    }

    /// Imports `bytes` in line and in the background; returns both outcomes.
    static func both(
        _ bytes: [UInt8], options: ExportOptions, fileName: String = "<memory>"
    ) -> [Result<ImportResult, ImportFailure>] {
        [Int.max, 0].map { threshold in
            Result { () throws(ImportFailure) -> ImportResult in
                try ExportImporter.importBytes(
                    bytes, options: options, fileName: fileName, chunkSize: 1 << 16, backgroundThreshold: threshold)
            }
        }
    }

    @Test func aMessyExportOfManyBatchesImportsTheSameInTheBackground() throws {
        let clean = try TestPanels.simulated(customers: [900, 450, 150])
        #expect(clean.rowCount > 3 * 4096)
        let messy = MessyExport(style: .american).render(clean)
        let options = ExportOptions(mapping: try Self.mapping(messy.mapping))
        let outcomes = Self.both(messy.bytes, options: options)
        let inline = try outcomes[0].get()
        let background = try outcomes[1].get()
        #expect(inline.panel == clean)
        #expect(background.panel == clean)
        #expect(background.record == inline.record)
        #expect(background.notices == inline.notices)
    }

    @Test func errorsOfBothThreadsComeInFileOrder() throws {
        // Bad cells (found while converting) and duplicate rows and rows after churn (found
        // while committing), spread over several batches, more than the 50 kept.
        var rows: [String] = []
        for c in 0..<3000 {
            for q in 1...4 {
                var arr = "100"
                if c % 97 == 5, q == 2 { arr = "oops" }
                rows.append("c\(c),2024-Q\(q),\(arr),\(c % 211 == 3 && q == 1 ? 1 : 0)")
                if c % 131 == 7, q == 3 { rows.append("c\(c),2024-Q\(q),100,0") }
            }
        }
        let bytes = Array((["customer_id,period,arr,churned"] + rows).joined(separator: "\n").utf8)
        let outcomes = Self.both(bytes, options: ExportOptions())
        var failures: [ImportFailure] = []
        for outcome in outcomes {
            guard case .failure(let failure) = outcome else {
                Issue.record("the import should fail")
                return
            }
            failures.append(failure)
        }
        #expect(failures[0].errors.count == 50 && failures[0].totalCount > 50)
        #expect(failures[1].errors.map(\.description) == failures[0].errors.map(\.description))
        #expect(failures[1].totalCount == failures[0].totalCount)
        let lines = failures[1].errors.compactMap(\.line)
        #expect(lines == lines.sorted())
        let kinds = Set(failures[1].errors.map(\.kind))
        #expect(kinds.contains(.invalidNumber) && kinds.count > 1)
    }

    @Test func quotedAndDoubledQuoteCellsAreReadByTheCommitterToo() throws {
        let header = "customer_id,period,arr,churned,segment,outcome.x,outcome.y"
        let good = [
            #"a,2024-Q1,1,0,"Seg ""A""","1.5",2"#,
            #"b,2024-Q1,1,0,"Seg ""A""",3,"$1,200""#,
        ]
        let bytes = Array(([header] + good).joined(separator: "\n").utf8)
        for outcome in Self.both(bytes, options: ExportOptions()) {
            let panel = try outcome.get().panel
            #expect(panel.segmentNames == [#"Seg "A""#])
            #expect(panel.features.map(\.values) == [[1.5, 3], [2, 1200]])
        }
        let bad = good + [#"c,2024-Q1,1,0,"Seg ""A""","""4""",5"#, #"d,2024-Q1,1,0,B,6,"7""x""""#]
        let badBytes = Array(([header] + bad).joined(separator: "\n").utf8)
        for outcome in Self.both(badBytes, options: ExportOptions()) {
            guard case .failure(let failure) = outcome else {
                Issue.record("the import should fail")
                continue
            }
            #expect(
                failure.errors.map(\.description) == [
                    #"<memory>:4: column 6 (outcome.x): expected a number, a boolean or an empty cell, found "\"4\"""#,
                    #"<memory>:5: column 7 (outcome.y): expected a number, a boolean or an empty cell, found "7\"x\"""#,
                ])
        }
    }
}
