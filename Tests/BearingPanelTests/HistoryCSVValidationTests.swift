import BearingPanel
import Testing

/// Each contract violation on a small file: kind, physical line, column index and name, message.
@Suite struct HistoryCSVValidationTests {
    static let good = [
        "c1", "2025-Q1", "smb", "good", "csm1", "1000", "0", "0", "0", "go-live", "0", "0.5", "10", "3",
    ]

    /// The good row with some 1-based columns replaced.
    static func row(_ changes: [Int: String] = [:]) -> String {
        var fields = good
        for (column, text) in changes { fields[column - 1] = text }
        return fields.joined(separator: ",")
    }

    func failure(_ bytes: [UInt8], chunkSize: Int = 1 << 16) -> PanelError? {
        do {
            _ = try PanelSamples.read(bytes, chunkSize: chunkSize)
            return nil
        } catch {
            return error
        }
    }

    func expectFailure(
        _ bytes: [UInt8], _ kind: PanelError.Kind, line: Int?, column: Int?, name: String?,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for chunkSize in [1 << 16, 5] {
            guard let error = failure(bytes, chunkSize: chunkSize) else {
                Issue.record("expected \(kind), the file was accepted", sourceLocation: sourceLocation)
                return
            }
            #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
            #expect(error.file == "t.csv", sourceLocation: sourceLocation)
            #expect(error.line == line, "\(error)", sourceLocation: sourceLocation)
            #expect(error.column == column, "\(error)", sourceLocation: sourceLocation)
            #expect(error.columnName == name, "\(error)", sourceLocation: sourceLocation)
        }
    }

    typealias S = PanelSamples

    @Test func goodRowIsAccepted() throws {
        let panel = try S.read(S.csv([Self.row()]))
        #expect(panel.rowCount == 1 && panel.features.count == 3)
    }

    @Test func emptyFileAndHeaderOnly() {
        expectFailure([], .emptyFile, line: nil, column: nil, name: nil)
        expectFailure([0xEF, 0xBB, 0xBF], .emptyFile, line: nil, column: nil, name: nil)
        expectFailure(Array("\n\r\n".utf8), .emptyFile, line: nil, column: nil, name: nil)
        expectFailure(S.csv([]), .noRows, line: 2, column: nil, name: nil)
        #expect(failure(S.csv([]))?.description == "t.csv:2: expected at least one data row after the header, found only a header")
        #expect(failure([])?.description == "t.csv: expected a header row and data rows, found an empty file")
    }

    @Test func headerProblems() {
        let noFit = S.header.replacingOccurrences(of: ",fit,", with: ",")
        expectFailure(S.csv([], header: noFit), .missingColumn, line: 1, column: nil, name: "fit")
        #expect(
            failure(S.csv([], header: noFit))?.description.hasPrefix(
                #"t.csv:1: expected a column named "fit" in the header, found columns "customer_id", "period", "segment", "csm_id""#) == true)

        let twice = S.header + ",arr"
        expectFailure(S.csv([], header: twice), .duplicateColumn, line: 1, column: 15, name: "arr")
        #expect(
            failure(S.csv([], header: twice))?.description
                == #"t.csv:1: column 15 (arr): expected each column once, found a second "arr" (first is column 6)"#)

        let typo = S.header.replacingOccurrences(of: "outcome.usage_trend", with: "outcome_usage_trend")
        expectFailure(S.csv([], header: typo), .unknownColumn, line: 1, column: 12, name: "outcome_usage_trend")
        let bare = S.header + ",engagement."
        expectFailure(S.csv([], header: bare), .unknownColumn, line: 1, column: 15, name: "engagement.")

        var badHeader = Array(S.header.utf8) + [UInt8(ascii: ","), 0xC3, 0x28, 10]
        badHeader += Array(Self.row().utf8)
        expectFailure(badHeader, .invalidUTF8, line: 1, column: 15, name: nil)
    }

    @Test func optionalColumnsMayBeAbsent() throws {
        let header = "customer_id,period,segment,fit,arr,churned,expansion_arr,contraction_arr"
        let panel = try S.read(S.csv(["c1,2025-03,smb,bad,10,0,0,0"], header: header))
        #expect(!panel.hasCSMColumn && !panel.hasMilestoneColumns)
        #expect(panel.csm == [-1] && panel.milestone == [-1] && panel.milestoneReached == [-1])
        #expect(panel.granularity == .month)
    }

    @Test func fieldCounts() {
        let short = Array(Self.good.dropLast()).joined(separator: ",")
        expectFailure(S.csv([Self.row(), short]), .fieldCount, line: 3, column: 14, name: "engagement.days_since_contact")
        #expect(
            failure(S.csv([short]))?.description
                == "t.csv:2: column 14 (engagement.days_since_contact): expected 14 fields as in the header, found the row ends after 13 fields")
        expectFailure(S.csv([Self.row() + ","]), .fieldCount, line: 2, column: 15, name: nil)
        // A quoted newline before the short row's end moves the reported line.
        let spanning = Self.row([1: "\"a\nb\""]).split(separator: ",").dropLast().joined(separator: ",")
        expectFailure(S.csv([spanning]), .fieldCount, line: 3, column: 14, name: "engagement.days_since_contact")
    }

