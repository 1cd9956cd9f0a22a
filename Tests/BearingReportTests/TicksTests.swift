import Foundation
import Testing

@testable import BearingReport

struct TicksTests {
    @Test func unitInterval() {
        let t = Ticks.nice(low: 0, high: 1, target: 5)
        #expect(t.count == 6)
        for (a, b) in zip(t, [0, 0.2, 0.4, 0.6, 0.8, 1.0]) { #expect(abs(a - b) < 1e-12) }
    }

    @Test func handPickedDomains() {
        #expect(Ticks.nice(low: 3, high: 97, target: 5) == [0, 20, 40, 60, 80, 100])
        // span 6.25M / 5 = 1.25M: the closest nice step is 1M (not 2M).
        #expect(Ticks.nice(low: 2_150_000, high: 8_400_000, target: 5) == (2...9).map { Double($0) * 1_000_000 })
        #expect(Ticks.nice(low: 0.72, high: 0.797, target: 5).first.map { abs($0 - 0.72) < 1e-9 } == true)
        #expect(Ticks.nice(low: -1, high: 1, target: 4) == [-1, -0.5, 0, 0.5, 1])
    }

    /// Over many random domains: ticks cover the domain, are evenly spaced by a nice step and
    /// number about the target.
    @Test func propertiesOverRandomDomains() {
        var state: UInt64 = 0x1234_5678
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        for trial in 0..<2_000 {
            let scale = pow(10, uniform() * 12 - 6)
            let a = (uniform() - 0.5) * scale
            let b = a + uniform() * scale + 1e-300
            let target = 3 + trial % 6
            let t = Ticks.nice(low: a, high: b, target: target)
            #expect(t.count >= 2, "trial \(trial): \(a)...\(b)")
            #expect(t.first! <= a + abs(a) * 1e-12 && t.last! >= b - abs(b) * 1e-12, "trial \(trial): \(t) does not cover \(a)...\(b)")
            let step = t[1] - t[0]
            let mantissa = step / pow(10, floor(log10(step)))
            #expect([1.0, 2, 2.5, 5, 10].contains { abs($0 - mantissa) < 1e-6 }, "trial \(trial): step \(step)")
            for i in 1..<t.count { #expect(abs((t[i] - t[i - 1]) - step) <= step * 1e-6) }
            #expect(t.count - 1 <= 2 * target + 2, "trial \(trial): \(t.count) ticks for target \(target)")
        }
    }

    @Test func degenerateAndReversedDomains() {
        let same = Ticks.nice(low: 5, high: 5)
        #expect(same.first! < 5 && same.last! > 5)
        #expect(Ticks.nice(low: 0, high: 0).contains(0))
        #expect(Ticks.nice(low: 10, high: 0) == Ticks.nice(low: 0, high: 10))
        #expect(!Ticks.nice(low: .nan, high: .infinity).isEmpty)
    }

    @Test func decimalsForSteps() {
        #expect(Ticks.decimals(forStep: 5) == 0)
        #expect(Ticks.decimals(forStep: 0.1) == 1)
        #expect(Ticks.decimals(forStep: 0.25) == 2)
        #expect(Ticks.decimals(forStep: 2.5) == 1)
    }

    @Test func linearScaleMapsEndsAndMiddle() {
        let s = LinearScale(domain: (0, 10), range: (400, 0))
        #expect(s(0) == 400)
        #expect(s(10) == 0)
        #expect(s(2.5) == 300)
        #expect(LinearScale(domain: (3, 3), range: (0, 100))(3) == 50)
    }
}
