/// One feature column of a panel: Float32 values, one per row; `.nan` marks a missing value.
public struct FeatureColumn: Sendable, Hashable {
    /// Full column name as in the CSV header, e.g. `outcome.usage_trend`.
    public var name: String
    public var group: FeatureGroup
    public var values: [Float]

    public init(name: String, group: FeatureGroup, values: [Float]) {
        self.name = name
        self.group = group
        self.values = values
    }

    /// Number of missing (NaN) cells.
    public var missingCount: Int { values.reduce(0) { $0 + ($1.isNaN ? 1 : 0) } }

    /// Equal when names, groups and values match, a missing value matching a missing value
    /// (plain `[Float]` equality would make any column with a NaN unequal to itself).
    public static func == (a: FeatureColumn, b: FeatureColumn) -> Bool {
        guard a.name == b.name, a.group == b.group, a.values.count == b.values.count else { return false }
        for i in a.values.indices where a.values[i] != b.values[i] && !(a.values[i].isNaN && b.values[i].isNaN) {
            return false
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(group)
        hasher.combine(values.count)
        for v in values { hasher.combine(v.isNaN ? Float.nan.bitPattern : (v == 0 ? 0 : v.bitPattern)) }
    }
}

/// A history panel in memory: one row per customer per period, stored column by column
/// (structure of arrays) so the scoring kernel streams features with customers in SIMD lanes.
///
/// Strings that repeat (customer, segment, CSM, milestone) are interned: rows hold `Int32`
/// indices into the dictionaries; `-1` means "none" for the optional ones. Rows are kept in
/// the order they were read or generated; `PanelIndex` gives the per-period and per-customer views.
public struct HistoryPanel: Sendable, Hashable {
    public var granularity: Granularity

    // MARK: Dictionaries
    /// Customer ids in order of first appearance.
    public var customerIDs: [String]
    public var segmentNames: [String]
    public var csmIDs: [String]
    public var milestoneNames: [String]

    // MARK: Row columns
    public var customer: [Int32]
    /// Period of each row.
    public var period: [Period]
    public var segment: [Int32]
    public var fit: [Fit]
    /// CSM index, or -1 when the cell is empty or the file has no `csm_id` column.
    public var csm: [Int32]
    public var arr: [Double]
    /// Churned during the period. False on a row whose outcome is unknown (see `outcomeKnown`).
    public var churned: [Bool]
    /// Whether each row's outcome is known, or **empty when every outcome is known** (the
    /// common case costs nothing). A row's outcome is unknown when its period is still
    /// running (an empty `churned` cell, or an import's open period): such rows are scored,
    /// but never trained or tested on, and never counted in churn rates or retention tallies.
    /// Use `isOutcomeKnown(_:)` and `rowsWithKnownOutcome(_:)` rather than reading it directly.
    public var outcomeKnown: [Bool]
    public var expansionARR: [Double]
    public var contractionARR: [Double]
    /// Milestone index, or -1 when empty or absent.
    public var milestone: [Int32]
    /// 0 or 1, or -1 when the cell is empty or the column is absent.
    public var milestoneReached: [Int8]
    /// `outcome.*`, `experience.*`, `engagement.*` and `attribute.*` columns, in header order.
    public var features: [FeatureColumn]
    /// `contract_term_months` and `renewal_date`, nil when the source had neither.
    public var contracts: ContractColumns? = nil

    // MARK: Which optional columns the source had (so a written panel keeps its shape)
    public var hasCSMColumn: Bool
    public var hasMilestoneColumns: Bool

    public var rowCount: Int { customer.count }

