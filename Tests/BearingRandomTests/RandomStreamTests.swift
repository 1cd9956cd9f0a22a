import Testing

@testable import BearingRandom

/// A degenerate word source: the same word forever.
struct ConstantWords: RandomNumberGenerator {
    let word: UInt64
    mutating func next() -> UInt64 { word }
}

struct RandomStreamTests {
    @Test func sameKeySameStream() {
        let key = StreamKey(seed: 9, trial: 3, customer: 77, period: 12, purpose: 2)
        var a = RandomStream(key: key)
        var b = RandomStream(seed: 9, trial: 3, customer: 77, period: 12, purpose: 2)
        for _ in 0..<100 { #expect(a.next() == b.next()) }
    }

    @Test func neighbouringKeysGiveDifferentStreams() {
        let base = StreamKey(seed: 1, trial: 1, customer: 1, period: 1, purpose: 1)
        var keys = [base]
        var k = base
        k.seed = 2; keys.append(k); k = base
        k.trial = 2; keys.append(k); k = base
        k.customer = 2; keys.append(k); k = base
        k.period = 2; keys.append(k); k = base
        keys.append(base.with(purpose: 2))
        // Swapped words must not collide either.
        keys.append(StreamKey(seed: 1, trial: 1, customer: 1, period: 2, purpose: 1))
        keys.append(StreamKey(seed: 1, trial: 2, customer: 1, period: 1, purpose: 1))
        let firstWords = keys.map { key -> [UInt64] in
            var s = RandomStream(key: key)
            return [s.next(), s.next()]
        }
        #expect(Set(firstWords).count == Set(keys).count)
    }

    @Test func firstWordsOfManyStreamsAreDistinctAndBalanced() {
        // 64k customer-period streams: no repeated first word, and every bit set about half
        // the time (binomial sd 128; band ±6 sd).
        var seen = Set<UInt64>()
        var bitCounts = [Int](repeating: 0, count: 64)
        for customer in 0..<256 as Range<UInt32> {
            for period in 0..<256 as Range<UInt32> {
                var s = RandomStream(seed: 5, trial: 0, customer: customer, period: period)
                let w = s.next()
                seen.insert(w)
                for bit in 0..<64 where (w >> UInt64(bit)) & 1 == 1 { bitCounts[bit] += 1 }
            }
        }
        #expect(seen.count == 65536)
        for count in bitCounts { #expect(abs(count - 32768) < 768) }
    }

    @Test func fillNormalEqualsRepeatedNextNormal() {
        var a = RandomStream(seed: 3, trial: 0, customer: 0, period: 0)
        var b = a
        var buffer = [Float](repeating: .nan, count: 10_000)
        buffer.withUnsafeMutableBufferPointer { a.fillNormal($0) }
        let sequential = (0..<10_000).map { _ in b.nextNormal() }
        #expect(buffer == sequential)
        #expect(a.next() == b.next())
    }

    @Test func uniformsStayStrictlyInsideUnitInterval() {
        var s = RandomStream(seed: 11, trial: 0, customer: 0, period: 0)
        var lo = 1.0, hi = 0.0
        var loF: Float = 1, hiF: Float = 0
        for _ in 0..<200_000 {
            let d = s.nextDouble(), f = s.nextFloat()
            lo = min(lo, d); hi = max(hi, d)
            loF = min(loF, f); hiF = max(hiF, f)
        }
        #expect(lo > 0 && hi < 1)
        #expect(loF > 0 && hiF < 1)
        // The extreme words map inside too.
        var zero = ConstantWords(word: 0), ones = ConstantWords(word: ~0)
        let smallest = Distributions.openUniform(using: &zero)
        let largest = Distributions.openUniform(using: &ones)
        let smallestFloat = Distributions.openUniformFloat(using: &zero)
        let largestFloat = Distributions.openUniformFloat(using: &ones)
        #expect(smallest == 0x1p-53 && largest == 1 - 0x1p-53)
        #expect(smallestFloat == 0x1p-24 && largestFloat == 1 - 0x1p-24)
    }

    @Test(arguments: [UInt64(0), ~0, 0x5555_5555_5555_5555, 0xAAAA_AAAA_AAAA_AAAA, 0xFF, 0x1FF, 0x100])
    func samplersSurviveDegenerateWords(word: UInt64) {
        var g = ConstantWords(word: word)
        let normalFloat = Ziggurat.normalFloat(using: &g)
        let normalDouble = Ziggurat.normalDouble(using: &g)
        let exponential = Distributions.exponential(using: &g)
        let lognormal = Distributions.lognormal(mu: 0, sigma: 1, using: &g)
        #expect(normalFloat.isFinite && normalDouble.isFinite && exponential.isFinite && lognormal.isFinite)
        for shape in [0.01, 0.5, 1, 3.7, 1000] {
            let x = Distributions.gamma(shape: shape, scale: 2, using: &g)
            #expect(x.isFinite && x >= 0)
        }
        for (a, b) in [(0.001, 0.001), (0.5, 0.5), (2, 5), (300, 1)] {
            let x = Distributions.beta(a, b, using: &g)
            #expect(x >= 0 && x <= 1)
        }
        for mean in [0.1, 3, 9.99, 10, 250, 1e6] {
            let k = Distributions.poisson(mean: mean, using: &g)
            #expect(k >= 0)
        }
        let category = Distributions.categorical([0.2, 0.3, 0.5], using: &g)
        #expect(category != nil)
    }

    @Test func bernoulliEdges() {
        var s = RandomStream(seed: 1, trial: 0, customer: 0, period: 0)
        for _ in 0..<1000 {
            let never = s.nextBernoulli(0), always = s.nextBernoulli(1), nan = s.nextBernoulli(.nan)
            #expect(!never && always && !nan)
        }
    }

    @Test func categoricalEdges() {
        var s = RandomStream(seed: 1, trial: 0, customer: 0, period: 0)
        let empty = s.nextCategorical([Double]())
        let nonPositive = s.nextCategorical([0, -1, .nan])
        #expect(empty == nil && nonPositive == nil)
        for _ in 0..<100 {
            let only = s.nextCategorical([0, 0, 2, 0])
            #expect(only == 2)
        }
    }
}
