import BearingPanel

/// How dates are written in an export, e.g. `MM/DD/YYYY`, `DD.MM.YYYY` or the default
/// `YYYY-MM-DD`.
///
/// Tokens: `YYYY` (four-digit year), `MM` or `M` (month, one or two digits), `DD` or `D`
/// (day, one or two digits); any other character must appear as written. A time of day after
/// the date (`2024-03-31T12:00:00Z`, `03/31/2024 09:15`) is ignored: periods only need the day.
public struct DateFormat: Sendable, Hashable, CustomStringConvertible {
    enum Part: Sendable, Hashable {
        case year, month, day
        case literal(UInt8)
    }

    /// The pattern as given.
    public let pattern: String
    let parts: [Part]

    /// ISO 8601 calendar dates.
    public static let iso = DateFormat(validPattern: "YYYY-MM-DD")

    /// Parses a pattern; nil when it lacks a year, month or day, repeats one, or holds a
    /// character outside ASCII.
    public init?(pattern: String) {
        var parts: [Part] = []
        let bytes = Array(pattern.utf8)
        var i = 0
        func run(of b: UInt8) -> Int {
            var n = 0
            while i + n < bytes.count, bytes[i + n] == b { n += 1 }
            return n
        }
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "Y"), UInt8(ascii: "y"):
                guard run(of: b) == 4 else { return nil }
                parts.append(.year)
                i += 4
            case UInt8(ascii: "M"), UInt8(ascii: "D"), UInt8(ascii: "d"):
                let n = run(of: b)
                guard n <= 2 else { return nil }
                parts.append(b == UInt8(ascii: "M") ? .month : .day)
                i += n
            default:
                guard b < 0x80, b &- 48 >= 10 else { return nil }
                parts.append(.literal(b))
                i += 1
            }
        }
        for part in [Part.year, .month, .day] where parts.filter({ $0 == part }).count != 1 { return nil }
        self.pattern = pattern
        self.parts = parts
    }

    private init(validPattern: String) {
        self.pattern = validPattern
        self.parts = [.year, .literal(UInt8(ascii: "-")), .month, .literal(UInt8(ascii: "-")), .day]
    }

    public var description: String { pattern }

    /// (year, month, day) of a trimmed cell, or nil when it is not a valid date in this format.
    func parse(_ c: UnsafeBufferPointer<UInt8>) -> (year: Int, month: Int, day: Int)? {
        var i = 0
        var year = -1
        var month = -1
        var day = -1
        for part in parts {
            switch part {
            case .literal(let b):
                guard i < c.count, c[i] == b else { return nil }
                i += 1
            case .year:
                guard i + 4 <= c.count else { return nil }
                var y = 0
                for j in i..<(i + 4) {
                    let d = c[j] &- 48
                    guard d < 10 else { return nil }
                    y = y * 10 + Int(d)
                }
                year = y
                i += 4
            case .month, .day:
                // One or two digits; two only when the next byte is a digit too.
                guard i < c.count, c[i] &- 48 < 10 else { return nil }
                var v = Int(c[i] &- 48)
                i += 1
                if i < c.count, c[i] &- 48 < 10 {
                    v = v * 10 + Int(c[i] &- 48)
                    i += 1
                }
                if part == .month { month = v } else { day = v }
            }
        }
        // Anything left must be a time of day.
        if i < c.count, c[i] != UInt8(ascii: "T"), c[i] != 0x20 { return nil }
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
        return (year, month, day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
