import BearingPanel

/// Calendar arithmetic on day numbers (days since 1970-01-01, proleptic Gregorian), for the
/// raw tables: which period a date falls in, where a period starts, days between dates.
enum CivilDate {
    /// Day number of a valid (year, month, day) (H. Hinnant's `days_from_civil`).
    @inline(__always)
    static func day(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The period of a date under a grain.
    @inline(__always)
    static func period(year: Int, month: Int, granularity: Granularity) -> Period {
        granularity == .month ? Period(year: year, month: month) : Period(year: year, quarter: (month - 1) / 3 + 1)
    }

    /// Day number of a period's first day.
    static func firstDay(of period: Period) -> Int {
        let month = period.granularity == .month ? period.subperiod : (period.subperiod - 1) * 3 + 1
        return day(year: period.year, month: month, day: 1)
    }
}

/// Reads table dates (`--date-format`, ISO always accepted, a time of day ignored) as day
/// numbers with their period.
struct TableDateReader {
    let format: DateFormat
    let granularity: Granularity
    private let isISO: Bool

    init(format: DateFormat, granularity: Granularity) {
        self.format = format
        self.granularity = granularity
        isISO = format.parts == DateFormat.iso.parts
    }

    @inline(__always)
    func read(_ c: UnsafeBufferPointer<UInt8>) -> (day: Int32, period: Period)? {
        guard let (y, m, d) = format.parse(c) ?? (isISO ? nil : DateFormat.iso.parse(c)) else { return nil }
        return (Int32(CivilDate.day(year: y, month: m, day: d)), CivilDate.period(year: y, month: m, granularity: granularity))
    }

    var expected: String { isISO ? "a date like YYYY-MM-DD" : "a date like \(format.pattern) or YYYY-MM-DD" }
}
