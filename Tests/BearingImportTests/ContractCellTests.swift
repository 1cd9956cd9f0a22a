import BearingPanel
import Foundation
import Testing

@testable import BearingImport

/// `contract_term_months` and `renewal_date` as exports write them: the term a whole number of
/// months however it is spelled, the renewal date in the export's date format; bad cells are
/// located errors.
@Suite struct ContractCellTests {
    func term(_ text: String, comma: Bool = false) -> (Int32?, Bool) {
        var converted = false
        var t = text
        let value = t.withUTF8 { Cells.contractTerm(Cells.trim($0), numbers: NumberReader(decimalComma: comma), converted: &converted) }
        return (value, converted)
    }

    @Test(arguments: [
        ("12", 12, false), ("1", 1, false), ("1200", 1200, false), ("12 months", 12, true), ("24mo", 24, true),
        ("1 year", 12, true), ("3 Years", 36, true), ("2 yrs", 24, true), ("Annual", 12, true), ("monthly", 1, true),
        ("QUARTERLY", 3, true), ("12.0", 12, true), ("1.5 years", 18, true), ("6 M", 6, true),
    ])
    func termsInEverySpelling(_ text: String, _ months: Int, _ converted: Bool) {
        let (value, wasConverted) = term(text)
        #expect(value == Int32(months), "\(text)")
        #expect(wasConverted == converted, "\(text)")
    }

    @Test func decimalCommaTerm() {
        #expect(term("12,0", comma: true).0 == 12)
    }

    @Test(arguments: ["0", "1201", "12.5", "twelve", "12 weeks", "$12", "12%", "-12", "(12)", "months", "1.05 years"])
    func notTerms(_ text: String) {
        #expect(term(text).0 == nil, "\(text)")
    }

    @Test func renewalDatesInTheExportFormat() throws {
        func day(_ text: String, _ pattern: String) -> (CalendarDate?, Bool) {
            var converted = false
            var t = text
            let format = DateFormat(pattern: pattern) ?? .iso
            let value = t.withUTF8 { Cells.renewalDay(Cells.trim($0), format: format, converted: &converted) }
            return (value.map { CalendarDate(dayNumber: $0) }, converted)
        }
        let date = try #require(CalendarDate(year: 2025, month: 6, day: 30))
        #expect(day("2025-06-30", "MM/DD/YYYY") == (date, false))
        #expect(day("06/30/2025", "MM/DD/YYYY") == (date, true))
        #expect(day("6/30/2025 17:00", "MM/DD/YYYY") == (date, true))
        #expect(day("30.6.2025", "DD.MM.YYYY") == (date, true))
        #expect(day("2025-06-30T00:00:00Z", "YYYY-MM-DD") == (date, true))
        #expect(day("02/30/2025", "MM/DD/YYYY").0 == nil)
        #expect(day("2025-Q2", "YYYY-MM-DD").0 == nil)
    }

    @Test func badContractCellsAreLocated() throws {
        let csv = """
            Account,Quarter,ARR,Churned,Term,Renewal Date
            a,2024-Q1,100,0,12 months,03/31/2025
            b,2024-Q1,100,0,twelve,03/31/2025
            c,2024-Q1,100,0,12,31/03/2025
            d,2024-Q1,100,0,,
            """
        let mapping = ColumnMapping(
            entries: [
                .init(panelColumn: "customer_id", header: "Account"), .init(panelColumn: "period", header: "Quarter"),
                .init(panelColumn: "contract_term_months", header: "Term"),
            ], dateFormat: DateFormat(pattern: "MM/DD/YYYY"))
        do {
            _ = try ExportImporter.importBytes(Array(csv.utf8), options: ExportOptions(mapping: mapping), fileName: "x.csv")
            Issue.record("imported a file with bad contract cells")
        } catch {
            #expect(
                error.errors.map(\.description) == [
                    #"x.csv:3: column 5 (Term): expected a contract term in whole months, 1 to 1200 (12, 12 months, 1 year, annual, monthly), or an empty cell, found "twelve""#,
                    #"x.csv:4: column 6 (Renewal Date): expected a date like MM/DD/YYYY or YYYY-MM-DD, or an empty cell, found "31/03/2025""#,
                ])
            #expect(error.errors.map(\.kind) == [.invalidContract, .invalidContract])
        }
    }

    @Test func goodContractCellsReachThePanel() throws {
        let csv = """
            customer_id,period,arr,churned,Contract Term Months,renewal_date
            a,2024-Q1,100,0,1 year,2025-03-31
            a,2024-Q2,100,0,12,2025-03-31
            b,2024-Q1,100,0,,
            """
        let result = try ExportImporter.importBytes(Array(csv.utf8), fileName: "x.csv")
        let contracts = try #require(result.panel.contracts)
        #expect(contracts.termMonths == [12, 12, -1])
        #expect(contracts.renewalDate(row: 0)?.label == "2025-03-31" && contracts.renewalDate(row: 2) == nil)
        #expect(result.record.conversions.contractTermsConverted == 1 && result.record.conversions.renewalDatesConverted == 0)
        // Without either column the panel has none.
        let plain = try ExportImporter.importBytes(Array("customer_id,period,arr,churned\na,2024-Q1,1,0".utf8), fileName: "y.csv")
        #expect(plain.panel.contracts == nil)
    }
}
