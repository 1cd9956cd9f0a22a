import Foundation
import Testing
import _TestSupport

@testable import BearingCalibration

/// `CutLookup`'s table against the binary search it short-cuts, on values that hit the cuts
/// exactly, fall between and beyond them, sit at ±0 and ±∞, and on cuts too close together
/// or too few for a table.
@Suite struct CutLookupTests {
    @Test(arguments: ["quantiles", "clustered", "zeros", "one", "tiny", "huge"])
    func countsEqualBinarySearch(shape: String) {
        var rng = SyntheticChurnPanel.SplitMix(state: UInt64(shape.count) &* 104_729)
        let cuts: [Double]
        switch shape {
        case "quantiles": cuts = (1...17).map { Double($0) / 18 * 2 - 1 }
        case "clustered": cuts = [0.5, 0.5 + 1e-15, 0.5 + 2e-15, 0.75, 1e6]
        case "zeros": cuts = [-1, 0, 1e-300, 1]
        case "one": cuts = [0.25]
        case "tiny": cuts = [0, Double.leastNormalMagnitude / 100, Double.leastNormalMagnitude / 50]
        default: cuts = [-1e308, 0, 1e308]
        }
        let lookup = CutLookup(cuts)
        var values = cuts + cuts.map { $0.nextUp } + cuts.map { $0.nextDown } + [0.0, -0.0, .infinity, -.infinity]
        let low = cuts.first ?? 0
        let high = cuts.last ?? 0
        for _ in 0..<20_000 { values.append(low - 1 + (high - low + 2) * rng.uniform()) }
        for x in values {
            let less = CutLookup.countLess(cuts, x)
            let lessOrEqual = cuts.filter { $0 <= x }.count
            #expect(lookup.countLess(x) == less, "\(shape): countLess(\(x))")
            #expect(lookup.countLessOrEqual(x) == lessOrEqual, "\(shape): countLessOrEqual(\(x))")
            #expect(less == cuts.filter { $0 < x }.count, "\(shape): binary search at \(x)")
        }
    }
}
