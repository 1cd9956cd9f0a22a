import Foundation
import Testing
import _TestSupport

@testable import BearingCalibration

/// The Newton pass's block loop on AVX-512 and AVX2 registers (`_BearingNewton`) against the
/// portable Swift loop: loss, gradient and Hessian bit for bit, with and without the Hessian, on
/// row counts that leave partial groups and blocks and on 1 to 20 columns (the packed triangle's
/// every shape up to 21 × 21). On a machine without AVX2 only the portable loop runs.
@Suite struct LogisticKernelPathTests {
    @Test(arguments: [1, 7, 16, 4_099, 9_000])
    func everyBlockPathGivesThePortableBits(rows: Int) throws {
        var rng = SyntheticChurnPanel.SplitMix(state: UInt64(rows) &* 31)
        for columns in [1, 2, 3, 6, 11, 17, 20] {
            let storage = (0..<(rows * columns)).map { _ in Float(rng.normal() * 1.5) }
            let x = try DesignMatrix(rowCount: rows, columnCount: columns, storage: storage)
            let y = (0..<rows).map { _ in Float(rng.next() % 5 == 0 ? 1 : 0) }
            let w = (0...columns).map { _ in rng.normal() * 0.6 }
            let tiles = LogisticKernel.Tiles(x)
            for hessian in [true, false] {
                let portable = LogisticKernel.evaluate(
                    tiles, labels: y, coefficients: w, hessian: hessian, workers: 2, path: .portable)
                for path in LogisticKernel.BlockPath.available where path != .portable {
                    let other = LogisticKernel.evaluate(
                        tiles, labels: y, coefficients: w, hessian: hessian, workers: 2, path: path)
                    #expect(other.loss.bitPattern == portable.loss.bitPattern, "\(path) loss, \(columns) columns")
                    #expect(
                        other.gradient.map(\.bitPattern) == portable.gradient.map(\.bitPattern), "\(path) gradient, \(columns) columns")
                    #expect(
                        other.hessian.map(\.bitPattern) == portable.hessian.map(\.bitPattern), "\(path) Hessian, \(columns) columns")
                }
            }
        }
    }

    /// The detected path is one the CPU reports, and the portable loop is always available.
    @Test func availablePathsStartWithThePortableLoop() {
        let available = LogisticKernel.BlockPath.available
        #expect(available.first == .portable)
        #expect(available.last == LogisticKernel.BlockPath.fastest)
    }
}
