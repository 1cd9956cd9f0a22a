import Foundation
import Testing

@testable import BearingCalibration

/// The kernel's SIMD exp and log1p against glibc's (< 1 ulp): exp within 2 ulp (4e-16
/// relative), log1p within 3 ulp (6.7e-16).
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

    @Test func log1pMatchesLibm() {
        var worst = 0.0
        for i in 0...5_000 {
            let e = i == 0 ? 1e-300 : Double(i) / 5_000
            let got = LogisticMath.log1pUnit(SIMD8(repeating: e))[0]
            let want = log1p(e)
            worst = max(worst, abs(got - want) / want)
        }
        #expect(worst < 6.7e-16, "worst relative error \(worst)")
        #expect(LogisticMath.log1pUnit(SIMD8(repeating: 0)) == SIMD8(repeating: 0))
    }
}
