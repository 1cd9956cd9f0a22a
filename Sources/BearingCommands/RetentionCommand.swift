import ArgumentParser
import BearingForecast
import BearingContracts
import Foundation
import _BearingText

/// `bearing retention COUNTS.csv`: fit the shifted-beta-geometric retention model to cohort
/// survivor counts, project retention and report expected lifetimes.
public struct RetentionCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "Fit the shifted-beta-geometric retention model to cohort survivor counts.",
        discussion: """
            COUNTS is a CSV file with a header row and the columns `period,survivors` (period 0 \
            first, whole numbers, survivors never rising); an optional `cohort` column holds \
            several cohorts, which share alpha and beta. Customers alive at a cohort's last \
            period count as still active (right-censored).

            Model (Fader & Hardie 2007): each customer cancels each period with probability \
            theta, theta ~ Beta(alpha, beta) across customers; retention r(t) = \
            (beta+t-1)/(alpha+beta+t-1). Expected lifetime E[T] = (alpha+beta-1)/(alpha-1) \
            periods is infinite when alpha <= 1. DERL(d) = sum over future periods of \
            survival / (1+d)^k, for a customer still active at the cohort's last period.

            Example:
              bearing retention Scenarios/retention-example.csv --periods 5 --out fit.json
            """)

    @Argument(help: "Survivor counts CSV: `period,survivors[,cohort]`.")
    var counts: String

    @Option(help: "Periods to project beyond the last observed period.")
    var periods: Int = 5

    @Option(help: "Discount rate per period for discounted expected (residual) lifetime, e.g. 0.1.")
    var discount: Double = 0.1

    @Option(help: "Write the fit as JSON (with `alpha` and `beta`) to this file.")
    var out: String?

    public init() {}

    public func validate() throws {
        guard (0...1000).contains(periods) else {
            throw ValidationError("--periods must be between 0 and 1000, got \(periods)")
        }
        guard discount.isFinite, discount == 0 || (discount >= 1e-6 && discount <= 10) else {
            throw ValidationError("--discount must be 0 or between 0.000001 and 10 (a rate per period, 0.1 = 10%), got \(discount)")
        }
    }

    public func run() throws {
        let result = try Self.analyse(path: counts, periods: periods, discount: discount)
        print(result.text, terminator: "")
        if let out {
            try Self.writeAtomically(result.report, to: out)
        }
    }

    /// Reads, fits and renders; separate from `run` so tests can call it.
    static func analyse(path: String, periods: Int, discount: Double) throws -> (report: RetentionReport, text: String) {
        let cohorts = try RetentionCountsFile.read(path: path)
        let fit: ShiftedBetaGeometricFit
        do {
            fit = try ShiftedBetaGeometric.fit(cohorts)
        } catch {
            throw RetentionCommandError.fit(path: path, reason: error.description)
        }
        let report = RetentionReport(fit: fit, cohorts: cohorts, periods: periods, discount: discount)
        return (report, report.render())
    }

    /// Writes the JSON atomically, so a failure never leaves a partial file.
    static func writeAtomically(_ report: RetentionReport, to path: String) throws {
        try OutputFolder.write(try ContractJSON.encode(report), to: path)
    }
}

/// What `bearing retention --out` writes.
struct RetentionReport: Codable, Sendable {
    struct CohortRow: Codable, Sendable {
        var cohort: String
        var survivors: [Int]
        /// Fitted survivors, `survivors[0] · S(t)`.
        var fittedSurvivors: [Double]
        /// Discounted expected residual lifetime of a customer still active at the last period.
        var discountedExpectedResidualLifetime: Double?
    }
    struct ProjectionRow: Codable, Sendable {
        var period: Int
        var survival: Double
        var retention: Double
    }
    var model = "shifted-beta-geometric"
    var alpha: Double
    var beta: Double
    var alphaStandardError: Double
    var betaStandardError: Double
    var logLikelihood: Double
    var customers: Int
    var iterations: Int
    var cohorts: [CohortRow]
    var projection: [ProjectionRow]
    /// `E[T]` in periods; nil when infinite (alpha <= 1).
    var expectedLifetime: Double?
    var expectedLifetimeNote: String
    var discountRate: Double
    /// DEL for a new customer at `discountRate`; nil when infinite (discount 0 and alpha <= 1).
    var discountedExpectedLifetime: Double?

