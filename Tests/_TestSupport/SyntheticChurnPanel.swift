import BearingPanel
import Foundation

/// A small deterministic history panel with a known churn link, built in code so the tests do
/// not depend on the simulation or CSV modules.
///
/// Per customer a latent direction a and experience e (AR(1) over periods); observed features
/// load on them with noise: outcome.usage_trend = a + ε, outcome.milestone_progress = 0.5a + ε,
/// experience.nps = 20e + ε, experience.ces = −e + ε (higher effort is worse),
/// outcome.signal_x = −a + ε (a name with no domain meaning, so its sign must be learned),
/// engagement.days_since_contact ≈ 30 (≈ 200 once a customer has gone dark, 2% per period).
/// True churn logit = −2.2 − 1.0a − 0.6e + 1.5·dark + 0.5·[bad fit]. A churned customer has
/// no later rows. 10% of `experience.nps` cells are missing. Fit: every 5th customer bad,
/// the next stretch, the rest good.
package enum SyntheticChurnPanel {
    package static func make(customers: Int = 1500, periods: Int = 8, seed: UInt64 = 1) -> HistoryPanel {
        var rng = SplitMix(state: seed)
        let names = [
            "outcome.usage_trend", "outcome.milestone_progress", "outcome.signal_x", "experience.nps", "experience.ces",
            "engagement.days_since_contact",
        ]
        var panel = HistoryPanel(granularity: .quarter, featureNames: names)
        panel.segmentNames = ["smb", "mid"]
        panel.csmIDs = ["csm1"]
        for c in 0..<customers {
            panel.customerIDs.append("c\(c)")
            var a = rng.normal()
            var e = rng.normal()
            let fit: Fit = c % 5 == 0 ? .bad : (c % 5 == 1 ? .stretch : .good)
            var dark = false
            for t in 0..<periods {
                if t > 0 {
                    a = 0.8 * a + 0.6 * rng.normal()
                    e = 0.8 * e + 0.6 * rng.normal()
                }
                if !dark { dark = rng.uniform() < 0.02 }
                let features: [Float] = [
                    Float(a + 0.5 * rng.normal()),
                    Float(0.5 * a + 0.5 * rng.normal()),
                    Float(-a + 0.7 * rng.normal()),
                    rng.uniform() < 0.1 ? .nan : Float(20 * e + 10 * rng.normal()),
                    Float(-e + 0.8 * rng.normal()),
                    Float(dark ? 200 + 10 * rng.normal() : 30 + 10 * rng.normal()),
                ]
                let logit = -2.2 - 1.0 * a - 0.6 * e + (dark ? 1.5 : 0) + (fit == .bad ? 0.5 : 0)
                let churned = rng.uniform() < 1 / (1 + exp(-logit))
                panel.customer.append(Int32(c))
                panel.period.append(Period(year: 2024, quarter: 1).advanced(by: t))
                panel.segment.append(Int32(c % 2))
                panel.fit.append(fit)
                panel.csm.append(0)
                panel.arr.append(10_000)
                panel.churned.append(churned)
                panel.expansionARR.append(0)
                panel.contractionARR.append(0)
                panel.milestone.append(-1)
                panel.milestoneReached.append(-1)
                for j in features.indices { panel.features[j].values.append(features[j]) }
                if churned { break }
            }
        }
        return panel
    }

    package struct SplitMix {
        package init(state: UInt64) { self.state = state }
        package var state: UInt64
        package mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        package mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) * 0x1p-53 }
        package mutating func normal() -> Double {
            (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
        }
    }
}
