import BearingPanel
import Foundation
import Testing
import _TestSupport

/// The optional `contract_term_months` and `renewal_date` columns: read, written, round-tripped,
/// checked; and files without them are untouched.
@Suite struct ContractColumnsTests {
    static let header = "customer_id,period,segment,fit,arr,churned,expansion_arr,contraction_arr,contract_term_months,renewal_date,outcome.x"

    func read(_ lines: [String], chunkSize: Int = 1 << 16) throws(PanelError) -> HistoryPanel {
        try HistoryCSVReader(chunkSize: chunkSize)
            .readWithSummary(bytes: Array((lines.joined(separator: "\n") + "\n").utf8), fileName: "t.csv").panel
    }

    @Test func calendarDatesConvertExactly() throws {
        #expect(CalendarDate(year: 1970, month: 1, day: 1)?.dayNumber == 0)
        #expect(CalendarDate(year: 2000, month: 3, day: 1)?.dayNumber == 11_017)
        #expect(CalendarDate(year: 1969, month: 12, day: 31)?.dayNumber == -1)
        #expect(CalendarDate(year: 2024, month: 2, day: 29) != nil && CalendarDate(year: 2023, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 2100, month: 2, day: 29) == nil && CalendarDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CalendarDate(year: 2024, month: 4, day: 31) == nil && CalendarDate(year: 2024, month: 13, day: 1) == nil)
        // Every day from 1899 to 2101 round-trips through its components and its label.
        var n = try #require(CalendarDate(year: 1899, month: 12, day: 31)).dayNumber
        let end = try #require(CalendarDate(year: 2101, month: 1, day: 1)).dayNumber
        var previous = CalendarDate(dayNumber: n - 1).components
        while n <= end {
            let date = CalendarDate(dayNumber: n)
            let c = date.components
            #expect(CalendarDate(year: c.year, month: c.month, day: c.day) == date)
            // Consecutive days: the day advances by one or the month rolls over to day 1.
            #expect(c.day == previous.day + 1 || (c.day == 1 && (c.month == previous.month % 12 + 1)))
            previous = c
            n += 1
        }
        #expect(CalendarDate(label: "2025-06-30")?.label == "2025-06-30")
        #expect(CalendarDate(label: "2025-6-30") == nil && CalendarDate(label: "2025-06-31") == nil)
        #expect(CalendarDate(lastDayOfMonthIndex: 2024 * 12 + 1).label == "2024-02-29")
        #expect(CalendarDate(lastDayOfMonthIndex: 2025 * 12 + 11).label == "2025-12-31")
        #expect(Period(year: 2025, quarter: 3).firstMonthIndex == CalendarDate(label: "2025-07-15")?.monthIndex)
    }

    @Test func contractColumnsRoundTrip() throws {
        let lines = [
            Self.header,
            "a,2025-Q1,smb,good,1000,0,0,0,12,2025-06-30,1.5",
            "a,2025-Q2,smb,good,1000,1,0,0,12,2025-06-30,",
            "b,2025-Q1,smb,bad,500,0,0,0,,,2",
            "b,2025-Q2,smb,bad,500,0,0,0,1,,2",
        ]
        for chunk in [1 << 16, 7] {
            let panel = try read(lines, chunkSize: chunk)
            let contracts = try #require(panel.contracts)
            #expect(contracts.termMonths == [12, 12, -1, 1])
            #expect(contracts.renewalDate(row: 0)?.label == "2025-06-30" && contracts.renewalDate(row: 2) == nil)
            let text = String(decoding: HistoryCSVWriter.encode(panel), as: UTF8.self)
            #expect(text == lines.joined(separator: "\n") + "\n")
            #expect(try HistoryCSVReader.read(bytes: HistoryCSVWriter.encode(panel)) == panel)
        }
        // A file with only one of the two columns reads the other as empty.
        let termOnly = try read([
            "customer_id,period,segment,fit,arr,churned,expansion_arr,contraction_arr,contract_term_months", "a,2025-Q1,s,good,1,0,0,0,24",
        ])
        #expect(termOnly.contracts?.termMonths == [24] && termOnly.contracts?.renewalDate(row: 0) == nil)
    }

    @Test func filesWithoutThemAreUnchanged() throws {
        let panel = try read(["customer_id,period,segment,fit,arr,churned,expansion_arr,contraction_arr", "a,2025-Q1,s,good,1,0,0,0"])
        #expect(panel.contracts == nil)
        #expect(!String(decoding: HistoryCSVWriter.encode(panel), as: UTF8.self).contains("renewal_date"))
    }

    @Test func badCellsAreLocated() {
        for (cell, column, expected) in [
            ("12.5,2025-06-30", 9, "a contract term in whole months (1 to 1200), or an empty cell"),
            ("0,2025-06-30", 9, "a contract term in whole months (1 to 1200), or an empty cell"),
            ("12,2025-02-30", 10, "a date like 2025-06-30 (YYYY-MM-DD), or an empty cell"),
            ("12,30/06/2025", 10, "a date like 2025-06-30 (YYYY-MM-DD), or an empty cell"),
        ] {
            do throws(PanelError) {
                _ = try read([Self.header, "a,2025-Q1,smb,good,1000,0,0,0,\(cell),1"])
                Issue.record("accepted \(cell)")
            } catch {
                #expect(error.kind == .invalidContract && error.line == 2 && error.column == column, "\(error)")
                #expect(error.columnName == (column == 9 ? "contract_term_months" : "renewal_date"))
                #expect(error.expected == expected)
            }
        }
    }

    /// A writer created without the columns leaves them out (what callers that predate them
    /// get); one created with them writes empty cells for a panel that has none.
    @Test func writerColumnsFollowTheWriter() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let withContracts = try read([Self.header, "a,2025-Q1,smb,good,1000,0,0,0,12,2025-06-30,1.5"])
        let plainURL = directory.appendingPathComponent("plain.csv")
        let plain = try HistoryCSVWriter(creating: plainURL, featureNames: ["outcome.x"], hasCSMColumn: false, hasMilestoneColumns: false)
        try plain.append(withContracts)
        try plain.finish()
        #expect(
            try String(contentsOf: plainURL, encoding: .utf8)
                == "customer_id,period,segment,fit,arr,churned,expansion_arr,contraction_arr,outcome.x\na,2025-Q1,smb,good,1000,0,0,0,1.5\n")
        let fullURL = directory.appendingPathComponent("full.csv")
        let full = try HistoryCSVWriter(
            creating: fullURL, featureNames: ["outcome.x"], hasCSMColumn: false, hasMilestoneColumns: false, hasContractColumns: true)
        var without = withContracts
        without.contracts = nil
        try full.append(withContracts)
        try full.append(without)
        try full.finish()
        #expect(
            try String(contentsOf: fullURL, encoding: .utf8)
                == Self.header + "\na,2025-Q1,smb,good,1000,0,0,0,12,2025-06-30,1.5\na,2025-Q1,smb,good,1000,0,0,0,,,1.5\n")
    }
}
