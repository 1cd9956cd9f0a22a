import Foundation
import Testing
import _TestSupport

@testable import BearingCalibration

/// `HealthSigns.signs`, which finds correlations four columns at a time, against `sign` one
/// feature at a time: positive, negative, constant, all-missing, one-value and mostly missing
/// columns, with and without a signs file naming some of them.
@Suite struct HealthSignsFourColumnTests {
    @Test(arguments: [0, 1, 3, 2_001])
    func signsEqualOneAtATime(count: Int) throws {
        var rng = SyntheticChurnPanel.SplitMix(state: UInt64(count) &+ 77)
        let churned = (0..<count).map { _ in rng.uniform() < 0.3 }
        let names = ["usage.a", "support.tickets", "outcome.flat", "outcome.gone", "outcome.one", "outcome.sparse", "x.up", "x.down", "x.nan"]
        let values: [[Float]] = names.indices.map { j in
            (0..<count).map { i in
                let u = Float(rng.uniform())
                let y: Float = churned[i] ? 1 : 0
                switch j {
                case 0: return u - y
                case 1: return u + y
                case 2: return 2
                case 3: return .nan
                case 4: return i == 0 ? 1 : .nan
                case 5: return i % 7 == 0 ? u + y : .nan
                case 6: return y == 0 ? -0.0 : 0.0
                case 7: return u * 1e-3 + y
                default: return u < 0.5 ? .nan : u
                }
            }
        }
        for overrides in [nil, try HealthSignOverrides(["support.tickets": 1, "x.up": -1])] {
            let together = HealthSigns.signs(
                features: names, values: values.map { $0[...] }, churned: churned[...], overrides: overrides)
            let alone = names.indices.map { j in
                HealthSigns.sign(feature: names[j], values: values[j][...], churned: churned[...], overrides: overrides)
            }
            #expect(together == alone, "\(count) rows, overrides \(overrides == nil ? "none" : "some")")
        }
    }
}