    init(fit: ShiftedBetaGeometricFit, cohorts: [SurvivalCounts], periods: Int, discount: Double) {
        let m = fit.model
        let longest = cohorts.map { $0.survivors.count - 1 }.max() ?? 0
        let curve = m.survivalCurve(through: longest + periods)
        func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
        alpha = m.alpha
        beta = m.beta
        alphaStandardError = fit.standardErrors[0]
        betaStandardError = fit.standardErrors[1]
        logLikelihood = fit.logLikelihood
        customers = fit.customers
        iterations = fit.iterations
        self.cohorts = cohorts.map { c in
            CohortRow(
                cohort: c.cohort, survivors: c.survivors,
                fittedSurvivors: c.survivors.indices.map { Double(c.survivors[0]) * curve[$0] },
                discountedExpectedResidualLifetime: finite(
                    m.discountedExpectedResidualLifetime(discountRate: discount, renewals: c.survivors.count - 1)))
        }
        projection = periods == 0 ? [] : (longest + 1...longest + periods).map {
            ProjectionRow(period: $0, survival: curve[$0], retention: m.retentionRate(at: $0))
        }
        expectedLifetime = finite(m.expectedLifetime)
        expectedLifetimeNote = m.alpha > 1
            ? "E[T] = (alpha+beta-1)/(alpha-1) periods, counting the first"
            : "infinite: alpha <= 1, so the most loyal customers are loyal enough that the mean lifetime diverges; use the discounted lifetime"
        discountRate = discount
        discountedExpectedLifetime = finite(m.discountedExpectedLifetime(discountRate: discount))
    }

    func render() -> String {
        func f(_ x: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)f", x) }
        var s = "Shifted-beta-geometric retention fit (Fader & Hardie 2007)\n"
        s += "  customers \(customers) in \(cohorts.count) cohort(s); \(iterations) Newton iterations\n"
        s += "  alpha           \(f(alpha))  (se \(f(alphaStandardError)))\n"
        s += "  beta            \(f(beta))  (se \(f(betaStandardError)))\n"
        s += "  log-likelihood  \(f(logLikelihood, 3))\n"
        s += "  churn probability in period 1: \(f(alpha / (alpha + beta) * 100, 1))%\n\n"
        for c in cohorts {
            s += "Cohort \(c.cohort): survivors, actual vs fitted\n"
            s += "  period    actual    fitted  actual%  fitted%\n"
            let n0 = Double(c.survivors[0])
            for (t, n) in c.survivors.enumerated() {
                let fitted = c.fittedSurvivors[t]
                s += "  " + pad(String(t), 6) + pad(String(n), 10) + pad(f(fitted, 1), 10)
                s += pad(f(Double(n) / n0 * 100, 1), 9) + pad(f(fitted / n0 * 100, 1), 9) + "\n"
            }
            s += "\n"
        }
        if !projection.isEmpty {
            s += "Projection (share of a new cohort)\n  period  survival  retention\n"
            for row in projection {
                s += "  " + pad(String(row.period), 6) + pad(f(row.survival * 100, 1) + "%", 10)
                s += pad(f(row.retention * 100, 1) + "%", 11) + "\n"
            }
            s += "\n"
        }
        if let e = expectedLifetime {
            s += "Expected lifetime: \(f(e, 2)) periods (\(expectedLifetimeNote))\n"
        } else {
            s += "Expected lifetime: \(expectedLifetimeNote)\n"
        }
        let rate = f(discountRate * 100, 1) + "%"
        if let del = discountedExpectedLifetime {
            s += "Discounted expected lifetime at \(rate): \(f(del, 3)) periods for a new customer\n"
        }
        for c in cohorts {
            if let derl = c.discountedExpectedResidualLifetime {
                s += "Discounted expected residual lifetime at \(rate), cohort \(c.cohort) customer active after period \(c.survivors.count - 1): \(f(derl, 3)) periods\n"
            }
        }
        return s
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : String(repeating: " ", count: width - text.count) + text
    }
}

/// Errors of `bearing retention`, naming the file and what to fix.
enum RetentionCommandError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case input(path: String, line: Int, column: Int?, columnName: String?, message: String)
    case fit(path: String, reason: String)

    var description: String {
        switch self {
        case let .unreadable(path, reason): "\(path): cannot read: \(reason)"
        case let .input(path, line, column, name, message):
            // Header names and cells quoted in `message` come from the file: shown escaped.
            if let column {
                "\(path):\(line):\(column)\(name.map { " (\(DisplayEscaping.escaped($0)))" } ?? ""): \(DisplayEscaping.escaped(message, limit: 2000))"
            } else {
                "\(path):\(line): \(DisplayEscaping.escaped(message, limit: 2000))"
            }
        case let .fit(path, reason): "\(path): \(reason)"
        }
    }
}

