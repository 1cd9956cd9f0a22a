import BearingPanel

/// Options of a raw-tables import (`bearing panel --subscriptions S [--events E --metrics M] --grain G`).
public struct RawTablesOptions: Sendable, Hashable {
    /// `--grain`: the panel's period length.
    public var granularity: Granularity
    /// How the events become features (required when an events table is given, unless it only
    /// holds milestone events).
    public var metrics: MetricCatalog?
    /// `--date-format`; default `YYYY-MM-DD` (ISO dates are always accepted).
    public var dateFormat: DateFormat?
    /// `--decimal ,`; default a decimal point.
    public var decimalSeparator: DecimalSeparator?
    /// `--delimiter`; default detected per file.
    public var delimiter: Delimiter?
    /// The last period of the panel; default the latest period of any ledger or event date.
    public var through: Period?
    /// `--open-period`: rows of this period have an unknown outcome.
    public var openPeriod: Period?
    /// Milestone names in journey order (a milestone catalogue's): after a period in which a
    /// customer reached one, the next period's milestone is the next in this order.
    public var milestoneOrder: [String]?
    /// Errors reported before the rest are only counted.
    public var errorLimit: Int

    public init(
        granularity: Granularity, metrics: MetricCatalog? = nil, dateFormat: DateFormat? = nil,
        decimalSeparator: DecimalSeparator? = nil, delimiter: Delimiter? = nil, through: Period? = nil,
        openPeriod: Period? = nil, milestoneOrder: [String]? = nil, errorLimit: Int = 50
    ) {
        self.granularity = granularity
        self.metrics = metrics
        self.dateFormat = dateFormat
        self.decimalSeparator = decimalSeparator
        self.delimiter = delimiter
        self.through = through
        self.openPeriod = openPeriod
        self.milestoneOrder = milestoneOrder
        self.errorLimit = errorLimit
    }
}
