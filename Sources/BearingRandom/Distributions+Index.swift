extension Distributions {
    /// Uniform integer in `0..<bound`, unbiased, by Lemire's multiply-and-reject method
    /// ("Fast random integer generation in an interval", 2019): the high word of
    /// `word × bound`, redrawing only when the low word falls below `2^64 mod bound` (a chance
    /// of `bound / 2^64`, so almost never one division). Used to resample customers and blocks.
    /// The rejection loop stops after `Ziggurat.maxRounds` rounds (reached only by degenerate
    /// word sources), so it always ends. Precondition: `bound > 0`.
    @inlinable
    public static func index<G: RandomNumberGenerator>(below bound: UInt64, using g: inout G) -> UInt64 {
        precondition(bound > 0, "index(below:) needs a positive bound")
        var m = g.next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            var rounds = 1
            while m.low < threshold, rounds < Ziggurat.maxRounds {
                m = g.next().multipliedFullWidth(by: bound)
                rounds += 1
            }
        }
        return m.high
    }
}

extension RandomStream {
    /// Uniform integer in `0..<bound` (`Distributions.index(below:using:)`).
    @inlinable
    public mutating func nextIndex(below bound: Int) -> Int {
        Int(truncatingIfNeeded: Distributions.index(below: UInt64(bound), using: &self))
    }
}
