import BearingPanel
import BearingVector

/// Writes the leading columns of a `scores.csv` row (`customer_id` … `fit`) straight into a
/// byte sink: labels come from `EncodedLabels` tables built once per table, the three scores
/// are formatted in place, and room for the whole row is reserved with one check.
struct ScoresRowWriter: Sendable {
    private let panel: HistoryPanel
    private let scores: VectorScores
    private let rows: [Int32]
    private let cohorts: [Cohort]
    private let customers: EncodedLabels
    private let segments: EncodedLabels
    private let categories: EncodedLabels
    private let cohortLabels: EncodedLabels
    private let fits: EncodedLabels
    /// Labels of the periods `firstPeriod.ordinal ..< firstPeriod.ordinal + count`, when
    /// `hasPeriodTable` (false when the panel's periods are too spread out for a table; they
    /// are then formatted per row). Not an optional: binding one per row retained the table.
    private let periods: EncodedLabels
    private let hasPeriodTable: Bool
    private let firstOrdinal: Int32
    private let granularity: Granularity
    /// Bytes a row may take, newline included.
    private let rowBound: Int

    init(panel: HistoryPanel, scored: PanelScores) {
        self.panel = panel
        scores = scored.scores
        rows = scored.rows
        cohorts = scored.cohorts
        customers = EncodedLabels(panel.customerIDs)
        segments = EncodedLabels(panel.segmentNames)
        categories = EncodedLabels(VectorCategory.allCases.map(\.label))
        cohortLabels = EncodedLabels(Cohort.allCases.map(\.label))
        fits = EncodedLabels(Fit.allCases.map(\.label))
        granularity = panel.granularity
        var low = Int32.max
        var high = Int32.min
        var uniform = true
        for p in panel.period {
            low = min(low, p.ordinal)
            high = max(high, p.ordinal)
            uniform = uniform && p.granularity == panel.granularity
        }
        firstOrdinal = low
        let granularity = panel.granularity
        if uniform, low <= high, Int(high) - Int(low) < 1 << 16 {
            periods = EncodedLabels(count: Int(high - low) + 1, bound: 24 * (Int(high - low) + 1)) { i, sink in
                HistoryCSVFormat.appendPeriod(Period(granularity: granularity, ordinal: low + Int32(i)), to: &sink)
            }
            hasPeriodTable = true
        } else {
            periods = EncodedLabels([])
            hasPeriodTable = false
        }
        // Labels, three numbers, a period (24 bytes covers any Int32 year), 8 commas, newline.
        rowBound =
            customers.longest + segments.longest + categories.longest + cohortLabels.longest + fits.longest + 3
            * HistoryCSVFormat.maxNumberBytes + max(24, periods.longest) + 9
    }

    /// Appends `customer_id, period, direction, magnitude, category, cohort,
    /// churn_probability, segment, fit` of scored row `k`, without the newline; room for the
    /// newline is included.
    @inline(__always)
    func append(row k: Int, to sink: inout CSVByteSink) {
        let comma = UInt8(ascii: ",")
        let row = Int(rows[k])
        sink.ensure(rowBound)
        customers.put(Int(panel.customer[row]), to: &sink)
        sink.put(comma)
        let period = panel.period[row]
        if hasPeriodTable, period.granularity == granularity {
            periods.put(Int(period.ordinal - firstOrdinal), to: &sink)
        } else {
            HistoryCSVFormat.appendPeriod(period, to: &sink)
        }
        sink.put(comma)
        Self.number(scores.direction[k], to: &sink)
        sink.put(comma)
        Self.number(scores.magnitude[k], to: &sink)
        sink.put(comma)
        categories.put(Int(scores.category[k]), to: &sink)
        sink.put(comma)
        cohortLabels.put(Int(cohorts[k].rawValue), to: &sink)
        sink.put(comma)
        Self.number(scores.churnProbability[k], to: &sink)
        sink.put(comma)
        let segment = Int(panel.segment[row])
        if segment >= 0 && segment < segments.count { segments.put(segment, to: &sink) }
        sink.put(comma)
        fits.put(Int(panel.fit[row].rawValue), to: &sink)
    }

    /// A score cell: empty when NaN or infinite (what every Bearing reader takes as undefined).
    @inline(__always)
    static func number(_ x: Float, to sink: inout CSVByteSink) {
        if x.isFinite { HistoryCSVFormat.appendNumber(x, to: &sink) }
    }
}
