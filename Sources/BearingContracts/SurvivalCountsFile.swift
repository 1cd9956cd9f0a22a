import BearingForecast
import Foundation
import _BearingText

/// The survivor-counts CSV `bearing retention` reads (and `simulate` writes as `cohorts.csv`):
/// a header with `period` and `survivors` and optionally `cohort`; per cohort, periods 0, 1, 2, …
/// in file order, whole numbers, survivors never rising. Errors name the file, line, column and
/// header, and what was expected.
public enum SurvivalCountsFile {
    public static func read(path: String) throws(ContractError) -> [SurvivalCounts] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ContractError(path: path, message: "cannot read: \(error.localizedDescription)")
        }
        if let problem = DisplayEscaping.encodingProblem(prefix: data, kind: "CSV") {
            throw ContractError(path: path, message: "expected UTF-8 CSV text, found \(problem)")
        }
        return try parse([UInt8](data), path: path)
    }

    public static func parse(_ text: String, path: String) throws(ContractError) -> [SurvivalCounts] {
        try parse(Array(text.utf8), path: path)
    }

    public static func parse(_ bytes: [UInt8], path: String) throws(ContractError) -> [SurvivalCounts] {
        func fail(_ line: Int, _ message: String) -> ContractError {
            ContractError(path: "\(path):\(line)", message: message)
        }
        func fail(_ line: Int, _ column: Int, _ name: String, _ message: String) -> ContractError {
            ContractError(path: "\(path):\(line):\(column) (\(DisplayEscaping.escaped(name)))", message: message)
        }
        var reader = CSVRecordReader(bytes: bytes)
        let records = reader.all().filter { !$0.fields.allSatisfy { $0.allSatisfy(\.isWhitespace) } }
        guard let headerRecord = records.first else {
            throw fail(1, "expected a header row `period,survivors` (optionally with `cohort`), found an empty file")
        }
        let header = headerRecord.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        guard let periodColumn = header.firstIndex(of: "period") else {
            throw fail(headerRecord.line, "expected a `period` column in the header, found: \(header.joined(separator: ","))")
        }
        guard let survivorsColumn = header.firstIndex(of: "survivors") else {
            throw fail(headerRecord.line, "expected a `survivors` column in the header, found: \(header.joined(separator: ","))")
        }
        let cohortColumn = header.firstIndex(of: "cohort")
        for (i, name) in header.enumerated() where i != periodColumn && i != survivorsColumn && i != cohortColumn {
            throw fail(headerRecord.line, i + 1, name, "unknown column; expected only `period`, `survivors` and optionally `cohort`")
        }
        var order: [String] = []
        var counts: [String: [Int]] = [:]
        var lastLine: [String: Int] = [:]
        for record in records.dropFirst() {
            let cells = record.fields
            let line = record.line
            guard cells.count == header.count else {
                throw fail(line, "expected \(header.count) fields like the header, found \(cells.count)")
            }
            func integer(_ column: Int) throws(ContractError) -> Int {
                let raw = cells[column].trimmingCharacters(in: .whitespaces)
                guard let value = Int(raw), value >= 0 else {
                    throw fail(line, column + 1, header[column], "expected a whole number >= 0, found '\(raw)'")
                }
                return value
            }
            let period = try integer(periodColumn)
            let survivors = try integer(survivorsColumn)
            let cohort = cohortColumn.map { cells[$0].trimmingCharacters(in: .whitespaces) } ?? "all"
            if let cohortColumn, cohort.isEmpty {
                throw fail(line, cohortColumn + 1, "cohort", "expected a cohort name, found an empty cell")
            }
            var series = counts[cohort] ?? []
            if series.isEmpty { order.append(cohort) }
            guard period == series.count else {
                let expected =
                    series.isEmpty
                    ? "period 0 first"
                    : "period \(series.count) next (periods run 0, 1, 2, ... in file order\(lastLine[cohort].map { "; previous row line \($0)" } ?? ""))"
                throw fail(line, periodColumn + 1, "period", "cohort '\(cohort)': expected \(expected), found \(period)")
            }
            if let previous = series.last, survivors > previous {
                throw fail(
                    line, survivorsColumn + 1, "survivors",
                    "cohort '\(cohort)': survivors rose from \(previous) to \(survivors); counts must not increase")
            }
            if period == 0, survivors == 0 {
                throw fail(line, survivorsColumn + 1, "survivors", "cohort '\(cohort)': period 0 needs at least one customer")
            }
            series.append(survivors)
            counts[cohort] = series
            lastLine[cohort] = line
        }
        guard !order.isEmpty else { throw fail(2, "expected at least two data rows (period 0 and period 1), found none") }
        for cohort in order where (counts[cohort]?.count ?? 0) < 2 {
            throw fail(lastLine[cohort] ?? 2, "cohort '\(cohort)' has only period 0; the fit needs period 1 or later too")
        }
        return order.map { SurvivalCounts(cohort: $0, survivors: counts[$0] ?? []) }
    }
}