/// The survivor-counts CSV: small enough that a line-by-line reader suffices (quoted fields
/// without embedded line breaks). The history panel has its own reader in BearingPanel.
enum RetentionCountsFile {
    static func read(path: String) throws -> [SurvivalCounts] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw RetentionCommandError.unreadable(path: path, reason: error.localizedDescription)
        }
        if let problem = DisplayEscaping.encodingProblem(prefix: data, kind: "CSV") {
            throw RetentionCommandError.unreadable(path: path, reason: "expected UTF-8 CSV text, found \(problem)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RetentionCommandError.unreadable(path: path, reason: "not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    static func parse(_ text: String, path: String) throws -> [SurvivalCounts] {
        func fail(_ line: Int, _ message: String) -> RetentionCommandError {
            .input(path: path, line: line, column: nil, columnName: nil, message: message)
        }
        func fail(_ line: Int, _ column: Int, _ name: String, _ message: String) -> RetentionCommandError {
            .input(path: path, line: line, column: column, columnName: name, message: message)
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = first.dropFirst() }
        guard let headerLine = lines.first, !headerLine.allSatisfy(\.isWhitespace) else {
            throw fail(1, "expected a header row `period,survivors` (optionally with `cohort`), found an empty file")
        }
        let header = try fields(of: headerLine, line: 1, path: path).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let periodColumn = header.firstIndex(of: "period") else {
            throw fail(1, "expected a `period` column in the header, found: \(header.joined(separator: ","))")
        }
        guard let survivorsColumn = header.firstIndex(of: "survivors") else {
            throw fail(1, "expected a `survivors` column in the header, found: \(header.joined(separator: ","))")
        }
        let cohortColumn = header.firstIndex(of: "cohort")
        for (i, name) in header.enumerated() where i != periodColumn && i != survivorsColumn && i != cohortColumn {
            throw fail(1, i + 1, name, "unknown column; expected only `period`, `survivors` and optionally `cohort`")
        }

        var order: [String] = []
        var counts: [String: [Int]] = [:]
        var lastLine: [String: Int] = [:]
        for (index, line) in lines.enumerated().dropFirst() {
            let lineNumber = index + 1
            if line.allSatisfy(\.isWhitespace) { continue }
            let cells = try fields(of: line, line: lineNumber, path: path)
            guard cells.count == header.count else {
                throw fail(lineNumber, "expected \(header.count) fields like the header, found \(cells.count)")
            }
            func integer(_ column: Int) throws -> Int {
                let raw = cells[column].trimmingCharacters(in: .whitespaces)
                guard let value = Int(raw), value >= 0 else {
                    throw fail(lineNumber, column + 1, header[column], "expected a whole number >= 0, found '\(raw)'")
                }
                return value
            }
            let period = try integer(periodColumn)
            let survivors = try integer(survivorsColumn)
            let cohort = cohortColumn.map { cells[$0].trimmingCharacters(in: .whitespaces) } ?? "all"
            if let cohortColumn, cohort.isEmpty {
                throw fail(lineNumber, cohortColumn + 1, "cohort", "expected a cohort name, found an empty cell")
            }
            var series = counts[cohort] ?? []
            if series.isEmpty { order.append(cohort) }
            guard period == series.count else {
                let expected = series.isEmpty
                    ? "period 0 first"
                    : "period \(series.count) next (periods run 0, 1, 2, ... in file order\(lastLine[cohort].map { "; previous row line \($0)" } ?? ""))"
                throw fail(lineNumber, periodColumn + 1, "period", "cohort '\(cohort)': expected \(expected), found \(period)")
            }
            if let previous = series.last, survivors > previous {
                throw fail(
                    lineNumber, survivorsColumn + 1, "survivors",
                    "cohort '\(cohort)': survivors rose from \(previous) to \(survivors); counts must not increase")
            }
            if period == 0, survivors == 0 {
                throw fail(lineNumber, survivorsColumn + 1, "survivors", "cohort '\(cohort)': period 0 needs at least one customer")
            }
            series.append(survivors)
            counts[cohort] = series
            lastLine[cohort] = lineNumber
        }
        guard !order.isEmpty else { throw fail(2, "expected at least two data rows (period 0 and period 1), found none") }
        for cohort in order where (counts[cohort]?.count ?? 0) < 2 {
            throw fail(lastLine[cohort] ?? 2, "cohort '\(cohort)' has only period 0; the fit needs period 1 or later too")
        }
        return order.map { SurvivalCounts(cohort: $0, survivors: counts[$0] ?? []) }
    }

    /// Splits one CSV line; double quotes enclose fields and `""` is a literal quote.
    static func fields(of line: Substring, line number: Int, path: String) throws -> [String] {
        var result: [String] = []
        var field = ""
        var inQuotes = false
        var iterator = line.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { inQuotes = false; pending = next }
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == "," {
                result.append(field)
                field = ""
            } else if c == "\"" && field.isEmpty {
                inQuotes = true
            } else {
                field.append(c)
            }
        }
        if inQuotes {
            throw RetentionCommandError.input(path: path, line: number, column: result.count + 1, columnName: nil, message: "unterminated quoted field")
        }
        result.append(field)
        return result
    }
}