    /// An empty panel with the given shape.
    public init(
        granularity: Granularity,
        featureNames: [String] = [],
        hasCSMColumn: Bool = true,
        hasMilestoneColumns: Bool = true
    ) {
        self.granularity = granularity
        self.customerIDs = []
        self.segmentNames = []
        self.csmIDs = []
        self.milestoneNames = []
        self.customer = []
        self.period = []
        self.segment = []
        self.fit = []
        self.csm = []
        self.arr = []
        self.churned = []
        self.outcomeKnown = []
        self.expansionARR = []
        self.contractionARR = []
        self.milestone = []
        self.milestoneReached = []
        self.features = featureNames.compactMap { name in
            FeatureGroup(columnName: name).map { FeatureColumn(name: name, group: $0, values: []) }
        }
        self.hasCSMColumn = hasCSMColumn
        self.hasMilestoneColumns = hasMilestoneColumns
    }

    /// Reserves capacity in every row column.
    public mutating func reserveCapacity(_ rows: Int) {
        customer.reserveCapacity(rows)
        period.reserveCapacity(rows)
        segment.reserveCapacity(rows)
        fit.reserveCapacity(rows)
        csm.reserveCapacity(rows)
        arr.reserveCapacity(rows)
        churned.reserveCapacity(rows)
        expansionARR.reserveCapacity(rows)
        contractionARR.reserveCapacity(rows)
        milestone.reserveCapacity(rows)
        milestoneReached.reserveCapacity(rows)
        for i in features.indices { features[i].values.reserveCapacity(rows) }
        contracts?.reserveCapacity(rows)
    }

    /// Whether the outcome (churned or not) of `row` is known.
    @inlinable
    public func isOutcomeKnown(_ row: Int) -> Bool {
        outcomeKnown.isEmpty || outcomeKnown[row]
    }

    /// True when some row's outcome is unknown.
    public var hasUnknownOutcomes: Bool { outcomeKnown.contains(false) }

    /// Rows whose outcome is unknown.
    public var unknownOutcomeCount: Int { outcomeKnown.reduce(0) { $0 + ($1 ? 0 : 1) } }

    /// `rows` without the rows whose outcome is unknown, in the same order (the same array
    /// when every outcome is known). Training, testing and churn tallies go through this.
    public func rowsWithKnownOutcome(_ rows: [Int32]) -> [Int32] {
        guard !outcomeKnown.isEmpty else { return rows }
        return rows.filter { outcomeKnown[Int($0)] }
    }

    /// Marks `row`'s outcome as unknown (and its `churned` false), creating `outcomeKnown`
    /// on first use.
    public mutating func markOutcomeUnknown(_ row: Int) {
        if outcomeKnown.isEmpty { outcomeKnown = Array(repeating: true, count: rowCount) }
        outcomeKnown[row] = false
        churned[row] = false
    }

    /// Indices of the feature columns of one group, in header order.
    public func featureIndices(in group: FeatureGroup) -> [Int] {
        features.indices.filter { features[$0].group == group }
    }

    /// The feature column with this exact name.
    public func feature(named name: String) -> FeatureColumn? {
        features.first { $0.name == name }
    }

    /// Missing (NaN) cells per feature column, in `features` order.
    public var missingCounts: [Int] { features.map(\.missingCount) }

    /// Distinct periods present, ascending.
    public var distinctPeriods: [Period] {
        // Marks in an array over the ordinal range: a Set of a million rows' periods hashed
        // every row (~20 ms of an import's serial finish).
        guard let first = period.first else { return [] }
        var low = first.ordinal
        var high = first.ordinal
        for p in period {
            guard p.granularity == first.granularity else { return Array(Set(period)).sorted() }
            low = min(low, p.ordinal)
            high = max(high, p.ordinal)
        }
        guard Int(high) - Int(low) < 1 << 20 else { return Array(Set(period)).sorted() }
        var seen = [Bool](repeating: false, count: Int(high - low) + 1)
        for p in period { seen[Int(p.ordinal - low)] = true }
        return seen.indices.filter { seen[$0] }.map { Period(granularity: first.granularity, ordinal: low + Int32($0)) }
    }

    /// Bytes held by the row columns (what "columnar size" means in memory budgets).
    public var columnarByteCount: Int {
        let perRow = 4 + MemoryLayout<Period>.stride + 4 + 1 + 4 + 8 + 1 + 8 + 8 + 4 + 1
        return rowCount * (perRow + 4 * features.count)
    }
}
