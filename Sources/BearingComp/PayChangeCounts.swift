/// How many CSMs gain, lose or keep their pay moving from one plan to another: the totals a
/// table of the largest changes is an excerpt of ("showing 5 of 143 gainers").
public struct PayChangeCounts: Sendable, Hashable, Codable {
    /// A change within half a cent either way counts as unchanged.
    public static let tolerance = 0.005

    public var gainers: Int
    public var losers: Int
    public var unchanged: Int

    public init(gainers: Int, losers: Int, unchanged: Int) {
        self.gainers = gainers
        self.losers = losers
        self.unchanged = unchanged
    }

    /// Counts `changes` (NaN changes count as unchanged).
    public init(_ changes: [PayChange]) {
        var gain = 0, lose = 0, same = 0
        for c in changes {
            if c.change > Self.tolerance {
                gain += 1
            } else if c.change < -Self.tolerance {
                lose += 1
            } else {
                same += 1
            }
        }
        self.init(gainers: gain, losers: lose, unchanged: same)
    }

    /// Every CSM counted.
    public var total: Int { gainers + losers + unchanged }
}
