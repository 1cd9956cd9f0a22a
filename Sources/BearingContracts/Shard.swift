/// Shard `index` of `count` (1-based) of a Monte Carlo run: a contiguous block of its trials.
public struct Shard: Sendable, Hashable {
    public var index: Int
    public var count: Int

    /// Shard `index` of `count`, or nil unless 1 <= index <= count.
    public init?(index: Int, count: Int) {
        guard count >= 1, (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses `i/n`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else { return nil }
        self.init(index: i, count: n)
    }

    /// Shard i of n runs trials [(i-1)·T/n, i·T/n).
    public func trials(of total: Int) -> Range<Int> {
        ((index - 1) * total / count)..<(index * total / count)
    }
}