    @Test func quoting() {
        expectFailure(S.csv([Self.row(), "\"c2,2025-Q1"]), .unterminatedQuote, line: 3, column: 1, name: "customer_id")
        expectFailure(
            S.csv([Self.row([3: "\"a\nb"]), Self.row()]), .unterminatedQuote, line: 2, column: 3, name: "segment")
        expectFailure(S.csv([Self.row([1: "c\"1"])]), .malformedQuote, line: 2, column: 1, name: "customer_id")
        expectFailure(S.csv([Self.row([3: "\"smb\"x"])]), .malformedQuote, line: 2, column: 3, name: "segment")
        #expect(
            failure(S.csv([Self.row([3: "\"smb\"x"])]))?.description
                == #"t.csv:2: column 3 (segment): expected a comma or line end after the closing quote (double a quote inside quotes), found "\"smb\"x""#
        )
    }

    @Test func invalidUTF8InAStringCell() {
        var bytes = Array((S.header + "\n").utf8)
        bytes += [UInt8(ascii: "c"), 0xFF] + Array(Self.row().dropFirst(2).utf8) + [10]
        expectFailure(bytes, .invalidUTF8, line: 2, column: 1, name: "customer_id")
    }

    @Test func cellValues() {
        expectFailure(S.csv([Self.row([4: "great"])]), .invalidFit, line: 2, column: 4, name: "fit")
        expectFailure(S.csv([Self.row([6: "-5"])]), .invalidAmount, line: 2, column: 6, name: "arr")
        #expect(
            failure(S.csv([Self.row([6: "-5"])]))?.description
                == #"t.csv:2: column 6 (arr): expected a number >= 0, found "-5""#)
        expectFailure(S.csv([Self.row([6: "1,000"])]), .fieldCount, line: 2, column: 15, name: nil)
        expectFailure(S.csv([Self.row([6: "\"1,000\""])]), .invalidAmount, line: 2, column: 6, name: "arr")
        expectFailure(S.csv([Self.row([8: "1e400"])]), .invalidAmount, line: 2, column: 8, name: "expansion_arr")
        expectFailure(S.csv([Self.row([9: "-0.1"])]), .invalidAmount, line: 2, column: 9, name: "contraction_arr")
        expectFailure(S.csv([Self.row([7: "2"])]), .invalidFlag, line: 2, column: 7, name: "churned")
        expectFailure(S.csv([Self.row([11: "yes"])]), .invalidFlag, line: 2, column: 11, name: "milestone_reached")
        expectFailure(S.csv([Self.row([2: "2025-Q5"])]), .invalidPeriod, line: 2, column: 2, name: "period")
        expectFailure(S.csv([Self.row([2: "2025/01"])]), .invalidPeriod, line: 2, column: 2, name: "period")
        expectFailure(
            S.csv([Self.row(), Self.row([1: "c2", 2: "2025-02"])]), .mixedGranularity, line: 3, column: 2,
            name: "period")
        #expect(
            failure(S.csv([Self.row(), Self.row([1: "c2", 2: "2025-02"])]))?.description
                == #"t.csv:3: column 2 (period): expected a quarter like 2025-Q2, as in the first row (one granularity per file), found "2025-02""#)
    }

    // Column 7 (churned) may be empty: the outcome is unknown (OutcomeUnknownTests).
    @Test(arguments: [1, 2, 3, 4, 6, 8, 9])
    func emptyRequiredCell(_ column: Int) {
        let name = S.header.split(separator: ",")[column - 1]
        expectFailure(S.csv([Self.row([column: ""])]), .emptyCell, line: 2, column: column, name: String(name))
    }

    @Test func emptyOptionalCellsAreMissing() throws {
        let panel = try S.read(S.csv([Self.row([5: "", 10: "", 11: "", 12: "", 14: ""])]))
        #expect(panel.csm == [-1] && panel.milestone == [-1] && panel.milestoneReached == [-1])
        #expect(panel.missingCounts == [1, 0, 1])
        #expect(panel.features[0].values[0].isNaN)
    }

    @Test func featureCells() {
        expectFailure(S.csv([Self.row([12: "abc"])]), .invalidFeature, line: 2, column: 12, name: "outcome.usage_trend")
        expectFailure(S.csv([Self.row([13: "NaN"])]), .invalidFeature, line: 2, column: 13, name: "experience.nps")
        #expect(
            failure(S.csv([Self.row([13: "NaN"])]))?.description
                == #"t.csv:2: column 13 (experience.nps): expected a finite number, or an empty cell for a missing value, found "NaN""#)
        expectFailure(S.csv([Self.row([13: "-inf"])]), .invalidFeature, line: 2, column: 13, name: "experience.nps")
        expectFailure(
            S.csv([Self.row([14: "1e39"])]), .invalidFeature, line: 2, column: 14, name: "engagement.days_since_contact")
    }

    @Test func duplicateRows() {
        let rows = [Self.row(), Self.row([1: "c2"]), Self.row([6: "5"])]
        expectFailure(S.csv(rows), .duplicateRow, line: 4, column: 2, name: "period")
        #expect(
            failure(S.csv(rows))?.description
                == #"t.csv:4: column 2 (period): expected one row per customer and period, found a second row for customer "c1" in 2025-Q1 (first at line 2)"#
        )
        // Out of period order: found by the sort, still the earliest repeat in file order.
        let shuffled = [
            Self.row([2: "2025-Q3"]), Self.row([2: "2025-Q1"]), Self.row([1: "c2", 2: "2025-Q2"]),
            Self.row([1: "c2", 2: "2025-Q1"]), Self.row([1: "c2", 2: "2025-Q2"]), Self.row([2: "2025-Q3"]),
        ]
        expectFailure(S.csv(shuffled), .duplicateRow, line: 6, column: 2, name: "period")
    }

    @Test func rowsAfterChurn() {
        let rows = [Self.row([7: "1"]), Self.row([1: "c2"]), Self.row([2: "2025-Q2"])]
        expectFailure(S.csv(rows), .rowAfterChurn, line: 4, column: 2, name: "period")
        #expect(
            failure(S.csv(rows))?.description
                == #"t.csv:4: column 2 (period): expected no rows after customer "c1" churned in 2025-Q1 (line 2), found a row for 2025-Q2"#)
        // A later line can reveal that an earlier row is after the churn.
        let early = [Self.row([2: "2025-Q3"]), Self.row([1: "c2"]), Self.row([7: "1"])]
        expectFailure(S.csv(early), .rowAfterChurn, line: 2, column: 2, name: "period")
        // Churn in the last row is fine.
        #expect(failure(S.csv([Self.row(), Self.row([2: "2025-Q2", 7: "1"])])) == nil)
    }

    @Test func linesCountEmbeddedNewlinesBlankLinesAndCRLF() {
        // Row 1 spans lines 2-4; row 2 starts on line 5.
        let rows = [Self.row([1: "\"a\nb\r\nc\""]), Self.row([4: "meh"])]
        expectFailure(S.csv(rows), .invalidFit, line: 5, column: 4, name: "fit")
        // An error after a quoted newline in the same row is on the field's own line.
        expectFailure(S.csv([Self.row([3: "\"x\ny\"", 4: "meh"])]), .invalidFit, line: 3, column: 4, name: "fit")
        // Blank lines are skipped but counted.
        expectFailure(S.csv(["", Self.row(), "", Self.row([4: "meh"])]), .invalidFit, line: 5, column: 4, name: "fit")
        // CRLF and a byte order mark.
        let crlf = [0xEF, 0xBB, 0xBF] + Array(([S.header, Self.row(), Self.row([6: "x"])].joined(separator: "\r\n")).utf8)
        expectFailure(crlf, .invalidAmount, line: 3, column: 6, name: "arr")
        // Cross-row errors after embedded newlines.
        let dup = [Self.row([3: "\"multi\nline\""]), Self.row([1: "c2"]), Self.row()]
        expectFailure(S.csv(dup), .duplicateRow, line: 5, column: 2, name: "period")
    }

    @Test func firstErrorInARowIsItsLeftmost() {
        expectFailure(S.csv([Self.row([4: "meh", 6: "-1"])]), .invalidFit, line: 2, column: 4, name: "fit")
    }
}
