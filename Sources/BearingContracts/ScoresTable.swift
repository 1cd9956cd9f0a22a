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
