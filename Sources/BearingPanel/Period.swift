/// How long one period of a history panel lasts. One granularity per file.
public enum Granularity: String, Sendable, Hashable, Codable, CaseIterable {
    case quarter
    case month

    /// Periods per year.
    public var periodsPerYear: Int { self == .quarter ? 4 : 12 }

    /// Approximate length of one period in days, used to turn day horizons (30/60/90) into periods.
    public var days: Double { self == .quarter ? 91.3125 : 30.4375 }
}

/// A calendar period, `YYYY-Qn` or `YYYY-MM`.
///
/// Periods of one granularity are totally ordered by `ordinal` (periods since year 0), so
/// `next` and distances are integer arithmetic.
public struct Period: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let granularity: Granularity
    /// `year * periodsPerYear + (quarter or month - 1)`.
    public let ordinal: Int32

    public init(granularity: Granularity, ordinal: Int32) {
        self.granularity = granularity
        self.ordinal = ordinal
    }

    public init(year: Int, quarter: Int) {
        self.init(granularity: .quarter, ordinal: Int32(year * 4 + quarter - 1))
    }

    public init(year: Int, month: Int) {
        self.init(granularity: .month, ordinal: Int32(year * 12 + month - 1))
    }

    /// Parses `YYYY-Qn` (n in 1...4) or `YYYY-MM` (MM in 01...12). Returns nil for anything else.
    public init?(label: some StringProtocol) {
        let bytes = Array(label.utf8)
        guard let parsed = Period.parse(bytes[...]) else { return nil }
        self = parsed
    }

    /// Parses the label from raw UTF-8 bytes without allocating (used by the CSV reader).
    public static func parse(_ bytes: ArraySlice<UInt8>) -> Period? {
        guard bytes.count == 7, bytes[bytes.startIndex + 4] == UInt8(ascii: "-") else { return nil }
        var year = 0
        for i in bytes.startIndex..<(bytes.startIndex + 4) {
            let d = Int(bytes[i]) - 48
            guard d >= 0, d <= 9 else { return nil }
            year = year * 10 + d
        }
        let a = bytes[bytes.startIndex + 5]
        let b = Int(bytes[bytes.startIndex + 6]) - 48
        guard b >= 0, b <= 9 else { return nil }
        if a == UInt8(ascii: "Q") || a == UInt8(ascii: "q") {
            guard (1...4).contains(b) else { return nil }
            return Period(year: year, quarter: b)
        }
        let a0 = Int(a) - 48
        guard a0 >= 0, a0 <= 1 else { return nil }
        let month = a0 * 10 + b
        guard (1...12).contains(month) else { return nil }
        return Period(year: year, month: month)
    }

    public var year: Int { Int(ordinal) / granularity.periodsPerYear }
    /// Quarter (1...4) or month (1...12) within the year.
    public var subperiod: Int { Int(ordinal) % granularity.periodsPerYear + 1 }

    /// The canonical label, `2025-Q2` or `2025-06`.
    public var label: String {
        let y = String(year)
        let yPadded = String(repeating: "0", count: max(0, 4 - y.count)) + y
        switch granularity {
        case .quarter: return "\(yPadded)-Q\(subperiod)"
        case .month: return subperiod < 10 ? "\(yPadded)-0\(subperiod)" : "\(yPadded)-\(subperiod)"
        }
    }

    public var description: String { label }

    public func advanced(by n: Int) -> Period {
        Period(granularity: granularity, ordinal: ordinal + Int32(n))
    }

    public var next: Period { advanced(by: 1) }

    public static func < (lhs: Period, rhs: Period) -> Bool {
        lhs.ordinal < rhs.ordinal
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let period = Period(label: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a period like 2025-Q2 or 2025-06, found '\(text)'")
        }
        self = period
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(label)
    }
}
