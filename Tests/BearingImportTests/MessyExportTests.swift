import BearingFiles
import BearingImport
import BearingPanel
import Foundation
import Testing

/// The acceptance test of the export importer: a clean simulated panel written as a messy
/// export with every quirk at once imports to exactly the strict reader's panel of the clean
/// file (equal panels score identically: scoring reads nothing else).
@Suite struct MessyExportTests {
    static func mapping(_ yaml: String) throws -> ColumnMapping {
        try ConfigDecoder().decode(ColumnMapping.self, from: yaml, file: "map.yaml")
    }

    @Test(arguments: [MessyExport.Style.american, .european], [1 << 20, 97])
    func messyExportImportsToTheCleanPanel(style: MessyExport.Style, chunkSize: Int) throws {
        let clean = try TestPanels.simulated()
        let messy = MessyExport(style: style).render(clean)
        let options = ExportOptions(mapping: try Self.mapping(messy.mapping))
        let result = try ExportImporter.importBytes(messy.bytes, options: options, fileName: "crm.csv", chunkSize: chunkSize)
        #expect(result.panel == clean)
        let r = result.record
        #expect(r.rowsRead == clean.rowCount && r.rowsWritten == clean.rowCount)
        #expect(r.columnsIgnored == ["Region", "Notes"])
        #expect(r.options["delimiter"] == (style == .american ? "," : ";"))
        #expect(r.options["delimiter_detected"] == "true")
        let c = r.conversions
        #expect(c.currencyStripped > 0 && c.thousandsSeparators > 0 && c.percentToFraction > 0)
        #expect(c.booleansMapped > 0 && c.missingTokens > 0 && c.datesToPeriods > 0 && c.monthsToQuarters > 0)
        #expect(c.fitLabelsLowercased > 0 && c.defaultsFilled == 0)
        #expect(style == .american ? c.accountingNegatives > 0 : c.decimalCommas > 0)
        // The contract columns: one mapped, one matched by its header's name.
        #expect(clean.contracts != nil && c.contractTermsConverted > 0 && c.renewalDatesConverted > 0)
        #expect(r.columns.first { $0.panelColumn == "contract_term_months" }?.how == "mapping")
        #expect(r.columns.first { $0.panelColumn == "renewal_date" }?.how == "header")
        #expect(r.sources.first?.sha256 == FileDigest.sha256(messy.bytes))
        #expect(result.notices.first == "ignored 2 columns: \"Region\", \"Notes\"")
    }

    @Test func missingColumnsGetDocumentedDefaults() throws {
        let clean = try TestPanels.simulated(customers: [20, 10, 5])
        let messy = MessyExport(style: .american, dropOptionalColumns: true).render(clean)
        let result = try ExportImporter.importBytes(messy.bytes, options: ExportOptions(mapping: try Self.mapping(messy.mapping)))
        var expected = clean
        expected.segmentNames = ["all"]
        expected.segment = Array(repeating: 0, count: clean.rowCount)
        expected.fit = Array(repeating: .good, count: clean.rowCount)
        expected.expansionARR = Array(repeating: 0, count: clean.rowCount)
        expected.contractionARR = Array(repeating: 0, count: clean.rowCount)
        #expect(result.panel == expected)
        #expect(result.record.defaulted.map(\.column) == ["segment", "fit", "expansion_arr", "contraction_arr"])
        #expect(result.record.wasDefaulted("fit") && !result.record.wasDefaulted("arr"))
        #expect(result.record.conversions.defaultsFilled == 4 * clean.rowCount)
        #expect(result.notices.contains("no fit column: every row gets fit = good"))
    }

    @Test func openPeriodMarksItsRowsOutcomeUnknown() throws {
        var clean = try TestPanels.simulated(customers: [20, 10, 5])
        let last = try #require(clean.distinctPeriods.last)
        let messy = MessyExport(style: .european).render(clean)
        for r in 0..<clean.rowCount where clean.period[r] == last { clean.markOutcomeUnknown(r) }
        let options = ExportOptions(mapping: try Self.mapping(messy.mapping), openPeriod: last)
        let result = try ExportImporter.importBytes(messy.bytes, options: options)
        #expect(result.panel == clean)
        #expect(result.record.unknownOutcomeRows == clean.unknownOutcomeCount)
        #expect(result.record.options["open_period"] == last.label)
        // And the strict panel written from it round-trips the unknown outcomes.
        #expect(try HistoryCSVReader.read(bytes: HistoryCSVWriter.encode(result.panel)) == clean)
    }

    @Test func rowsHandedOverInMemoryImportTheSame() throws {
        let clean = try TestPanels.simulated(customers: [20, 10, 5])
        let (header, rows) = TestPanels.cleanCells(clean)
        let importer = try ExportRowImporter(header: header.map { $0.uppercased() }, sourceName: "query")
        for row in rows { importer.append(row.map { $0.isEmpty ? nil : $0 }) }
        let result = try importer.finish()
        #expect(result.panel == clean)
        #expect(result.record.kind == "rows" && result.record.sources.first?.sha256 == nil)
    }
}

extension MessyExportTests {
    /// Chunks of 1 MiB and more are hashed on a second thread: the digest is still the file's.
    @Test func backgroundHashingGivesTheFilesDigest() throws {
        let clean = try TestPanels.simulated(customers: [600, 300, 100])
        let messy = MessyExport(style: .american).render(clean)
        #expect(messy.bytes.count > 2 << 20)
        let result = try ExportImporter.importBytes(
            messy.bytes, options: ExportOptions(mapping: try Self.mapping(messy.mapping)), chunkSize: 1 << 20)
        #expect(result.record.sources.first?.sha256 == FileDigest.sha256(messy.bytes))
        #expect(result.panel == clean)
    }
}
