import BearingPanel

/// Everything `bearing panel --export` can be told about an export besides the file itself.
/// A nil option falls back to the mapping file's value, then to the default.
public struct ExportOptions: Sendable, Hashable {
    /// Column mapping (`--columns MAP.yaml`); nil matches headers that carry panel names.
    public var mapping: ColumnMapping?
    /// `--period-grain`; default: the first period label's, or quarters for dates.
    public var periodGrain: Granularity?
    /// `--delimiter`; default: detected from the header line (comma, semicolon or tab).
    public var delimiter: Delimiter?
    /// `--decimal ,`; default: a decimal point.
    public var decimalSeparator: DecimalSeparator?
    /// `--date-format`; default `YYYY-MM-DD`.
    public var dateFormat: DateFormat?
    /// `--open-period LABEL`: every row of this period has an unknown outcome (the period is
    /// still running, so even an early cancellation is not yet a complete outcome).
    public var openPeriod: Period?
    /// Errors reported before the rest are only counted.
    public var errorLimit: Int

    public init(
        mapping: ColumnMapping? = nil, periodGrain: Granularity? = nil, delimiter: Delimiter? = nil,
        decimalSeparator: DecimalSeparator? = nil, dateFormat: DateFormat? = nil, openPeriod: Period? = nil,
        errorLimit: Int = 50
    ) {
        self.mapping = mapping
        self.periodGrain = periodGrain
        self.delimiter = delimiter
        self.decimalSeparator = decimalSeparator
        self.dateFormat = dateFormat
        self.openPeriod = openPeriod
        self.errorLimit = errorLimit
    }

    var effectiveGrain: Granularity? { periodGrain ?? mapping?.periodGrain ?? openPeriod?.granularity }
    var effectiveDelimiter: Delimiter? { delimiter ?? mapping?.delimiter }
    var effectiveDecimal: DecimalSeparator { decimalSeparator ?? mapping?.decimalSeparator ?? .point }
    var effectiveDateFormat: DateFormat { dateFormat ?? mapping?.dateFormat ?? .iso }
}
