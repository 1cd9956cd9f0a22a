import BearingPanel

/// The column mapping file of an export import (`bearing panel --export FILE --columns MAP.yaml`):
/// which export header feeds which panel column, plus optional reading options.
///
/// ```yaml
/// columns:
///   customer_id: "Account ID"
///   period: "Snapshot date"
///   arr: "ARR (USD)"
///   churned: "Churned?"
///   outcome.usage_trend: "Usage trend 90d"
///   attribute.plan: { from: "Plan", categorical: true }   # one-hot: attribute.plan=<level>
/// period_grain: quarter        # optional: quarter | month
/// delimiter: ";"               # optional: "," ";" tab "|" (default: detected)
/// decimal: ","                 # optional: "." (default) or ","
/// date_format: DD.MM.YYYY      # optional (default YYYY-MM-DD)
/// ```
///
/// Keys of `columns` are panel columns (the contract's, or features named `outcome.*`,
/// `experience.*`, `engagement.*`, `attribute.*`), in the order the panel's features take.
/// Headers match exactly, else ignoring case, spaces, `_` and `-`. Panel columns the mapping
/// leaves out are still matched by header name (`Customer ID` → `customer_id`); options given
/// on the command line win over the file's. Decode with `BearingFiles.ConfigDecoder` for
/// located errors (it keeps the file's key order, which `columns` relies on).
public struct ColumnMapping: Sendable, Hashable, Decodable {
    /// One mapped panel column.
    public struct Entry: Sendable, Hashable {
        /// Panel column name, e.g. `customer_id` or `outcome.usage_trend`.
        public var panelColumn: String
        /// Export header that feeds it.
        public var header: String
        /// One-hot encode the text levels into `attribute.<name>=<level>` columns (attributes only).
        public var categorical: Bool

        public init(panelColumn: String, header: String, categorical: Bool = false) {
            self.panelColumn = panelColumn
            self.header = header
            self.categorical = categorical
        }
    }

    /// Mapped panel columns, in the file's order (the order features take).
    public var entries: [Entry]
    /// `period_grain`; `--period-grain` wins.
    public var periodGrain: Granularity?
    /// `delimiter`; `--delimiter` wins; default detected.
    public var delimiter: Delimiter?
    /// `decimal`; `--decimal` wins.
    public var decimalSeparator: DecimalSeparator?
    /// `date_format`; `--date-format` wins.
    public var dateFormat: DateFormat?

    public init(
        entries: [Entry], periodGrain: Granularity? = nil, delimiter: Delimiter? = nil,
        decimalSeparator: DecimalSeparator? = nil, dateFormat: DateFormat? = nil
    ) {
        self.entries = entries
        self.periodGrain = periodGrain
        self.delimiter = delimiter
        self.decimalSeparator = decimalSeparator
        self.dateFormat = dateFormat
    }

    /// The contract columns a mapping may name besides features.
    public static let contractColumns = [
        "customer_id", "period", "segment", "fit", "csm_id", "arr", "churned", "expansion_arr", "contraction_arr",
        "milestone", "milestone_reached", "contract_term_months", "renewal_date",
    ]

    enum CodingKeys: String, CodingKey {
        case columns
        case periodGrain = "period_grain"
        case delimiter
        case decimal
        case dateFormat = "date_format"
    }

    struct NameKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// `{ from: HEADER, categorical: BOOL }`, the long form of an entry.
    struct Source: Decodable {
        var from: String
        var categorical: Bool?
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let columns = try c.nestedContainer(keyedBy: NameKey.self, forKey: .columns)
        var entries: [Entry] = []
        for key in columns.allKeys {
            let name = key.stringValue
            let group = FeatureGroup(columnName: name)
            guard group != nil || Self.contractColumns.contains(name) else {
                var message =
                    "'\(name)' is not a panel column (expected one of \(Self.contractColumns.joined(separator: ", ")), "
                    + "or a feature named outcome.*, experience.*, engagement.* or attribute.*)"
                if let near = Cells.closest(to: name, in: Self.contractColumns) { message += "; did you mean '\(near)'?" }
                throw DecodingError.dataCorruptedError(forKey: key, in: columns, debugDescription: message)
            }
            let header: String
            let categorical: Bool
            if let text = try? columns.decode(String.self, forKey: key) {
                header = text
                categorical = false
            } else {
                let source = try columns.decode(Source.self, forKey: key)
                header = source.from
                categorical = source.categorical ?? false
            }
            guard !header.isEmpty else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: columns, debugDescription: "'\(name)' needs the export header that feeds it, found an empty name")
            }
            if categorical, group != .attribute {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: columns,
                    debugDescription: "'\(name)': only attribute.* columns can be categorical (one-hot encoded)")
            }
            entries.append(Entry(panelColumn: name, header: header, categorical: categorical))
        }
        self.entries = entries
        periodGrain = try c.decodeIfPresent(Granularity.self, forKey: .periodGrain)
        if let text = try c.decodeIfPresent(String.self, forKey: .delimiter) {
            guard let d = Delimiter(argument: text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .delimiter, in: c, debugDescription: "'delimiter' must be \",\", \";\", tab or \"|\", found '\(text)'")
            }
            delimiter = d
        }
        if let text = try c.decodeIfPresent(String.self, forKey: .decimal) {
            guard let d = DecimalSeparator(rawValue: text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .decimal, in: c, debugDescription: "'decimal' must be \".\" or \",\", found '\(text)'")
            }
            decimalSeparator = d
        }
        if let text = try c.decodeIfPresent(String.self, forKey: .dateFormat) {
            guard let f = DateFormat(pattern: text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .dateFormat, in: c,
                    debugDescription: "'date_format' must spell a date with YYYY, MM (or M) and DD (or D), e.g. MM/DD/YYYY; found '\(text)'")
            }
            dateFormat = f
        }
    }
}

/// Field separator of an export.
public enum Delimiter: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case comma = ","
    case semicolon = ";"
    case tab = "\t"
    case pipe = "|"

    /// Accepts the character itself or its name: `,` `;` `|`, `tab` or `\t`, `comma`, `semicolon`, `pipe`.
    public init?(argument: String) {
        switch argument.lowercased() {
        case ",", "comma": self = .comma
        case ";", "semicolon": self = .semicolon
        case "\t", "\\t", "tab": self = .tab
        case "|", "pipe": self = .pipe
        default: return nil
        }
    }

    var byte: UInt8 { rawValue.utf8.first ?? UInt8(ascii: ",") }

    /// How the import record writes it: the character, or `tab`.
    public var description: String { self == .tab ? "tab" : rawValue }
}

/// The decimal mark of an export's numbers.
public enum DecimalSeparator: String, Sendable, Hashable, CaseIterable {
    /// `1,234.5` (thousands with commas).
    case point = "."
    /// `1.234,5` (thousands with points or spaces).
    case comma = ","
}
