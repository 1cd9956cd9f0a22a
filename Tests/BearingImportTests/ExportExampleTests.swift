import BearingFiles
import BearingImport
import BearingPanel
import Foundation
import Testing

/// The worked example Scenarios/examples/crm-export.csv with its mapping, checked value by
/// value against the file (the expected numbers are read off the export by hand).
@Suite struct ExportExampleTests {
    @Test func crmExportImports() throws {
        let dir = TestPanels.examples
        let mapping = try ConfigDecoder().decode(
            ColumnMapping.self, fromFile: dir.appendingPathComponent("crm-export.columns.yaml").path)
        let q3 = Period(year: 2024, quarter: 3)
        let result = try ExportImporter.importFile(
            at: dir.appendingPathComponent("crm-export.csv"), options: ExportOptions(mapping: mapping, openPeriod: q3),
            fileName: "crm-export.csv")
        let p = result.panel
        #expect(p.customerIDs == ["A-100", "B-200", "C-300", "D-400"])
        #expect(
            p.period.map(\.label) == [
                "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q1", "2024-Q2", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q1", "2024-Q2", "2024-Q3",
            ])
        #expect(p.arr == [18000, 18000, 20400, 4800, 4200, 3000, 3000, 3000, 72500.5, 72500.5, 82500.5])
        #expect(p.expansionARR == [0, 2400, 0, 0, 0, 0, 0, 0, 0, 10000, 0])
        #expect(p.contractionARR == [0, 0, 0, 600, 0, 0, 0, 0, 0, 0, 0])
        #expect(p.churned == [false, false, false, false, true, false, false, false, false, false, false])
        #expect(p.outcomeKnown == [true, true, false, true, true, true, true, false, true, true, false])
        #expect(p.fit.map(\.label) == ["good", "good", "good", "stretch", "stretch", "bad", "bad", "bad", "good", "good", "good"])
        #expect(p.csm.map { $0 < 0 ? "" : p.csmIDs[Int($0)] } == ["jane", "jane", "jane", "tom", "tom", "", "", "", "ana", "ana", "ana"])
        func column(_ name: String) -> [Float] { p.feature(named: name)?.values ?? [] }
        func same(_ a: [Float], _ b: [Float]) -> Bool { a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) } }
        #expect(same(column("outcome.usage_trend"), [0.125, 0.08, -0.035, -0.1, -0.255, 0, 0.015, 0.02, 0.2, 0.1825, 0.15]))
        #expect(same(column("experience.nps"), [40, .nan, 35, -20, .nan, .nan, 10, .nan, 60, 55, 58]))
        #expect(same(column("experience.csat"), [4.5, 4.6, .nan, 3.9, 3.1, 4.0, 4.1, .nan, 4.8, 4.7, 4.9]))
        #expect(same(column("attribute.seats"), [25, 30, 30, 5, 5, 3, 3, 3, 1200, 1350, 1350]))
        #expect(same(column("attribute.plan=Basic"), [0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0]))
        #expect(same(column("attribute.plan=Enterprise"), [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1]))
        #expect(same(column("attribute.plan=Pro"), [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]))
        #expect(
            p.features.map(\.name) == [
                "outcome.usage_trend", "experience.nps", "experience.csat", "engagement.days_since_contact",
                "attribute.plan=Basic", "attribute.plan=Enterprise", "attribute.plan=Pro", "attribute.seats",
            ])
        let r = result.record
        #expect(r.columnsIgnored == ["Account Name", "Notes"])
        #expect(r.unknownOutcomeRows == 3 && r.rowsRead == 11 && r.rowsWritten == 11)
        #expect(r.conversions.datesToPeriods == 11 && r.conversions.currencyStripped == 33)
        #expect(r.conversions.accountingNegatives == 1 && r.conversions.percentToFraction == 11)
        #expect(r.conversions.missingTokens == 7 && r.conversions.booleansMapped == 6)
        #expect(r.columns.first { $0.panelColumn == "fit" }?.how == "header")
    }
}
