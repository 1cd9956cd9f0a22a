import Foundation
import Testing
import _TestSupport

@testable import BearingCalibration

/// The kernel's SIMD exp against glibc's (< 1 ulp): within 2 ulp (4e-16 relative); and its
/// loss, whose log1p terms it takes per block, against libm's log1p row by row.
@Suite struct LogisticMathTests {
    @Test func expMatchesLibm() {
        var worst = 0.0
        var x = -708.0
        while x <= 0 {
            let lanes = SIMD8<Double>((0..<8).map { x - Double($0) * 1e-3 })
            let got = LogisticMath.expNonPositive(lanes)
            for l in 0..<8 where lanes[l] >= -708 {
                let want = exp(lanes[l])
                worst = max(worst, abs(got[l] - want) / want)
            }
            x += 0.0937
        }
        #expect(worst < 4e-16, "worst relative error \(worst)")
        let tiny = LogisticMath.expNonPositive(SIMD8(repeating: -800))
        #expect(tiny == SIMD8(repeating: 0))
        #expect(LogisticMath.expNonPositive(SIMD8(repeating: 0)) == SIMD8(repeating: 1))
    }

    /// The pass sums the loss's log1p(e) terms as one log of their product per lane and block
    /// (`LogisticKernel`): against libm's log1p row by row, summed in extended precision by
    /// Kahan compensation, the loss stays within 1e-14 relative, on blocks full of rows whose
    /// e is 1 (η = 0, the largest factor), tiny (|η| up to 700) and everything between, with
    /// a partial last group and several blocks.
    @Test(arguments: [4_096, 4_099, 12_291])
    func lossFromBlockProductsMatchesRowByRowLog1p(rows: Int) throws {
        var rng = SyntheticChurnPanel.SplitMix(state: UInt64(rows) &* 7)
        let columns = 2
        var storage = [Float](repeating: 0, count: rows * columns)
        for i in 0..<rows {
            // Column 0 spreads η from −700 to 700 in a few rows, else near 0 or moderate.
            switch i % 5 {
            case 0: storage[i] = 0
            case 1: storage[i] = Float((rng.uniform() - 0.5) * 1_400)
            default: storage[i] = Float(rng.normal() * 3)
            }
            storage[rows + i] = Float(rng.normal())
        }
        let x = try DesignMatrix(rowCount: rows, columnCount: columns, storage: storage)
        let y = (0..<rows).map { _ in Float(rng.next() % 3 == 0 ? 1 : 0) }
        let w = [0.0, 1.0, 0.25]
        let pass = LogisticKernel.evaluate(x, labels: y, coefficients: w, hessian: false, workers: 2)
        var sum = 0.0
        var compensation = 0.0
        for i in 0..<rows {
            let eta = w[0] + w[1] * Double(storage[i]) + w[2] * Double(storage[rows + i])
            let term = max(eta, 0) + log1p(exp(-abs(eta))) - Double(y[i]) * eta
            let corrected = term - compensation
            let next = sum + corrected
            compensation = (next - sum) - corrected
            sum = next
        }
        #expect(abs(pass.loss - sum) <= 1e-14 * sum, "loss \(pass.loss) vs \(sum)")
    }
}

/// The kernel's exactness contracts: the magic-number rounding is `rounded(.toNearestOrEven)`
/// bit for bit on the range exp uses, and a pass without the Hessian returns the same loss and
/// gradient bits as one with it (what lets Newton skip the Hessian on its last pass).
@Suite struct LogisticKernelExactnessTests {
    @Test func magicRoundingIsRoundToNearestEven() {
        var inputs: [Double] = [0, -0.0, -0.5, -1.5, -2.5, -1021.5, -1022, 0.5, 1.5, -0.49999999999999994]
        var x = -1025.0
        while x <= 0 {
            inputs.append(x)
            inputs.append(x.nextUp)
            inputs.append(x.nextDown)
            x += 0.25
        }
        for start in stride(from: 0, to: inputs.count, by: 8) {
            let lanes = SIMD8<Double>((0..<8).map { inputs[min(start + $0, inputs.count - 1)] })
            let got = LogisticMath.roundedToNearestEven(lanes)
            for l in 0..<8 {
                let want = lanes[l].rounded(.toNearestOrEven)
                // Equal as numbers (a zero may come back with the other sign, which exp's
                // polynomial and scale do not see).
                #expect(got[l] == want, "\(lanes[l])")
            }
        }
    }

    @Test(arguments: [1, 9, 4_099, 20_000])
    func passWithoutHessianHasTheSameLossAndGradient(rows: Int) throws {
        var rng = SyntheticChurnPanel.SplitMix(state: UInt64(rows))
        let columns = 5
        let storage = (0..<(rows * columns)).map { _ in Float(rng.normal()) }
        let x = try DesignMatrix(rowCount: rows, columnCount: columns, storage: storage)
        let y = (0..<rows).map { _ in Float(rng.next() % 4 == 0 ? 1 : 0) }
        let w = [-1.2, 0.3, -0.7, 0.05, 1.1, -0.2]
        for workers in [1, 2] {
            let full = LogisticKernel.evaluate(x, labels: y, coefficients: w, hessian: true, workers: workers)
            let light = LogisticKernel.evaluate(x, labels: y, coefficients: w, hessian: false, workers: workers)
            #expect(full.loss.bitPattern == light.loss.bitPattern)
            #expect(full.gradient.map(\.bitPattern) == light.gradient.map(\.bitPattern))
            #expect(light.hessian.isEmpty && full.hessian.count == 21)
        }
    }
}
