import BearingContracts
import BearingMetrics
import BearingPanel
import BearingVector
import Foundation

/// `score`: Success Vector, category, cohort and churn probability per customer and period,
/// with the cohort table of the scored window.
public enum ScoreStage {
    public struct Options: Sendable {
        /// Score only this period; nil scores every period.
        public var period: String?
        public var explain: Bool
        /// Gross margin for CLTV in the cohort table.
        public var grossMargin: Double
        public var threads: Int

        public init(period: String? = nil, explain: Bool = false, grossMargin: Double = 0.8, threads: Int = 1) {
            self.period = period
            self.explain = explain
            self.grossMargin = grossMargin
            self.threads = threads
        }
    }

    /// What `score` writes and prints.
    public struct Output: Sendable {
        public var summary: ScoresSummary
        public var scores: PanelScores
        /// `scores.csv` and `scores.summary.json`, named after the scores file.
        public var files: [OutputFile]
        public var text: String
    }

    /// Scores `history` with `weights` (nil: the documented default weights standardised on the
    /// scored rows). `weightsPath` names the weights in the summary; `scoresFile` is the CSV's
    /// name, the summary's is derived from it (`scores.csv` → `scores.summary.json`).
    public static func run(
        history: HistoryInput, weights: Weights?, weightsPath: String?, scoresFile: String, options: Options,
        progress: ProgressSink = .silent
    ) throws -> Output {
        let panel = history.panel
        let index = history.index
        guard let firstPeriod = index.periods.first, let lastPeriod = index.periods.last else {
            throw ContractError(path: history.path, message: "the history has no rows to score")
        }
        var rows: [Int32]?
        var windowStart = firstPeriod
        if let label = options.period {
            let p = try history.period(label, option: "--period")
            rows = index.rows(in: p)
            windowStart = p
        }
        let coverage = weights == nil ? DefaultWeightsCoverage(panel: panel) : nil
        let weights = weights ?? DefaultWeights.make(for: panel, rows: rows, bearingVersion: BearingVersion.current)
        progress.note("scoring \(rows?.count ?? panel.rowCount) rows on \(options.threads) thread(s)")
        let scored: PanelScores
        do {
            scored = try PanelScores(panel: panel, weights: weights, rows: rows, threads: options.threads)
        } catch {
            // The weights and the history disagree: name both files.
            throw ContractError(path: weightsPath ?? "default weights", message: "\(error) (\(history.path))")
        }
        var scoreOfRow = [Int32](repeating: -1, count: panel.rowCount)
        for (k, r) in scored.rows.enumerated() { scoreOfRow[Int(r)] = Int32(k) }
        let table = WindowMetrics.cohortTable(
            panel: panel, index: index, first: windowStart, last: lastPeriod, grossMargin: options.grossMargin
        ) { row in
            let k = Int(scoreOfRow[row])
            return k >= 0 ? scored.cohorts[k] : Cohort(fit: panel.fit[row], category: .neutral)
        }
        var categories: [String: Int] = [:]
        for c in scored.scores.category { categories[(VectorCategory(rawValue: c) ?? .neutral).label, default: 0] += 1 }
        var periodSeen = [Bool](repeating: false, count: index.periods.count)
        var customerSeen = [Bool](repeating: false, count: panel.customerIDs.count)
        for r in scored.rows {
            if let slot = index.periods.firstIndex(of: panel.period[Int(r)]) { periodSeen[slot] = true }
            customerSeen[Int(panel.customer[Int(r)])] = true
        }
        let summary = ScoresSummary(
            bearingVersion: BearingVersion.current, history: history.path, scores: scoresFile, weightsFile: weightsPath,
            modelKind: weights.kind, periods: index.periods.indices.filter { periodSeen[$0] }.map { index.periods[$0] },
            rows: scored.rows.count, customers: customerSeen.reduce(0) { $0 + ($1 ? 1 : 0) }, categories: categories,
            missing: scored.missing, imputation: weights.imputation, explain: options.explain,
            cohortsAtStart: scored.cohortCounts(panel: panel, index: index, period: windowStart, scoreOfRow: scoreOfRow),
            cohortTable: table, cltvFormula: CohortTable.cltvFormula, weights: weights)
        // Rendered when written, so the write of each block overlaps the rendering of the next.
        let csv = ScoresTable.content(panel: panel, index: index, scored: scored, explain: options.explain, threads: options.threads)
        let name = URL(fileURLWithPath: scoresFile).lastPathComponent
        return Output(
            summary: summary, scores: scored,
            files: [
                OutputFile(name: name, chunks: csv),
                try OutputFile.json(summaryName(of: name), summary),
            ],
            text: render(summary, weightsLabel: weightsPath ?? "default weights (standardised on this panel)")
                + (coverage.map(render) ?? ""))
    }

