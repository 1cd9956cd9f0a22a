import BearingMetrics
import BearingPanel
import BearingRandom

// Steps of `simulateBook`, drawing in the kernel's order from its streams. Always inlined:
// each specialisation of the kernel keeps its hot loop free of calls. They take `m`,
// the kernel's local copy of `model`, rather than reading `model`: the optimiser keeps a local
// copy's fields in registers, while `self.model` is reloaded from memory after every store
// through a buffer pointer. The next period's latent state stays written out in the kernel:
// as a helper it cost 3-4% of its speed (measured with bench-monte-carlo; the optimiser's
// choices in the hot loop change with it).
extension CustomerKernel {
    /// A customer's latent start, drawn after its fit and ARR.
    struct LatentStart {
        var csm: Int
        /// Per-period inputs to direction and experience (the fit's, plus the CSM's skill).
        var inputD, inputE: Float
        var d, e: Float
        var isDark: Bool
    }

    /// Setup draws after fit and ARR, in this order: CSM, direction, experience, dark.
    @inline(__always)
    func drawLatentStart(
        _ setup: inout RandomStream, model m: CompiledScenario, segment seg: CompiledScenario.Segment, fit fi: Int,
        tables t: Tables
    ) -> LatentStart {
        let csm = seg.firstCSM + min(seg.csms - 1, Int(setup.nextDouble() * Double(seg.csms)))
        let skill = t.skills[csm]
        let inputD = seg.directionInput[fi] + m.directionSkill * skill
        let inputE = seg.experienceInput[fi] + m.experienceSkill * skill
        let d = inputD / (1 - m.directionPersistence) + m.directionStartSD * setup.nextNormal()
        let e = inputE / (1 - m.experiencePersistence) + m.experienceStartSD * setup.nextNormal()
        let isDark = setup.nextFloat() < m.darkInitial
        return LatentStart(csm: csm, inputD: inputD, inputE: inputE, d: d, e: e, isDark: isDark)
    }

    /// The intercepts of a fit's logistic effects.
    struct Intercepts {
        var churn, contraction, goingDark, recovery: Float

        @inline(__always)
        init(_ m: CompiledScenario, fit fi: Int) {
            churn = m.churn.intercepts[fi]
            contraction = m.contraction.intercepts[fi]
            goingDark = m.goingDark.intercepts[fi]
            recovery = m.recovery.intercepts[fi]
        }
    }

    /// A contraction's size: a share of `arr` drawn from `stream`, rounded, at most `arr`.
    @inline(__always)
    func drawContraction(of arr: Double, model m: CompiledScenario, _ stream: inout RandomStream) -> Double {
        let share = m.contractionShareMin + m.contractionShareSpan * stream.nextDouble()
        return min(arr, (arr * share).rounded())
    }

    /// Reach of the customer's pending milestone `ms` in period `p` and, when reached, the
    /// take of its upsell (into `expansion`); counts both in `tally`.
    @inline(__always)
    func drawMilestone(
        _ ms: CompiledScenario.Milestone, fit fi: Int, category: VectorCategory, d: Float, e: Float, isDark: Bool,
        shock: Float, upsellMultiplier: Double, stream: inout RandomStream, tally: UnsafeMutableBufferPointer<Int>,
        period p: Int, periods: Int, reached: inout Int8, expansion: inout Double
    ) {
        let pReach = FastLogistic.probability(ms.reach.eta(ms.reach.intercepts[fi], d: d, e: e, isDark: isDark), times: shock)
        guard stream.nextFloat() < pReach else { return }
        reached = 1
        if stream.nextFloat() < ms.take[Int(category.rawValue)] {
            expansion = (ms.upsell * upsellMultiplier).rounded()
            tally[Counter.taken * periods + p] += 1
        }
        tally[Counter.reached * periods + p] += 1
    }

    /// Period `p`'s churn predictor. A recorded row draws its features first: their normals,
    /// then the values and missing flags, into `z` (standardised values in `z[0..<nf]`, values
    /// in `z[nf..<2nf]`), which the link then reads. Otherwise the link's features come from
    /// the customer's `lane` of pre-drawn normals when there is one, else are drawn here into
    /// `z`; without a link, the churn effect of the latent state with the fit's `intercept`.
    @inline(__always)
    func churnPredictor<R: RowRecorder>(
        _: R.Type, model m: CompiledScenario, tables t: Tables, lanes: borrowing CustomerLanes, lane: Int?,
        scratch z: UnsafeMutableBufferPointer<Float>, trial: UInt32, customer: UInt32, period p: Int, d: Float, e: Float,
        isDark: Bool, intercept: Float
    ) -> Float {
        let nf = m.featureCount
        if R.records {
            var featureRNG = featureStream(trial: trial, customer: customer, period: p)
            featureRNG.fillNormal(UnsafeMutableBufferPointer(rebasing: z[0..<nf]))
            let k: Float = isDark ? 1 : 0
            for f in 0..<nf {
                z[f] = t.loadD[f] * d + t.loadE[f] * e + t.loadK[f] * k + t.noiseF[f] * z[f]
            }
            for f in 0..<nf {
                let x = min(m.featureMax[f], max(m.featureMin[f], m.featureCenter[f] + m.featureScale[f] * z[f]))
                let missing = m.featureMissing[f] > 0 && featureRNG.nextFloat() < m.featureMissing[f]
                z[nf + f] = missing ? .nan : x
            }
        }
        if let lane {
            return lanes.linkEta(lane: lane, period: p, intercept: m.linkIntercept, d: d, e: e, isDark: isDark)
        } else if m.hasLink && !R.records {
            var featureRNG = featureStream(trial: trial, customer: customer, period: p)
            return lanes.linkEta(drawing: &featureRNG, scratch: z, intercept: m.linkIntercept, d: d, e: e, isDark: isDark)
        } else if m.hasLink {
            var eta = m.linkIntercept
            for f in 0..<nf { eta += t.beta[f] * z[f] }
            return eta
        }
        return m.churn.eta(intercept, d: d, e: e, isDark: isDark)
    }
}
