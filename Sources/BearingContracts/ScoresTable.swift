import BearingPanel
import BearingVector

/// `scores.csv`, written by `score`: one row per scored panel row, in the history's row order.
///
/// Columns: `customer_id, period, direction, magnitude, category, cohort, churn_probability,
/// segment, fit`; with `--explain` also `direction_raw, magnitude_raw`, each feature's
/// contribution (`direction.<feature>`, `magnitude.<feature>`, `churn.<feature>`), then
/// `direction_raw_change, magnitude_raw_change` and the change of each contribution since the
/// customer's previous period (`direction_change.<feature>`, `magnitude_change.<feature>`;
/// empty without a previous period), then `imputed` (the features whose value was missing and
/// imputed to the training mean, `;`-separated: their 0 contribution means "unknown", where a
/// feature at its mean is "average") and `ghost_rule` (the engagement rule that made the row
/// `ghost`, e.g. `engagement.days_since_contact > 90`). Numbers are `Float`s in shortest
/// round-trip form.
public struct ScoresTable: Sendable, Hashable {
    public static let fileName = "scores.csv"
    public static let columns = [
        "customer_id", "period", "direction", "magnitude", "category", "cohort", "churn_probability", "segment", "fit",
    ]

    /// One row as the report reads it back.
    public struct Row: Sendable, Hashable {
        public var customerID: String
        public var period: Period
        public var direction: Double
        public var magnitude: Double
        public var category: String
        public var churnProbability: Double
        public var segment: String
        public var fit: String

        public init(
            customerID: String, period: Period, direction: Double, magnitude: Double, category: String,
            churnProbability: Double, segment: String, fit: String
        ) {
            self.customerID = customerID
            self.period = period
            self.direction = direction
            self.magnitude = magnitude
            self.category = category
            self.churnProbability = churnProbability
            self.segment = segment
            self.fit = fit
        }
    }

    public var rows: [Row]
    /// The distinct periods of the rows, ascending.
    public var periods: [Period]

    public init(rows: [Row]) {
        self.rows = rows
        periods = Set(rows.map(\.period)).sorted()
    }

    /// The rows of scored panel rows, as the CSV would read back.
    public init(panel: HistoryPanel, scored: PanelScores) {
        let s = scored.scores
        self.init(
            rows: scored.rows.enumerated().map { k, r in
                let row = Int(r)
                return Row(
                    customerID: panel.customerIDs[Int(panel.customer[row])], period: panel.period[row],
                    direction: Double(s.direction[k]), magnitude: Double(s.magnitude[k]), category: s.vectorCategory(k).label,
                    churnProbability: Double(s.churnProbability[k]), segment: Self.segment(panel, row), fit: panel.fit[row].label)
            })
    }

