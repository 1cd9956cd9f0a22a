import Testing

@testable import BearingRandom

@Suite struct IndexDrawTests {
    /// The draw is the high word of word × bound (no rejection happens for these words): the
    /// same stream's raw words give the same indices, and the first ones are pinned.
    @Test func indexIsTheHighWordOfTheProduct() {
        var a = RandomStream(seed: 42, trial: 7, customer: 0, period: 0, purpose: 0xB007)
        var b = a
        var drawn: [Int] = []
        for _ in 0..<16 {
            let word = b.next()
            let expected = Int(word.multipliedFullWidth(by: 1000).high)
            drawn.append(a.nextIndex(below: 1000))
            #expect(drawn.last == expected)
        }
        #expect(Array(drawn.prefix(4)) == Self.pinned, "\(drawn.prefix(4))")
    }

    /// The first four indices, pinned so a change of stream or method shows.
    static let pinned: [Int] = [328, 90, 490, 457]

    /// 60,000 draws below 6: each face within 5 sd of 10,000 (sd ≈ 91).
    @Test func indicesAreUniform() {
        var s = RandomStream(seed: 1, trial: 0, customer: 0, period: 0)
        var counts = [Int](repeating: 0, count: 6)
        for _ in 0..<60_000 { counts[s.nextIndex(below: 6)] += 1 }
        #expect(counts.allSatisfy { abs($0 - 10_000) < 460 }, "\(counts)")
        #expect(s.nextIndex(below: 1) == 0)
    }

    /// A degenerate source (all zeros) would reject forever; the loop stops after
    /// `Ziggurat.maxRounds` rounds with an index in range.
    @Test func degenerateWordsTerminate() {
        var zeros = ConstantWords(word: 0)
        #expect(Distributions.index(below: 3, using: &zeros) == 0)
        var ones = ConstantWords(word: .max)
        #expect(Distributions.index(below: 3, using: &ones) == 2)
    }
}
