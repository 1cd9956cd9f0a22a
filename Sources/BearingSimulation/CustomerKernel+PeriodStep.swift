import BearingPanel
import BearingRandom

/// The parts of a customer-period both kernels take the same way. Inlined into each kernel's
/// loop, so sharing them costs nothing; the order of the draws inside each is part of the output.
extension CustomerKernel {
    /// The churn hazard's linear predictor in period `p`: the true link's when the scenario has
    /// one, else the latent churn effect's. The link's features come from `lanes` when
    /// `laneFeatures`, else they are drawn here, as are a panel's observed values (into
    /// `z[nf..<2nf]`): one normal per feature, then one uniform per feature with a missing rate.
    @inline(__always)
    func churnEta<R: RowRecorder>(
        _: R.Type, customer: UInt32, trial: UInt32, period p: Int, d: Float, e: Float, isDark: Bool, churnB: Float,
        lane: Int, lanes: CustomerLanes, laneFeatures: Bool, scratch z: UnsafeMutableBufferPointer<Float>, tables t: Tables
    ) -> Float {
        let m = model
        let nf = m.featureCount
        if R.records || (m.hasLink && !laneFeatures) {
            var featureRNG = RandomStream(
                seed: seed, trial: trial, customer: customer, period: UInt32(truncatingIfNeeded: p),
                purpose: DrawPurpose.features.rawValue)
            featureRNG.fillNormal(UnsafeMutableBufferPointer(rebasing: z[0..<nf]))
            let k: Float = isDark ? 1 : 0
            for f in 0..<nf {
                z[f] = t.loadD[f] * d + t.loadE[f] * e + t.loadK[f] * k + t.noiseF[f] * z[f]
            }
            if R.records {
                for f in 0..<nf {
                    let x = min(m.featureMax[f], max(m.featureMin[f], m.featureCenter[f] + m.featureScale[f] * z[f]))
                    let missing = m.featureMissing[f] > 0 && featureRNG.nextFloat() < m.featureMissing[f]
                    z[nf + f] = missing ? .nan : x
                }
            }
        }
        if laneFeatures {
            return lanes.linkEta(lane: lane, period: p, intercept: m.linkIntercept, d: d, e: e, isDark: isDark, tables: t)
        } else if m.hasLink {
            var eta = m.linkIntercept
            for f in 0..<nf { eta += t.beta[f] * z[f] }
            return eta
        } else {
            return m.churn.eta(churnB, d: d, e: e, isDark: isDark)
        }
    }

    /// The ARR a contraction removes: a share drawn uniformly within the scenario's range.
    @inline(__always)
    static func contraction(of arr: Double, model m: CompiledScenario, stream: inout RandomStream) -> Double {
        let share = m.contractionShareMin + m.contractionShareSpan * stream.nextDouble()
        return min(arr, (arr * share).rounded())
    }

    /// Whether the customer reaches `milestone` in period `p` (one uniform) and, if so, the
    /// upsell it takes (a second uniform, at the category's take rate; 0 if not taken), counted in `tally`.
    @inline(__always)
    static func reach(
        _ milestone: CompiledScenario.Milestone, start s: CustomerStart, d: Float, e: Float, isDark: Bool, category: VectorCategory,
        shock: Float, upsellMultiplier: Double, stream: inout RandomStream, tally: UnsafeMutableBufferPointer<Int>, period p: Int,
        periods: Int
    ) -> (reached: Bool, upsell: Double) {
        let pReach = FastLogistic.probability(
            milestone.reach.eta(milestone.reach.intercepts[s.fi], d: d, e: e, isDark: isDark), times: shock)
        guard stream.nextFloat() < pReach else { return (false, 0) }
        tally[Counter.reached * periods + p] += 1
        guard stream.nextFloat() < milestone.take[Int(category.rawValue)] else { return (true, 0) }
        tally[Counter.taken * periods + p] += 1
        return (true, (milestone.upsell * upsellMultiplier).rounded())
    }

    /// The move from period `p` to the next for a customer who stays: the dark transition, then
    /// the direction and experience innovations (`darkShock`: period `p`'s going-dark multiplier).
    @inline(__always)
    static func advance(
        d: inout Float, e: inout Float, isDark: inout Bool, start s: CustomerStart, darkShock: Float, model m: CompiledScenario,
        stream: inout RandomStream
    ) {
        let pSwitch =
            isDark
            ? FastLogistic.logistic(m.recovery.eta(s.recoveryB, d: d, e: e, isDark: true))
            : FastLogistic.probability(m.goingDark.eta(s.goingDarkB, d: d, e: e, isDark: false), times: darkShock)
        if stream.nextFloat() < pSwitch { isDark.toggle() }
        let nd = stream.nextNormal()
        let ne = stream.nextNormal()
        d = m.directionPersistence * d + s.inputD + m.directionNoise * nd
        e = m.experiencePersistence * e + s.inputE + m.experienceNoise * ne
    }
}
