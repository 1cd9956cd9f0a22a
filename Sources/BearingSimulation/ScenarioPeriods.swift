import BearingPanel

/// The simulated horizon: `count` consecutive periods from `start`. The granularity is the
/// start label's (`2024-Q1` quarterly, `2024-01` monthly); `granularity`, when given, must agree.
public struct ScenarioPeriods: Sendable, Hashable, Codable {
    public var start: Period
    public var count: Int

    public init(start: Period, count: Int) {
        self.start = start
        self.count = count
    }

    public var granularity: Granularity { start.granularity }

    /// The periods in order.
    public var all: [Period] { (0..<count).map { start.advanced(by: $0) } }

    /// Offset of `period` from the start, or nil when outside the horizon or of another granularity.
    public func offset(of period: Period) -> Int? {
        guard period.granularity == start.granularity else { return nil }
        let offset = Int(period.ordinal - start.ordinal)
        return (0..<count).contains(offset) ? offset : nil
    }

    enum CodingKeys: String, CodingKey { case start, count, granularity }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        start = try c.decode(Period.self, forKey: .start)
        count = try c.count(.count, atMost: PeriodCountLimit.self)
        if let stated = try c.decodeIfPresent(Granularity.self, forKey: .granularity), stated != start.granularity {
            throw c.invalid(
                .granularity,
                "`granularity` is \(stated.rawValue) but `start` \(start.label) is a \(start.granularity.rawValue) label")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(start, forKey: .start)
        try c.encode(count, forKey: .count)
        try c.encode(granularity, forKey: .granularity)
    }
}
