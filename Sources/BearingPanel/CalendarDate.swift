/// A day of the proleptic Gregorian calendar, `YYYY-MM-DD` (the panel's `renewal_date`).
///
/// Stored as `dayNumber`, days since 1970-01-01, so dates compare and subtract as integers;
/// conversions use Howard Hinnant's `days_from_civil` / `civil_from_days` algorithms (exact for
/// every date with a four-digit year).
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before).
    public let dayNumber: Int32

    public init(dayNumber: Int32) {
        self.dayNumber = dayNumber
    }

    /// Nil unless `month` is 1...12 and `day` exists in that month (leap years included).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(year: year, month: month) else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = (month + 9) % 12  // March = 0
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        dayNumber = Int32(era * 146_097 + dayOfEra - 719_468)
    }

    /// The last day of a month given as `year * 12 + (month - 1)` (the panel's month index).
    public init(lastDayOfMonthIndex index: Int) {
        let year = index >= 0 ? index / 12 : (index - 11) / 12
        let month = index - year * 12 + 1
        // Every month has its last day, so the failable initialiser cannot fail here.
        self = CalendarDate(year: year, month: month, day: Self.daysIn(year: year, month: month)) ?? CalendarDate(dayNumber: 0)
    }

    /// Year, month (1...12) and day (1...31).
    public var components: (year: Int, month: Int, day: Int) {
        let z = Int(dayNumber) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `year * 12 + (month - 1)`: the month this date falls in.
    public var monthIndex: Int {
        let c = components
        return c.year * 12 + c.month - 1
    }

    /// `YYYY-MM-DD`.
    public var label: String {
        let c = components
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let y = String(c.year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + two(c.month) + "-" + two(c.day)
    }

    public var description: String { label }

    /// Parses `YYYY-MM-DD` (exactly ten characters, a real date).
    public init?(label: some StringProtocol) {
        guard let parsed = Self.parse(Array(label.utf8)[...]) else { return nil }
        self = parsed
    }

    /// Parses `YYYY-MM-DD` from raw UTF-8 bytes (the CSV reader's path).
    public static func parse(_ bytes: some Collection<UInt8>) -> CalendarDate? {
        guard bytes.count == 10 else { return nil }
        var digits: [Int] = []
        digits.reserveCapacity(8)
        for (i, b) in bytes.enumerated() {
            if i == 4 || i == 7 {
                guard b == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard b >= 48, b <= 57 else { return nil }
            digits.append(Int(b) - 48)
        }
        let year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3]
        return CalendarDate(year: year, month: digits[4] * 10 + digits[5], day: digits[6] * 10 + digits[7])
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool { a.dayNumber < b.dayNumber }

    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

extension Period {
    /// Months one period lasts: 3 for a quarter, 1 for a month.
    public var months: Int { granularity == .quarter ? 3 : 1 }

    /// `year * 12 + (month - 1)` of the period's first month (the month index `CalendarDate` uses).
    public var firstMonthIndex: Int {
        granularity == .quarter ? Int(ordinal) * 3 : Int(ordinal)
    }
}
