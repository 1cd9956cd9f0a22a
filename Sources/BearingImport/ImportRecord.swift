import BearingPanel

/// What an import did, for `history.import.json` next to the panel: where the data came from
/// (with SHA-256), how columns were mapped, what was converted, defaulted and ignored, so a
/// report can say "no fit data" and an auditor can re-run it.
public struct ImportRecord: Sendable, Hashable, Codable {
    /// Version of this JSON layout (`schema_version`).

    /// One source file (or stream) read.
    public struct Source: Sendable, Hashable, Codable {
        /// `export`, `subscriptions`, `events` or `rows` (rows handed over in memory, e.g. a query).
        public var role: String
        /// Path or name as given.
        public var name: String
        /// `sha256:<hex>` of the bytes read; nil for rows handed over in memory.
        public var sha256: String?
        /// Bytes read; nil for rows handed over in memory.
        public var bytes: Int?
        /// Data rows read (good or not), the header excluded.
        public var rowsRead: Int

        public init(role: String, name: String, sha256: String?, bytes: Int?, rowsRead: Int) {
            self.role = role
            self.name = name
            self.sha256 = sha256
            self.bytes = bytes
            self.rowsRead = rowsRead
        }

        enum CodingKeys: String, CodingKey {
            case role, name, sha256, bytes
            case rowsRead = "rows_read"
        }
    }

    /// Where one panel column came from.
    public struct ColumnSource: Sendable, Hashable, Codable {
        /// The panel column, e.g. `arr` or `attribute.plan=Pro`.
        public var panelColumn: String
        /// Source header (1-based `sourceColumn`), nil when defaulted or derived.
        public var sourceHeader: String?
        /// 1-based column number of `sourceHeader`.
        public var sourceColumn: Int?
        /// `mapping` (the mapping file), `header` (matched by name), `default`, `derived`
        /// (raw tables) or `categorical` (one-hot level of a mapped column).
        public var how: String

        public init(panelColumn: String, sourceHeader: String?, sourceColumn: Int?, how: String) {
            self.panelColumn = panelColumn
            self.sourceHeader = sourceHeader
            self.sourceColumn = sourceColumn
            self.how = how
        }

        enum CodingKeys: String, CodingKey {
            case panelColumn = "panel_column"
            case sourceHeader = "source_header"
            case sourceColumn = "source_column"
            case how
        }
    }

    /// A column the source lacked, filled for every row.
    public struct DefaultedColumn: Sendable, Hashable, Codable {
        public var column: String
        public var value: String
        public var rows: Int

        public init(column: String, value: String, rows: Int) {
            self.column = column
            self.value = value
            self.rows = rows
        }
    }

    /// A categorical attribute and the one-hot columns its levels became.
    public struct CategoricalColumn: Sendable, Hashable, Codable {
        public var column: String
        public var levels: [String]
        public var featureColumns: [String]

        public init(column: String, levels: [String], featureColumns: [String]) {
            self.column = column
            self.levels = levels
            self.featureColumns = featureColumns
        }

        enum CodingKeys: String, CodingKey {
            case column, levels
            case featureColumns = "feature_columns"
        }
    }

    /// `export`, `rows` or `raw_tables`.
    public var kind: String
    /// The files (or row streams) read, in reading order.
    public var sources: [Source]
    /// Reading options in effect (`delimiter`, `decimal`, `date_format`, `period_grain`,
    /// `open_period`, …), as text.
    public var options: [String: String]
    /// Where each panel column came from.
    public var columns: [ColumnSource]
    /// Data rows read over all sources.
    public var rowsRead: Int
    /// Rows of the panel.
    public var rowsWritten: Int
    /// Customers of the panel (re-subscriptions count apart).
    public var customers: Int
    /// First and last periods of the panel.
    public var firstPeriod: Period?
    public var lastPeriod: Period?
    /// Rows whose outcome is unknown (open period or empty churned cells).
    public var unknownOutcomeRows: Int
    /// Cells converted, by kind.
    public var conversions: ConversionCounts
    /// Source columns no panel column used, in source order.
    public var columnsIgnored: [String]
    /// Columns the source lacked, filled with documented defaults.
    public var defaulted: [DefaultedColumn]
    /// Categorical attributes and their one-hot columns.
    public var categorical: [CategoricalColumn]
    /// Counts specific to one kind of import (raw tables: events ignored by reason,
    /// re-subscriptions), keyed in snake_case.
    public var counts: [String: Int]

    public init(kind: String) {
        self.kind = kind
        sources = []
        options = [:]
        columns = []
        rowsRead = 0
        rowsWritten = 0
        customers = 0
        firstPeriod = nil
        lastPeriod = nil
        unknownOutcomeRows = 0
        conversions = ConversionCounts()
        columnsIgnored = []
        defaulted = []
        categorical = []
        counts = [:]
    }

    /// Whether the source had no column for `column` (e.g. `fit`), so a report can say "no fit data".
    public func wasDefaulted(_ column: String) -> Bool {
        defaulted.contains { $0.column == column }
    }

    enum CodingKeys: String, CodingKey {
        case kind, sources, options, columns
        case rowsRead = "rows_read"
        case rowsWritten = "rows_written"
        case customers
        case firstPeriod = "first_period"
        case lastPeriod = "last_period"
        case unknownOutcomeRows = "unknown_outcome_rows"
        case conversions
        case columnsIgnored = "columns_ignored"
        case defaulted, categorical, counts
    }

    /// Records what the imported panel holds: rows written, customers, first and last period,
    /// rows with an unknown outcome.
    mutating func describe(_ panel: HistoryPanel) {
        rowsWritten = panel.rowCount
        customers = panel.customerIDs.count
        let periods = panel.distinctPeriods
        firstPeriod = periods.first
        lastPeriod = periods.last
        unknownOutcomeRows = panel.unknownOutcomeCount
    }
}
