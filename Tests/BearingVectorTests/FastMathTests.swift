import Foundation
import Testing

@testable import BearingVector

/// Holds `FastMath` to the error bounds its doc comment states, against libm in Double,
/// on dense grids; and checks the SIMD and scalar versions agree bit for bit.
@Suite struct FastMathTests {
    /// Evenly spaced points plus the exact endpoints.
    static func grid(_ lo: Float, _ hi: Float, _ n: Int) -> [Float] {
        (0...n).map { lo + (hi - lo) * Float($0) / Float(n) }
    }

    /// Runs `simd` over `xs` 16 at a time and also checks each lane equals `scalar`.
    static func lanes(
        _ xs: [Float], _ simd: (SIMD16<Float>) -> SIMD16<Float>, _ scalar: (Float) -> Float
    ) -> [Float] {
        var out: [Float] = []
        var i = 0
        while i < xs.count {
            var v = SIMD16<Float>(repeating: xs[i])
            for k in 0..<16 where i + k < xs.count { v[k] = xs[i + k] }
            let y = simd(v)
            for k in 0..<16 where i + k < xs.count {
                #expect(y[k].bitPattern == scalar(xs[i + k]).bitPattern, "lane \(k) at x = \(xs[i + k])")
                out.append(y[k])
            }
            i += 16
        }
        return out
    }

    @Test func expWithinTwoAndAHalfE7Relative() {
        let xs = Self.grid(-87, 88, 200_000)
        let ys = Self.lanes(xs, { FastMath.exp($0) }, { FastMath.exp($0) })
        var worst = 0.0
        for (x, y) in zip(xs, ys) {
            let ref = Foundation.exp(Double(x))
            worst = max(worst, abs(Double(y) - ref) / ref)
        }
        #expect(worst < 2.5e-7, "max relative error \(worst)")
        // Clamped, never inf or zero.
        #expect(FastMath.exp(Float(200)).isFinite)
        #expect(FastMath.exp(Float(-200)) > 0)
    }

    @Test func tanhWithinStatedBounds() {
        let xs = Self.grid(-12, 12, 240_000) + [0, 1e-30, -1e-20, 1e-5]
        let ys = Self.lanes(xs, { FastMath.tanh($0) }, { FastMath.tanh($0) })
        var worstAbs = 0.0
        var worstRel = 0.0
        for (x, y) in zip(xs, ys) {
            let ref = Foundation.tanh(Double(x))
            worstAbs = max(worstAbs, abs(Double(y) - ref))
            if abs(x) >= 1.0 / 4096 { worstRel = max(worstRel, abs(Double(y) - ref) / abs(ref)) }
            #expect(abs(y) <= 1)
        }
        #expect(worstAbs < 4e-7, "max absolute error \(worstAbs)")
        #expect(worstRel < 4e-7, "max relative error \(worstRel)")
        #expect(FastMath.tanh(Float(0)) == 0)
    }

    @Test func logisticWithinThreeE7Relative() {
        let xs = Self.grid(-80, 80, 160_000)
        let ys = Self.lanes(xs, { FastMath.logistic($0) }, { FastMath.logistic($0) })
        var worst = 0.0
        for (x, y) in zip(xs, ys) {
            let ref = 1 / (1 + Foundation.exp(-Double(x)))
            worst = max(worst, abs(Double(y) - ref) / ref)
            #expect(y > 0 && y <= 1)
        }
        #expect(worst < 3e-7, "max relative error \(worst)")
    }

    @Test func kernelLogisticWithinStatedBounds() {
        let xs = Self.grid(-87, 87, 174_000) + Self.grid(-4, 4, 80_000) + [0, -0.0]
        let ys = Self.lanes(xs, { FastMath.kernelLogistic($0) }, { FastMath.kernelLogistic($0) })
        // Relative error grows with |x| (x·log2 e is rounded once), absolute error does not.
        var worstRatio = 0.0
        var worstAbs = 0.0
        for (x, y) in zip(xs, ys) {
            let ref = 1 / (1 + Foundation.exp(-Double(x)))
            worstAbs = max(worstAbs, abs(Double(y) - ref))
            worstRatio = max(worstRatio, abs(Double(y) - ref) / ref / (3e-7 + 7.5e-8 * abs(Double(x))))
            #expect(y > 0 && y <= 1)
        }
        #expect(worstAbs < 2e-7, "max absolute error \(worstAbs)")
        #expect(worstRatio <= 1, "relative error / (3e-7 + 7.5e-8·|x|) reaches \(worstRatio)")
        #expect(FastMath.kernelLogistic(Float(0)) == 0.5)
        #expect(FastMath.kernelLogistic(Float(200)) == 1)
        #expect(FastMath.kernelLogistic(Float(-200)) > 0)
    }

    @Test func logWithinTwoE7Relative() {
        let xs = Self.grid(1e-3, 3, 100_000) + Self.grid(1, 1e6, 100_000) + [Float.leastNormalMagnitude, 1, 2]
        let ys = Self.lanes(xs, { FastMath.log($0) }, { FastMath.log($0) })
        var worst = 0.0
        for (x, y) in zip(xs, ys) {
            let ref = Foundation.log(Double(x))
            // Near 1 the result is tiny: measure against max(|ref|, 1 ulp of 1) so the bound is meaningful.
            worst = max(worst, abs(Double(y) - ref) / max(abs(ref), 1e-7))
        }
        #expect(worst < 4e-7, "max relative error \(worst)")
    }

    @Test func softplusWithinStatedBounds() {
        let xs = Self.grid(-60, 60, 120_000)
        let ys = Self.lanes(xs, { FastMath.softplus($0) }, { FastMath.softplus($0) })
        var worstExcess = 0.0
        for (x, y) in zip(xs, ys) {
            let ref = Double(x) > 0 ? Double(x) + Foundation.log1p(Foundation.exp(-Double(x))) : Foundation.log1p(Foundation.exp(Double(x)))
            let allowed = 3e-7 * abs(ref) + 1e-7
            worstExcess = max(worstExcess, abs(Double(y) - ref) / allowed)
        }
        #expect(worstExcess <= 1, "error exceeds the stated bound by a factor \(worstExcess)")
    }
}
