import BearingPanel

/// Deterministic synthetic histories for stress tests: `customers` customers over `quarters`
/// quarters from 2024-Q1, spread round-robin over `csms` CSMs, with churn, contraction,
/// expansion and survey answers drawn from a SplitMix64 hash of (trial, customer, quarter).
enum SyntheticBooks {
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func uniform(_ trial: Int, _ customer: Int, _ quarter: Int, _ purpose: UInt64) -> Double {
        let key = mix(mix(mix(UInt64(trial)) ^ UInt64(customer)) ^ UInt64(quarter << 8) ^ purpose)
        return Double(key >> 11) * 0x1p-53
    }

    static func panel(trial: Int, customers: Int, csms: Int, quarters: Int = 8) -> HistoryPanel {
        var p = HistoryPanel(granularity: .quarter, featureNames: ["experience.nps", "experience.csat"])
        p.segmentNames = ["all"]
        p.csmIDs = (0..<csms).map { "CSM\($0)" }
        p.reserveCapacity(customers * quarters)
        for c in 0..<customers {
            p.customerIDs.append("C\(c)")
            // CSM skill shifts churn and expansion so pay and NRR correlate.
            let skill = Double(c % csms) / Double(max(1, csms - 1)) - 0.5
            var arr = 5_000 + 50_000 * uniform(trial, c, 0, 1)
            for q in 0..<quarters {
                let churned = uniform(trial, c, q, 2) < 0.04 - 0.03 * skill
                let expansion = uniform(trial, c, q, 3) < 0.15 + 0.1 * skill ? arr * 0.2 : 0
                let contraction = !churned && uniform(trial, c, q, 4) < 0.05 ? arr * 0.1 : 0
                p.customer.append(Int32(c))
                p.period.append(Period(year: 2024, quarter: 1).advanced(by: q))
                p.segment.append(0)
                p.fit.append(.good)
                p.csm.append(Int32(c % csms))
                p.arr.append(arr)
                p.churned.append(churned)
                p.expansionARR.append(expansion)
                p.contractionARR.append(contraction)
                p.milestone.append(-1)
                p.milestoneReached.append(-1)
                let nps = uniform(trial, c, q, 5) < 0.3 ? Float.nan : Float(20 + 60 * skill + 40 * (uniform(trial, c, q, 6) - 0.5))
                p.features[0].values.append(nps)
                p.features[1].values.append(Float(4 + skill))
                if churned { break }
                arr += expansion - contraction
            }
        }
        return p
    }
}
