import BearingPanel

/// Turns period cells into periods: labels (`2025-Q2`, `2025-06`) pass through, dates are
/// placed in the calendar period that contains them (`2024-03-31` → 2024-Q1 by quarter,
/// 2024-03 by month; a mid-month date belongs to its calendar month and quarter).
///
/// The grain is the option's, else the first label's; dates with neither fall into quarters
/// and the import says so (`defaultedGrain`). ISO dates (`YYYY-MM-DD`) are read whatever the
/// date format. A month label under a quarter grain is moved to
/// its quarter; a quarter label under a month grain is an error.
struct PeriodReader {
    private(set) var granularity: Granularity?
    let dateFormat: DateFormat
    private(set) var defaultedGrain = false

    enum Read {
        case label(Period)
        /// A month label moved to its quarter.
        case regrained(Period)
        case date(Period)
        /// A quarter label under a month grain.
        case wrongGranularity
        case invalid
    }

    /// ISO dates are read whatever the format (they cannot be mistaken for another).
    private let isISO: Bool

    init(granularity: Granularity?, dateFormat: DateFormat?) {
        self.granularity = granularity
        self.dateFormat = dateFormat ?? .iso
        isISO = self.dateFormat.parts == DateFormat.iso.parts
    }

    @inline(__always)
    mutating func read(_ c: UnsafeBufferPointer<UInt8>) -> Read {
        if c.count == 7, let p = Self.label(c) {
            guard let g = granularity else {
                granularity = p.granularity
                return .label(p)
            }
            if p.granularity == g { return .label(p) }
            if g == .quarter { return .regrained(Period(year: p.year, quarter: (p.subperiod - 1) / 3 + 1)) }
            return .wrongGranularity
        }
        guard let (year, month, _) = dateFormat.parse(c) ?? (isISO ? nil : DateFormat.iso.parse(c)) else { return .invalid }
        if granularity == nil {
            granularity = .quarter
            defaultedGrain = true
        }
        return .date(granularity == .month ? Period(year: year, month: month) : Period(year: year, quarter: (month - 1) / 3 + 1))
    }

    /// This reader with the grain `decided` settled (and whether it was defaulted): for a
    /// parallel import's chunks after the row that settles it, so each reads as one thread would.
    func settled(as decided: PeriodReader) -> PeriodReader {
        var reader = self
        reader.granularity = decided.granularity
        reader.defaultedGrain = decided.defaultedGrain
        return reader
    }

    /// What a period cell should hold, for messages.
    var expected: String {
        let dates = isISO ? "a date like YYYY-MM-DD" : "a date like \(dateFormat.pattern) or YYYY-MM-DD"
        switch granularity {
        case .quarter?: return "a quarter like 2025-Q2, a month like 2025-06 or \(dates)"
        case .month?: return "a month like 2025-06 or \(dates)"
        case nil: return "a period like 2025-Q2 or 2025-06, or \(dates)"
        }
    }

    /// `YYYY-Qn` or `YYYY-MM` (q in either case): the strict reader's grammar.
    @inline(__always)
    static func label(_ b: UnsafeBufferPointer<UInt8>) -> Period? { PanelBuilder.periodLabel(b) }
}
