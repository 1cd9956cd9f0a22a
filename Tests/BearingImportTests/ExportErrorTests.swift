import BearingFiles
import BearingImport
import BearingPanel
import Foundation
import Testing

/// Every error located (file, line, column number and header, expected, found), all of them
/// in one pass, at most 50 kept and the rest counted; nothing returned when any remains.
@Suite struct ExportErrorTests {
    static let header = "Account,Quarter,ARR,Churned,Fit,outcome.usage"

    func failure(
        _ rows: [String], header: String = header, options: ExportOptions = ExportOptions(), mapping: String? = nil
    )
        throws -> ImportFailure
    {
        var options = options
        if let mapping { options.mapping = try ConfigDecoder().decode(ColumnMapping.self, from: mapping, file: "map.yaml") }
        let bytes = Array(([header] + rows).joined(separator: "\n").utf8)
        do {
            _ = try ExportImporter.importBytes(bytes, options: options, fileName: "x.csv")
        } catch {
            return error
        }
        throw ImportFailure(ImportError(.io, file: "test", expected: "a failure", found: "an import"))
    }

    static let mapping = """
        columns:
          customer_id: Account
          period: Quarter
          arr: ARR
          churned: Churned
        """

    @Test func everyBadCellIsReportedInOnePass() throws {
        let f = try failure(
            [
                "a,2024-Q1,\"(1,200)\",0,good,1",
                "b,2024-Q5,100,maybe,great,x",
                "c,2024-Q1,,1,good,",
                "d,2024-Q1,-5,0,Good,(3)",
            ], mapping: Self.mapping)
        let lines = f.errors.map(\.description)
        #expect(
            lines == [
                #"x.csv:2: column 3 (ARR): expected a number >= 0 (parentheses mark an accounting negative), found "(1,200)""#,
                #"x.csv:3: column 2 (Quarter): expected a quarter like 2025-Q2, a month like 2025-06 or a date like YYYY-MM-DD, found "2024-Q5""#,
                #"x.csv:3: column 4 (Churned): expected 1/0, yes/no, y/n or true/false (an empty churned cell means the outcome is unknown), found "maybe""#,
                #"x.csv:3: column 5 (Fit): expected good, stretch or bad, found "great""#,
                #"x.csv:3: column 6 (outcome.usage): expected a number, a boolean or an empty cell, found "x""#,
                #"x.csv:4: column 3 (ARR): expected a number >= 0 (currency signs, thousands separators and % are fine), found an empty cell"#,
                #"x.csv:5: column 3 (ARR): expected a number >= 0, found "-5""#,
            ])
        #expect(f.totalCount == 7 && f.omittedCount == 0)
        #expect(f.errors.map(\.kind) == [.negativeAmount, .invalidPeriod, .invalidFlag, .invalidFit, .invalidNumber, .emptyCell, .negativeAmount])
    }

    @Test func atMostFiftyKeptAndTheRestCounted() throws {
        let rows = (0..<120).map { "c\($0),2024-Q1,oops,0,good,1" }
        let f = try failure(rows, mapping: Self.mapping)
        #expect(f.errors.count == 50 && f.totalCount == 120 && f.omittedCount == 70)
        #expect(f.errors.last?.line == 51)
        #expect(f.description.hasSuffix("… and 70 more errors (120 in all)"))
    }

    @Test func crossRowProblemsUseTheStrictChecks() throws {
        let f = try failure(
            [
                "a,2024-Q1,100,1,good,1",
                "a,2024-Q2,100,0,good,1",
                "b,2024-Q1,100,0,good,1",
                "b,01/15/2024,100,0,good,1",
            ], options: ExportOptions(dateFormat: DateFormat(pattern: "MM/DD/YYYY")), mapping: Self.mapping)
        #expect(f.errors.map(\.kind) == [.rowAfterChurn, .duplicateRow])
        #expect(
            f.errors[0].description
                == #"x.csv:3: column 2 (Quarter): expected no rows after customer "a" churned in 2024-Q1 (line 2), found a row for 2024-Q2"#)
        #expect(
            f.errors[1].description
                == #"x.csv:5: column 2 (Quarter): expected one row per customer and period, found a second row for customer "b" in 2024-Q1 (first at line 4)"#
        )
    }

    @Test func structuralProblemsAreLocatedAndSkipped() throws {
        let f = try failure(
            [
                "a,2024-Q1,100,0,good",
                "b,2024-Q1,100,0,good,1,extra",
                "c,2024-Q1,1\"00,0,good,1",
                "d,2024-Q1,\"100\"x,0,good,1",
                "e,2024-Q1,100,0,good,1",
                "f,2024-Q1,\"100,0,good,1",
            ], mapping: Self.mapping)
        #expect(f.errors.map(\.kind) == [.fieldCount, .fieldCount, .malformedQuote, .malformedQuote, .unterminatedQuote])
        #expect(f.errors.map(\.line) == [2, 3, 4, 5, 7])
        #expect(f.errors.map(\.column) == [6, 7, 3, 3, 3])
    }

    @Test func headerProblemsComeTogetherWithSuggestions() throws {
        let f = try failure(
            ["a,2024-Q1,100,0,good,1"], header: "Acount,Quarter,ARR,Churn,Fit,outcome.usage",
            mapping: """
                columns:
                  customer_id: Account
                  period: Quarter
                  arr: ARR
                """)
        #expect(f.errors.count == 2, "\(f)")
        #expect(f.errors[0].kind == .missingColumn && f.errors[0].columnName == "customer_id")
        #expect(f.errors[0].found.contains("did you mean \"Acount\"?"))
        #expect(f.errors[1].columnName == "churned" && f.errors[1].found.contains("did you mean \"Churn\"?"))
    }

    @Test func ambiguousHeaders() throws {
        let f = try failure(["a,b,2024-Q1,1,0"], header: "Customer ID,customer_id,period,arr,churned")
        #expect(f.errors.map(\.kind) == [.ambiguousColumn])
        #expect(f.errors.first?.found == #"columns 1 ("Customer ID") and 2 ("customer_id")"#)
    }

    @Test func emptyAndHeaderOnly() throws {
        let empty = try failure([], header: "")
        #expect(empty.errors.first?.kind == .emptyFile || empty.errors.first?.kind == .missingColumn)
        let headerOnly = try failure([], header: "customer_id,period,arr,churned")
        #expect(headerOnly.errors.map(\.kind) == [.noRows])
        do {
            _ = try ExportImporter.importBytes([0xEF, 0xBB, 0xBF], fileName: "bom.csv")
            Issue.record("accepted")
        } catch {
            #expect(error.errors.map(\.kind) == [.emptyFile])
        }
    }

    @Test func openPeriodOfTheWrongGrain() throws {
        // Without --period-grain the open period's grain is the grain: months move to quarters.
        let bytes = Array("customer_id,period,arr,churned\na,2024-01,100,0\na,2024-04,100,0\n".utf8)
        let result = try ExportImporter.importBytes(bytes, options: ExportOptions(openPeriod: Period(year: 2024, quarter: 2)))
        #expect(result.panel.period == [Period(year: 2024, quarter: 1), Period(year: 2024, quarter: 2)])
        #expect(result.panel.outcomeKnown == [true, false])
        let g = try failure(
            ["a,2024-01-05,100,0,good,1"], header: "customer_id,period,arr,churned,fit,outcome.usage",
            options: ExportOptions(periodGrain: .month, openPeriod: Period(year: 2024, quarter: 1)))
        #expect(g.errors.map(\.kind) == [.invalidOption])
    }

    @Test func invalidUTF8IsLocated() throws {
        var bytes = Array("customer_id,period,arr,churned\n".utf8)
        bytes += [0x61, 0xFF, 0x2C] + Array("2024-Q1,1,0\n".utf8)
        do {
            _ = try ExportImporter.importBytes(bytes, fileName: "u.csv")
            Issue.record("accepted")
        } catch {
            #expect(error.errors.map(\.kind) == [.invalidUTF8])
            #expect(error.errors.first?.line == 2 && error.errors.first?.column == 1)
        }
    }
}
