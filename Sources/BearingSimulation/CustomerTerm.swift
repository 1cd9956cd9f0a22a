import BearingRandom

/// A customer's contract term, drawn from its setup stream after `CustomerStart`'s draws: one
/// uniform picks the term and, rescaled within its share, the phase. Without contracts every
/// field stays 0 (the customer renews, and decides, every period).
struct CustomerTerm {
    /// Term in months (0 = renews every period).
    var months = 0
    /// Month index of the current term's last month.
    var end = 0
    var earlyTermination: Float = 0
    var upliftMean = 0.0
    var upliftSD = 0.0
    /// Periods of a starting customer's current term that passed before the simulation,
    /// counted so that every renewal weighs a whole term's hazards.
    var elapsedPeriods: Float = 0

    @inline(__always)
    init(
        segment seg: CompiledScenario.Segment, contracts: UnsafeBufferPointer<CompiledContract>, model m: CompiledScenario,
        firstPeriod: Int, newLogo: Bool, setup: inout RandomStream
    ) {
        guard seg.contractCount > 0 else { return }
        let uTerm = setup.nextDouble()
        var k = seg.firstContract
        while k < seg.firstContract + seg.contractCount - 1, uTerm >= contracts[k].cut { k += 1 }
        let contract = contracts[k]
        let width = contract.cut - contract.lowerCut
        let uPhase = width > 0 ? min(max((uTerm - contract.lowerCut) / width, 0), 0.999_999_999) : 0
        months = contract.termMonths
        earlyTermination = contract.earlyTermination
        upliftMean = contract.upliftMean
        upliftSD = contract.upliftSD
        let firstMonth = m.startMonth + firstPeriod * m.periodMonths
        if newLogo {
            end = firstMonth + months - 1
        } else if contract.renewalMonth >= 0 {
            let aligned = firstMonth + ((contract.renewalMonth - firstMonth % 12) % 12 + 12) % 12
            end = aligned + 12 * min(months / 12 - 1, Int(uPhase * Double(months / 12)))
        } else {
            end = firstMonth + min(months - 1, Int(uPhase * Double(months)))
        }
        if !newLogo {
            let renewalPeriods = m.periods(months: end - firstMonth) + 1
            elapsedPeriods = max(0, Float(months) / Float(m.periodMonths) - Float(renewalPeriods))
        }
    }
}
