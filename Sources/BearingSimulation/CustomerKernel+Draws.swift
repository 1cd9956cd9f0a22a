import BearingMetrics
import BearingPanel
import BearingRandom

// The steps `simulateStartingBook` and `simulateBook` share, each drawing in the same order
// from the same streams, so the two kernels stay draw for draw the same for a customer both
// can simulate. Always inlined: each kernel keeps its hot loop free of calls. They take `m`,
// the kernel's local copy of `model`, rather than reading `model`: the optimiser keeps a local
// copy's fields in registers, while `self.model` is reloaded from memory after every store
// through a buffer pointer. The churn predictor (with a recorded row's features) and the
// next period's latent state stay written out in each kernel: as helpers they cost 3-4% of
// the kernels' speed (measured with bench-monte-carlo; the optimiser's choices in the hot
// loop change with either).
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
}
