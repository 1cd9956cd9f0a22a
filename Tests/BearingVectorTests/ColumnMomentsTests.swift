import BearingPanel
import Testing

@testable import BearingVector

/// Four columns per pass must keep every bit of the one-column-at-a-time sums.
@Suite struct ColumnMomentsTests {
    /// The sums as the default weights computed them before: one column, rows in order.
    static func reference(_ values: [Float], rows: [Int32]) -> (mean: Double, sd: Double, count: Int) {
        var sum = 0.0
        var count = 0
        for r in rows where !values[Int(r)].isNaN {
            sum += Double(values[Int(r)])
            count += 1
        }
        let mean = count > 0 ? sum / Double(count) : 0
        var squares = 0.0
        for r in rows where !values[Int(r)].isNaN {
            squares += (Double(values[Int(r)]) - mean) * (Double(values[Int(r)]) - mean)
        }
        let variance = count > 0 ? squares / Double(count) : 0
        return (mean, variance > 0 ? variance.squareRoot() : 1, count)
    }

    @Test func sameBitsAsOneColumnAtATime() {
        var state: UInt64 = 7
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        for columnCount in [1, 2, 3, 4, 5, 7, 8, 9] {
            let n = 1 + Int(next() % 5_000)
            let columns = (0..<columnCount).map { k in
                let missingRate = [0, 3, 50, 100][k % 4]
                let values = (0..<n).map { _ -> Float in
                    Int(next() % 100) < missingRate ? .nan : Float(Double(next() % 2_000_000) / 997 - 1000)
                }
                return FeatureColumn(name: "outcome.c\(k)", group: .outcome, values: values)
            }
            let subset = (0..<Int32(n)).filter { _ in next() % 3 == 0 }
            for rows in [nil, subset] {
                let moments = ColumnMoments.of(columns, rows: rows)
                #expect(moments.count == columnCount)
                for (column, m) in zip(columns, moments) {
                    let expected = Self.reference(column.values, rows: rows ?? Array(0..<Int32(n)))
                    #expect(m.mean.bitPattern == expected.mean.bitPattern, "\(columnCount) columns")
                    #expect(m.sd.bitPattern == expected.sd.bitPattern, "\(columnCount) columns")
                    #expect(m.count == expected.count)
                }
            }
        }
    }
}
