import Foundation
import Testing
import _TestSupport

@testable import BearingCalibration

/// The four-column moments (`init(names:slices:)`) against the one-column loop
/// (`init(names:columns:)`), bit for bit, on columns with missing values, signed zeros, a
/// constant and an all-missing column, and the same error for an infinite value.
@Suite struct FeatureStandardizationTests {
    static func columns(count: Int, seed: UInt64) -> [[Float]] {
        var rng = SyntheticChurnPanel.SplitMix(state: seed)
        return (0..<7).map { j in
            (0..<count).map { i in
                let u = rng.uniform()
                switch j {
                case 0: return Float(u * 1000 - 300)
                case 1: return u < 0.2 ? .nan : Float(u)
                case 2: return i % 2 == 0 ? -0.0 : (u < 0.5 ? 0.0 : .nan)
                case 3: return 4.5
                case 4: return .nan
                case 5: return Float(exp(20 * u))
                default: return Float(-u)
                }
            }
        }
    }

    @Test(arguments: [0, 1, 5, 10_001])
    func fourColumnsMatchOneAtATime(count: Int) throws {
        let columns = Self.columns(count: count, seed: UInt64(count) &+ 5)
        let names = (0..<columns.count).map { "f\($0)" }
        let single = try FeatureStandardization(names: names, columns: columns)
        let four = try FeatureStandardization(names: names, slices: columns.map { $0[...] })
        #expect(four.means.map(\.bitPattern) == single.means.map(\.bitPattern))
        #expect(four.scales.map(\.bitPattern) == single.scales.map(\.bitPattern))
        #expect(four.missingCounts == single.missingCounts)
        #expect(four.rowCount == single.rowCount)
    }

    @Test func infiniteValueNamesTheFirstFeature() {
        var columns = Self.columns(count: 100, seed: 9)
        columns[2][7] = .infinity
        columns[5][3] = -.infinity
        let names = (0..<columns.count).map { "f\($0)" }
        func message(_ body: () throws(CalibrationError) -> FeatureStandardization) -> String {
            do throws(CalibrationError) {
                _ = try body()
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        let single = message { () throws(CalibrationError) in try FeatureStandardization(names: names, columns: columns) }
        let four = message { () throws(CalibrationError) in
            try FeatureStandardization(names: names, slices: columns.map { $0[...] })
        }
        #expect(single.contains("f2"))
        #expect(four == single)
    }
}