    /// The bytes of `scores.csv`; rows are rendered in blocks on up to `threads` cores and
    /// joined in row order, so the bytes do not depend on the thread count.
    public static func render(
        panel: HistoryPanel, index: PanelIndex, scored: PanelScores, explain: Bool, threads: Int = 1
    ) -> [UInt8] {
        let features = scored.scorer.weights.features
        let dFeatures = features.filter { $0.direction != 0 }.map(\.name)
        let mFeatures = features.filter { $0.magnitude != 0 }.map(\.name)
        let cFeatures = features.filter { $0.churn != 0 }.map(\.name)
        var header = columns
        if explain {
            header += ["direction_raw", "magnitude_raw"]
            header += dFeatures.map { "direction.\($0)" } + mFeatures.map { "magnitude.\($0)" } + cFeatures.map { "churn.\($0)" }
            header += ["direction_raw_change", "magnitude_raw_change"]
            header += dFeatures.map { "direction_change.\($0)" } + mFeatures.map { "magnitude_change.\($0)" }
            header += ["imputed", "ghost_rule"]
        }
        // Labels encoded once: ids, segments, categories, cohorts, fits.
        let labels = Labels(panel: panel)
        let position = Dictionary(features.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        let blockRows = 16_384
        let blocks = (scored.rows.count + blockRows - 1) / blockRows
        let rendered = ParallelWork.map(count: blocks, threads: threads) { b -> [UInt8] in
            let range = (b * blockRows)..<min(scored.rows.count, (b + 1) * blockRows)
            let csv = CSVWriter(header: [], capacity: range.count * (explain ? 400 : 110))
            func put(_ contributions: [FeatureContribution], _ names: [String], _ path: KeyPath<FeatureContribution, Float>) {
                for name in names {
                    if let i = position[name] { csv.field(contributions[i][keyPath: path]) } else { csv.empty() }
                }
            }
            let s = scored.scores
            for k in range {
                let r = scored.rows[k]
                let row = Int(r)
                csv.field(encoded: labels.customers[Int(panel.customer[row])])
                csv.field(panel.period[row])
                csv.field(s.direction[k])
                csv.field(s.magnitude[k])
                csv.field(encoded: labels.categories[Int(s.category[k])])
                csv.field(encoded: labels.cohorts[Int(scored.cohorts[k].rawValue)])
                csv.field(s.churnProbability[k])
                let segment = Int(panel.segment[row])
                csv.field(encoded: segment >= 0 && segment < labels.segments.count ? labels.segments[segment] : [])
                csv.field(encoded: labels.fits[Int(panel.fit[row].rawValue)])
                if explain {
                    let now = scored.explain(panel: panel, row: r)
                    csv.field(now.directionRaw)
                    csv.field(now.magnitudeRaw)
                    put(now.contributions, dFeatures, \.direction)
                    put(now.contributions, mFeatures, \.magnitude)
                    put(now.contributions, cFeatures, \.churn)
                    if let previous = index.previousRow(of: row, in: panel) {
                        let before = scored.explain(panel: panel, row: previous)
                        let change = now.change(since: before)
                        csv.field(now.directionRaw - before.directionRaw)
                        csv.field(now.magnitudeRaw - before.magnitudeRaw)
                        put(change, dFeatures, \.direction)
                        put(change, mFeatures, \.magnitude)
                    } else {
                        for _ in 0..<(2 + dFeatures.count + mFeatures.count) { csv.empty() }
                    }
                    csv.field(now.imputedFeatures.joined(separator: ";"))
                    csv.field(now.ghostRule?.label ?? "")
                }
                csv.endRow()
            }
            return csv.bytes
        }
        let out = CSVWriter(header: header, capacity: rendered.reduce(1 << 12) { $0 + $1.count })
        for block in rendered { out.field(rows: block) }
        return out.bytes
    }

    /// Field bytes of the labels a scores table repeats on every row.
    struct Labels {
        var customers: [[UInt8]]
        var segments: [[UInt8]]
        var categories: [[UInt8]]
        var cohorts: [[UInt8]]
        var fits: [[UInt8]]

        init(panel: HistoryPanel) {
            customers = panel.customerIDs.map(CSVWriter.encoded)
            segments = panel.segmentNames.map(CSVWriter.encoded)
            categories = VectorCategory.allCases.map { CSVWriter.encoded($0.label) }
            cohorts = Cohort.allCases.map { CSVWriter.encoded($0.label) }
            fits = Fit.allCases.map { CSVWriter.encoded($0.label) }
        }
    }

    /// Reads the columns the report uses from a `scores.csv`.
    public static func read(bytes: [UInt8], file: String) throws(ContractError) -> ScoresTable {
        var reader = CSVRecordReader(bytes: bytes)
        guard let header = reader.next() else { throw ContractError(path: file, message: "empty file (expected the header bearing score writes)") }
        var column: [String: Int] = [:]
        for (i, h) in header.fields.enumerated() where column[h] == nil { column[h] = i }
        var c: [Int] = []
        for name in ["customer_id", "period", "direction", "magnitude", "category", "churn_probability"] {
            guard let i = column[name] else {
                throw ContractError(path: file, message: "line 1: no column '\(name)' (expected the header bearing score writes)")
            }
            c.append(i)
        }
        let widest = c.max() ?? 0
        let segment = column["segment"]
        let fit = column["fit"]
        var rows: [Row] = []
        for record in reader.all() {
            let cells = record.fields
            // Scores are Floats written in shortest form: read them as Floats, so rows read back equal
            // the rows of the scores in memory.
            guard cells.count > widest, let period = Period(label: cells[c[1]]), let d = Float(cells[c[2]]),
                let m = Float(cells[c[3]]), let p = Float(cells[c[5]])
            else {
                throw ContractError(
                    path: "\(file):\(record.line)",
                    message: "expected customer_id, a period, and numbers for direction, magnitude and churn_probability")
            }
            rows.append(
                Row(
                    customerID: cells[c[0]], period: period, direction: Double(d), magnitude: Double(m), category: cells[c[4]],
                    churnProbability: Double(p),
                    segment: segment.map { $0 < cells.count ? cells[$0] : "" } ?? "",
                    fit: fit.map { $0 < cells.count ? cells[$0] : "" } ?? ""))
        }
        return ScoresTable(rows: rows)
    }

    private static func segment(_ panel: HistoryPanel, _ row: Int) -> String {
        let s = Int(panel.segment[row])
        return s >= 0 && s < panel.segmentNames.count ? panel.segmentNames[s] : ""
    }
}
