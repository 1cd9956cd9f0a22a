import ArgumentParser
import BearingMetrics
import BearingPanel
import BearingVector
import Foundation

/// `bearing score HISTORY`: Success Vector, category, cohort and churn probability per
/// customer and period.
public struct ScoreCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score Success Vectors: direction, magnitude, category, cohort and churn probability per customer and period.",
        discussion: """
            Writes OUT (CSV) with the columns customer_id, period, direction, magnitude, \
            category, cohort, churn_probability, segment, fit; one row per scored panel row, \
            in the history's row order. direction = tanh(direction_raw) is in (-1, 1), \
            magnitude = logistic(magnitude_raw) in (0, 1).

            With --explain, extra columns say why: direction_raw, magnitude_raw, then per \
            feature its contribution (weight x standardised value; 0 when the value was \
            missing and imputed) as direction.<feature>, magnitude.<feature> (and \
            churn.<feature> for logistic/health weights), and the change of each since the \
            customer's previous period as direction_change.<feature> and \
            magnitude_change.<feature> (empty when there is no previous period).

            Also writes OUT's name with .summary.json instead of .csv (counts, missing \
            values, cohort table, the weights used) and prints the cohort table: cohorts \
            are taken at the first scored period; realised NRR, GRR and logo retention run \
            from there to the last period of the history.

            Without --weights, the documented default weights are used: domain signs, with \
            the standardisation estimated from the rows being scored (all periods, or --period).

            Example:
              bearing score history.csv --weights weights.json --period 2025-Q2 --out scores.csv
            """)

    @Argument(help: "History panel CSV.")
    var history: String

    @Option(help: "Calibrated weights JSON (default: the documented default weights).")
    var weights: String?

    @Option(help: "Score only this period (YYYY-Qn or YYYY-MM); default: every period.")
    var period: String?

    @Flag(help: "Add per-feature contributions and their change since the previous period.")
    var explain = false

    @Option(help: "Gross margin for CLTV in the cohort table, 0...1.")
    var grossMargin: Double = 0.8

    @Option(help: "Cores to score on (results do not depend on it).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "No progress lines on stderr.")
    var quiet = false

    @Option(help: "Scores CSV to write.")
    var out: String

    public init() {}

    public func validate() throws {
        guard grossMargin.isFinite, grossMargin >= 0, grossMargin <= 1 else {
            throw ValidationError("--gross-margin must be between 0 and 1, got \(grossMargin)")
        }
        guard threads >= 1, threads <= 1024 else {
            throw ValidationError("--threads must be between 1 and 1024, got \(threads)")
        }
        if let period, Period(label: period) == nil {
            throw ValidationError("--period must look like 2025-Q2 or 2025-06, got '\(period)'")
        }
        guard out.hasSuffix(".csv") else {
            throw ValidationError("--out must name a .csv file (the summary goes next to it as .summary.json), got '\(out)'")
        }
    }

    public func run() throws {
        let text = try Self.score(
            history: history, weightsPath: weights, period: period, explain: explain, grossMargin: grossMargin,
            threads: threads, out: out, progress: !quiet && isatty(2) != 0)
        print(text, terminator: "")
    }

    /// Reads, scores, writes both files atomically and returns the stdout text.
    static func score(
        history: String, weightsPath: String?, period periodLabel: String?, explain: Bool, grossMargin: Double,
        threads: Int, out: String, progress: Bool
    ) throws -> String {
        func note(_ text: String) {
            if progress { FileHandle.standardError.write(Data("score: \(text)\n".utf8)) }
        }
        note("reading \(history)")
        let panel = try HistoryCSVReader.read(contentsOf: URL(fileURLWithPath: history), fileName: history)
        let index = PanelIndex(panel)
        guard let firstPanelPeriod = index.periods.first, let lastPanelPeriod = index.periods.last else {
            throw ScoreCommandError.emptyHistory(history)
        }
        var rows: [Int32]? = nil
        var windowStart = firstPanelPeriod
        if let periodLabel {
            guard let p = Period(label: periodLabel), p.granularity == panel.granularity, index.periods.contains(p) else {
                throw ScoreCommandError.periodNotInHistory(
                    period: periodLabel, history: history, first: firstPanelPeriod.label, last: lastPanelPeriod.label)
            }
            rows = index.rows(in: p)
            windowStart = p
        }
        let weights: Weights
        if let weightsPath {
            weights = try WeightsFile.read(weightsPath)
        } else {
            weights = DefaultWeights.make(for: panel, rows: rows, bearingVersion: BearingVersion.current)
        }
        note("scoring \(rows?.count ?? panel.rowCount) rows on \(threads) thread(s)")
        let scored: PanelScores
        do {
            scored = try PanelScores(panel: panel, weights: weights, rows: rows, threads: threads)
        } catch {
            // The weights and the history disagree: name both files.
            throw CommandInputError(path: weightsPath ?? "default weights", message: "\(error) (\(history))")
        }

        var scoreOfRow = [Int32](repeating: -1, count: panel.rowCount)
        for (k, r) in scored.rows.enumerated() { scoreOfRow[Int(r)] = Int32(k) }
        let csv = ScoreCSV.render(panel: panel, index: index, scored: scored, explain: explain)

        let table = WindowMetrics.cohortTable(
            panel: panel, index: index, first: windowStart, last: lastPanelPeriod, grossMargin: grossMargin
        ) { row in
            let k = Int(scoreOfRow[row])
            return k >= 0 ? scored.cohorts[k] : Cohort(fit: panel.fit[row], category: .neutral)
        }
        let atStart = Self.cohortsAtStart(panel: panel, index: index, scored: scored, scoreOfRow: scoreOfRow, start: windowStart)
        var categories: [String: Int] = [:]
        for c in scored.scores.category { categories[(VectorCategory(rawValue: c) ?? .neutral).label, default: 0] += 1 }
        let summaryURL = URL(fileURLWithPath: String(out.dropLast(4)) + ".summary.json")
        let summary = ScoreSummary(
            bearingVersion: BearingVersion.current, history: history, scores: out, weightsFile: weightsPath,
            modelKind: weights.kind, periods: Array(Set(scored.rows.map { panel.period[Int($0)] })).sorted(),
            rows: scored.rows.count, customers: Set(scored.rows.map { panel.customer[Int($0)] }).count,
            categories: categories, missing: scored.missing, imputation: weights.imputation, explain: explain,
            cohortsAtStart: atStart, cohortTable: table, cltvFormula: CohortTable.cltvFormula, weights: weights)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var json = try encoder.encode(summary)
        json.append(0x0A)

        // Both files become visible only when both are complete, one run at a time.
        let folderLock = try OutputFolderLock(directory: URL(fileURLWithPath: out).deletingLastPathComponent())
        defer { folderLock.release() }
        let csvOutput = try AtomicOutput(destination: URL(fileURLWithPath: out))
        let jsonOutput = try AtomicOutput(destination: summaryURL)
        do {
            try csvOutput.write(csv)
            try jsonOutput.write(Array(json))
            try csvOutput.commit()
            try jsonOutput.commit()
        } catch {
            csvOutput.abandon()
            jsonOutput.abandon()
            throw error
        }
        note("wrote \(out) and \(summaryURL.path)")
        return render(summary: summary, weightsLabel: weightsPath ?? "default weights (standardised on this panel)")
    }

    static func cohortsAtStart(
        panel: HistoryPanel, index: PanelIndex, scored: PanelScores, scoreOfRow: [Int32], start: Period
    ) -> [ScoreSummary.CohortCount] {
        struct Acc {
            var customers = 0
            var arr = 0.0
            var probability = 0.0
        }
        var bySegment: [String: [Cohort: Acc]] = [:]
        for r in index.rows(in: start) {
            let k = Int(scoreOfRow[Int(r)])
            guard k >= 0 else { continue }
            let s = Int(panel.segment[Int(r)])
            let segment = s >= 0 && s < panel.segmentNames.count ? panel.segmentNames[s] : ""
            for key in [segment, CohortTable.allLabel] {
                var acc = bySegment[key, default: [:]][scored.cohorts[k], default: Acc()]
                acc.customers += 1
                acc.arr += panel.arr[Int(r)]
                acc.probability += Double(scored.scores.churnProbability[k])
                bySegment[key, default: [:]][scored.cohorts[k]] = acc
            }
        }
        let segments = bySegment.keys.filter { $0 != CohortTable.allLabel }.sorted() + [CohortTable.allLabel]
        var out: [ScoreSummary.CohortCount] = []
        for segment in segments {
            for cohort in Cohort.allCases {
                let acc = bySegment[segment]?[cohort] ?? Acc()
                out.append(
                    ScoreSummary.CohortCount(
                        segment: segment, cohort: cohort.label, customers: acc.customers, arr: acc.arr,
                        meanChurnProbability: acc.customers > 0 ? acc.probability / Double(acc.customers) : nil))
            }
        }
        return out
    }

    /// The cohort table as text: predicted churn at the window start beside realised retention.
    static func render(summary: ScoreSummary, weightsLabel: String) -> String {
        let t = summary.cohortTable
        var lines: [String] = []
        let periods = summary.periods
        let span = periods.count == 1 ? periods[0].label : "\(periods.first?.label ?? "")...\(periods.last?.label ?? "")"
        lines.append("Scored \(summary.rows) rows (\(summary.customers) customers, \(span)) with \(weightsLabel).")
        lines.append(
            "Categories: "
                + VectorCategory.allCases.map { "\($0.label) \(summary.categories[$0.label] ?? 0)" }.joined(separator: ", "))
        lines.append(
            "Cohorts at \(t.firstPeriod.label); realised retention over \(t.firstPeriod.label)...\(t.lastPeriod.label) (\(t.windowPeriods) period(s)):")
        func pad(_ s: String, _ n: Int, left: Bool = false) -> String {
            s.count >= n ? s : (left ? String(repeating: " ", count: n - s.count) + s : s + String(repeating: " ", count: n - s.count))
        }
        func pct(_ x: Double?) -> String { x.map { String(format: "%.1f%%", $0 * 100) } ?? "-" }
        let segmentWidth = max(7, (t.rows.map(\.segment.count).max() ?? 0) + 1)
        lines.append(
            pad("segment", segmentWidth) + pad("cohort", 20) + pad("customers", 10, left: true) + pad("start ARR", 14, left: true)
                + pad("p(churn)", 10, left: true) + pad("logo ret", 10, left: true) + pad("NRR", 9, left: true)
                + pad("GRR", 9, left: true))
        for row in t.rows {
            let predicted = summary.cohortsAtStart.first { $0.segment == row.segment && $0.cohort == row.cohort }
            var p = predicted?.meanChurnProbability
            if predicted == nil {
                // good-fit and all rows: ARR-independent mean over the cohorts they hold.
                let members = summary.cohortsAtStart.filter {
                    $0.segment == row.segment && (row.cohort == CohortTable.allLabel || $0.cohort != Cohort.badFit.label)
                }
                let n = members.reduce(0) { $0 + $1.customers }
                let sum = members.reduce(0.0) { $0 + ($1.meanChurnProbability ?? 0) * Double($1.customers) }
                p = n > 0 ? sum / Double(n) : nil
            }
            lines.append(
                pad(row.segment, segmentWidth) + pad(row.cohort, 20)
                    + pad(String(row.tally.startCustomers), 10, left: true)
                    + pad(String(format: "%.0f", row.tally.startARR), 14, left: true) + pad(pct(p), 10, left: true)
                    + pad(pct(row.logoRetention), 10, left: true) + pad(pct(row.nrr), 9, left: true)
                    + pad(pct(row.grr), 9, left: true))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Why `bearing score` stopped.
enum ScoreCommandError: Error, CustomStringConvertible {
    case emptyHistory(String)
    case periodNotInHistory(period: String, history: String, first: String, last: String)

    var description: String {
        switch self {
        case .emptyHistory(let path):
            "\(path) has no rows to score"
        case .periodNotInHistory(let period, let history, let first, let last):
            "--period \(period) is not in \(history), which runs \(first)...\(last) (use a period of the file's granularity)"
        }
    }
}
