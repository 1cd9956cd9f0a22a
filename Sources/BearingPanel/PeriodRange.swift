/// The periods a history covers, for checking the periods a user asks for (`--until`,
/// `--from`, `--to`, `--period`) before any work starts.
///
/// ```swift
/// let range = try PeriodRange(panel: panel)
/// let until = try range.check("2027-Q1", option: "--until")   // throws: after the last period
/// ```
public struct PeriodRange: Sendable, Hashable, Codable, CustomStringConvertible {
    public var first: Period
    public var last: Period

    public init(first: Period, last: Period) {
        self.first = first
        self.last = last
    }

    /// The range of the panel's periods; throws `.emptyPanel` when it has no rows.
    public init(panel: HistoryPanel) throws(PeriodRangeError) {
        var lo: Period?
        var hi: Period?
        for p in panel.period {
            if lo.map({ p < $0 }) ?? true { lo = p }
            if hi.map({ p > $0 }) ?? true { hi = p }
        }
        guard let lo, let hi else { throw .emptyPanel }
        self.init(first: lo, last: hi)
    }

    public var granularity: Granularity { first.granularity }

    /// Periods in the range, both ends included.
    public var count: Int { Int(last.ordinal - first.ordinal) + 1 }

    /// Whether `period` is of the range's granularity and inside it.
    public func contains(_ period: Period) -> Bool {
        period.granularity == granularity && period >= first && period <= last
    }

    /// Parses `label` and checks it lies in the range; `option` names the flag in errors.
    public func check(_ label: String, option: String) throws(PeriodRangeError) -> Period {
        guard let period = Period(label: label) else {
            throw .unparsable(option: option, found: label, range: self)
        }
        try check(period, option: option)
        return period
    }

    /// Checks that `period` is of the data's granularity and inside the range.
    public func check(_ period: Period, option: String) throws(PeriodRangeError) {
        guard period.granularity == granularity else {
            throw .wrongGranularity(option: option, found: period, range: self)
        }
        guard contains(period) else { throw .outside(option: option, found: period, range: self) }
    }

    /// `2024-Q1...2026-Q2`.
    public var description: String { "\(first.label)...\(last.label)" }

    enum CodingKeys: String, CodingKey { case first, last }
}
