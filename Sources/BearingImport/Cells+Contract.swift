import BearingPanel

extension Cells {
    /// What a `contract_term_months` cell may hold, for messages.
    static let termExpected =
        "a contract term in whole months, 1 to 1200 (12, 12 months, 1 year, annual, monthly), or an empty cell"

    /// A contract term in whole months (1...1200) from a trimmed, non-missing cell: a plain
    /// whole number (`12`); a number in the export's notation (`12.0`, `12,0` with a decimal
    /// comma) followed by an optional unit, months (`m`, `mo`, `mos`, `mth`, `mths`, `month`,
    /// `months`) or years (`y`, `yr`, `yrs`, `year`, `years`: × 12); or a word (`monthly` 1,
    /// `quarterly` 3, `annual`, `annually`, `yearly` 12). `converted` is set unless the cell
    /// was a plain whole number. Currency signs, `%` and negatives are not terms.
    static func contractTerm(_ c: UnsafeBufferPointer<UInt8>, numbers: NumberReader, converted: inout Bool) -> Int32? {
        if c.count <= 4, c.allSatisfy({ $0 &- 48 < 10 }) {
            var value: Int32 = 0
            for b in c { value = value * 10 + Int32(b - 48) }
            return (1...1200).contains(value) ? value : nil
        }
        if equalsIgnoringCase(c, "monthly") {
            converted = true
            return 1
        }
        if equalsIgnoringCase(c, "quarterly") {
            converted = true
            return 3
        }
        if equalsIgnoringCase(c, "annual") || equalsIgnoringCase(c, "annually") || equalsIgnoringCase(c, "yearly") {
            converted = true
            return 12
        }
        // The number, then an optional unit word.
        var split = c.count
        for i in c.indices where lower(c[i]) &- 97 < 26 {
            split = i
            break
        }
        let number = trim(UnsafeBufferPointer(rebasing: c[0..<split]))
        let unit = trim(UnsafeBufferPointer(rebasing: c[split..<c.count]))
        guard !number.isEmpty else { return nil }
        let factor: Double
        if unit.isEmpty {
            factor = 1
        } else if isMonthUnit(unit) {
            factor = 1
        } else if isYearUnit(unit) {
            factor = 12
        } else {
            return nil
        }
        var flags = NumberReader.Flags()
        guard let value = numbers.double(number, flags: &flags),
            flags.intersection([.currency, .percent, .accounting, .negative]).isEmpty
        else { return nil }
        let months = value * factor
        guard months >= 1, months <= 1200, months == months.rounded() else { return nil }
        converted = true
        return Int32(months)
    }

    private static func isMonthUnit(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        equalsIgnoringCase(u, "m") || equalsIgnoringCase(u, "mo") || equalsIgnoringCase(u, "mos")
            || equalsIgnoringCase(u, "mth") || equalsIgnoringCase(u, "mths") || equalsIgnoringCase(u, "month")
            || equalsIgnoringCase(u, "months")
    }

    private static func isYearUnit(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        equalsIgnoringCase(u, "y") || equalsIgnoringCase(u, "yr") || equalsIgnoringCase(u, "yrs")
            || equalsIgnoringCase(u, "year") || equalsIgnoringCase(u, "years")
    }

    /// A renewal date (`CalendarDate.dayNumber`) from a trimmed, non-missing cell in the
    /// export's date format, or ISO `YYYY-MM-DD` whatever the format; a time of day after the
    /// date is ignored. `converted` is set unless the cell was already a plain ISO date.
    static func renewalDay(_ c: UnsafeBufferPointer<UInt8>, format: DateFormat, converted: inout Bool) -> Int32? {
        if let date = CalendarDate.parse(c) { return date.dayNumber }
        guard let (year, month, day) = format.parse(c) ?? DateFormat.iso.parse(c),
            let date = CalendarDate(year: year, month: month, day: day)
        else { return nil }
        converted = true
        return date.dayNumber
    }

    /// What a `renewal_date` cell may hold, for messages.
    static func renewalExpected(_ format: DateFormat) -> String {
        let iso = format.parts == DateFormat.iso.parts
        return (iso ? "a date like YYYY-MM-DD" : "a date like \(format.pattern) or YYYY-MM-DD") + ", or an empty cell"
    }
}