    /// Which feature names the default weights recognised, and the warning when few or none were.
    public static func render(_ coverage: DefaultWeightsCoverage) -> String {
        let used = coverage.recognised.count + coverage.unrecognised.count
        var s = "\nDefault weights recognised \(coverage.recognised.count) of \(used) feature names"
        if !coverage.recognised.isEmpty {
            s += ": " + coverage.recognised.map { "\($0.feature) (\($0.sign > 0 ? "+" : "-"), \($0.marker))" }.joined(separator: ", ")
        }
        s += "\n"
        if !coverage.unrecognised.isEmpty { s += "  signs guessed +1: " + coverage.unrecognised.joined(separator: ", ") + "\n" }
        if !coverage.ignored.isEmpty { s += "  left out (attribute.*): " + coverage.ignored.joined(separator: ", ") + "\n" }
        if let warning = coverage.warning { s += "warning: " + warning + "\n" }
        return s
    }

    /// `scores.csv` → `scores.summary.json`.
    public static func summaryName(of scoresFile: String) -> String {
        (scoresFile.hasSuffix(".csv") ? String(scoresFile.dropLast(4)) : scoresFile) + ".summary.json"
    }

    /// The cohort table as text: predicted churn at the window start beside realised retention.
    public static func render(_ summary: ScoresSummary, weightsLabel: String) -> String {
        let t = summary.cohortTable
        let periods = summary.periods
        let span = periods.count == 1 ? periods[0].label : "\(periods.first?.label ?? "")...\(periods.last?.label ?? "")"
        var lines = [
            "Scored \(summary.rows) rows (\(summary.customers) customers, \(span)) with \(weightsLabel).",
            "Categories: " + VectorCategory.allCases.map { "\($0.label) \(summary.categories[$0.label] ?? 0)" }.joined(separator: ", "),
            "Cohorts at \(t.firstPeriod.label); realised retention over \(t.firstPeriod.label)...\(t.lastPeriod.label) (\(t.windowPeriods) period(s)):",
        ]
        var rows: [[String]] = []
        for row in t.rows {
            let predicted = summary.cohortsAtStart.first { $0.segment == row.segment && $0.cohort == row.cohort }
            var p = predicted?.meanChurnProbability
            if predicted == nil {
                // good-fit and all rows: the customer-weighted mean over the cohorts they hold.
                let members = summary.cohortsAtStart.filter {
                    $0.segment == row.segment && (row.cohort == CohortTable.allLabel || $0.cohort != Cohort.badFit.label)
                }
                let n = members.reduce(0) { $0 + $1.customers }
                let sum = members.reduce(0.0) { $0 + ($1.meanChurnProbability ?? 0) * Double($1.customers) }
                p = n > 0 ? sum / Double(n) : nil
            }
            rows.append([
                row.segment, row.cohort, String(row.tally.startCustomers), String(format: "%.0f", row.tally.startARR),
                TextTable.percent(p), TextTable.percent(row.logoRetention), TextTable.percent(row.nrr), TextTable.percent(row.grr),
            ])
        }
        lines.append(
            TextTable.render(["segment", "cohort", "customers", "start ARR", "p(churn)", "logo ret", "NRR", "GRR"], rows)
                .trimmingCharacters(in: .newlines))
        let missing = summary.missing.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        if !missing.isEmpty {
            lines.append(
                "Missing cells (imputed to the weights' training mean: z = 0, no contribution): "
                    + missing.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
