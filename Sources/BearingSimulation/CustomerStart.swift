import BearingPanel
import BearingRandom

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A customer's state at its first period, from its setup stream. Setup draws, in this order:
/// fit, ARR, CSM, direction, experience, dark (a segment with contracts then draws its term,
/// `CustomerTerm`). Both kernels draw a starting customer this way, so they draw the same.
struct CustomerStart {
    let fit: Fit
    /// `fit.rawValue` as an index into the fit-specific tables.
    let fi: Int
    var arr: Double
    let csm: Int
    /// Latent AR(1) inputs: the fit's drift plus the CSM's skill term.
    let inputD: Float
    let inputE: Float
    var d: Float
    var e: Float
    var isDark: Bool
    /// The hazards' intercepts for the customer's fit.
    let churnB: Float
    let contractionB: Float
    let goingDarkB: Float
    let recoveryB: Float

    /// A starting customer (`newLogo` false) draws the segment's fit mix and ARR; a new logo
    /// draws the new-logo ones and then starts engaged, shifted by `start_shift`.
    @inline(__always)
    init(
        segment seg: CompiledScenario.Segment, model m: CompiledScenario, skills: UnsafeBufferPointer<Float>, newLogo: Bool,
        setup: inout RandomStream
    ) {
        let uFit = setup.nextDouble()
        if newLogo {
            fit = uFit < seg.newLogoGoodCut ? .good : (uFit < seg.newLogoStretchCut ? .stretch : .bad)
            arr = (seg.newLogoARRMedian * exp(seg.newLogoARRSigma * setup.nextNormalDouble())).rounded()
        } else {
            fit = uFit < seg.goodCut ? .good : (uFit < seg.stretchCut ? .stretch : .bad)
            arr = (seg.arrMedian * exp(seg.arrSigma * setup.nextNormalDouble())).rounded()
        }
        fi = Int(fit.rawValue)
        csm = seg.firstCSM + min(seg.csms - 1, Int(setup.nextDouble() * Double(seg.csms)))
        let skill = skills[csm]
        inputD = seg.directionInput[fi] + m.directionSkill * skill
        inputE = seg.experienceInput[fi] + m.experienceSkill * skill
        d = inputD / (1 - m.directionPersistence) + m.directionStartSD * setup.nextNormal()
        e = inputE / (1 - m.experiencePersistence) + m.experienceStartSD * setup.nextNormal()
        isDark = setup.nextFloat() < m.darkInitial
        if newLogo {
            isDark = false
            d += seg.startShiftDirection
            e += seg.startShiftExperience
        }
        churnB = m.churn.intercepts[fi]
        contractionB = m.contraction.intercepts[fi]
        goingDarkB = m.goingDark.intercepts[fi]
        recoveryB = m.recovery.intercepts[fi]
    }
}
