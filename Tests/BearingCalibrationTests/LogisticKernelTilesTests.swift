import Testing

@testable import BearingCalibration

/// `LogisticKernel.Tiles` against its layout written out value by value: group g, feature j,
/// lane l at (g·d + j)·8 + l, rows past the end 0, for whole and partial last groups.
@Suite struct LogisticKernelTilesTests {
    @Test(arguments: [0, 1, 7, 8, 9, 23, 64], [1, 3])
    func layoutIsGroupFeatureLane(rows n: Int, columns d: Int) {
        let storage = (0..<(n * d)).map { Float($0) + 0.5 }
        let tiles = LogisticKernel.Tiles(DesignMatrix(uncheckedRowCount: n, columnCount: d, storage: storage))
        var expected = [Float](repeating: 0, count: (n + 7) / 8 * d * 8)
        for j in 0..<d {
            for i in 0..<n { expected[((i / 8) * d + j) * 8 + i % 8] = storage[j * n + i] }
        }
        #expect(tiles.storage == expected, "\(n) rows, \(d) columns")
    }
}
