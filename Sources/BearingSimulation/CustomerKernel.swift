import BearingMetrics
import BearingRandom
import BearingPanel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Simulates customers one at a time through every period. Every draw comes from a stream keyed
/// by (seed, trial, customer, period, purpose), so a customer's path depends on nothing else.
struct CustomerKernel {
    let model: CompiledScenario
    let seed: UInt64

    /// Latent skill of every CSM in one trial.
    func csmSkills(trial: Int) -> [Float] {
        var skills = [Float](repeating: 0, count: model.csmCount)
        for segment in model.segments {
            for j in segment.firstCSM..<(segment.firstCSM + segment.csms) {
                var rng = RandomStream(key: StreamKey(
                    seed: seed, trial: UInt32(truncatingIfNeeded: trial), customer: UInt32(truncatingIfNeeded: j), period: 0,
                    purpose: DrawPurpose.csmSkill.rawValue))
                skills[j] = Float(segment.skillSD * rng.nextNormalDouble())
            }
        }
        return skills
    }

    /// Simulates customers `range` of `trial` (starting customers, then the new logos of
    /// `plan`), adding the starting customers' windows to `tallies` (index
    /// `segment * 5 + cohort`), everybody's events to `counts` and the new logos to `acquisitions`.
    /// `scratch` holds at least `2 * featureCount` floats: standardised values, then observed values.
    func simulate<R: RowRecorder>(
        trial: Int, customers range: Range<Int>, plan: NewLogoPlan, skills: [Float],
        tallies: inout [RetentionTally], counts: inout SimulationCounts, acquisitions: inout AcquisitionCohorts,
        scratch: UnsafeMutableBufferPointer<Float>, recorder: inout R
    ) {
        let periods = model.periodCount
        let tally = UnsafeMutableBufferPointer<Int>.allocate(capacity: Counter.rows * periods)
        tally.initialize(repeating: 0)
        // One dynamics stream per period of the current customer, keyed up front: the keyings
        // are independent, so the CPU overlaps their mixing latency.
        let streams = UnsafeMutableBufferPointer<RandomStream>.allocate(capacity: periods)
        defer {
            tally.deallocate()
            streams.deallocate()
        }
        model.loadDirection.withUnsafeBufferPointer { loadD in
        model.loadExperience.withUnsafeBufferPointer { loadE in
        model.loadDark.withUnsafeBufferPointer { loadK in
        model.featureNoise.withUnsafeBufferPointer { noiseF in
        model.linkBeta.withUnsafeBufferPointer { beta in
        model.churnShock.withUnsafeBufferPointer { churnShock in
        model.contractionShock.withUnsafeBufferPointer { contractionShock in
        model.darkShock.withUnsafeBufferPointer { darkShock in
        model.reachShock.withUnsafeBufferPointer { reachShock in
        model.milestones.withUnsafeBufferPointer { milestones in
        skills.withUnsafeBufferPointer { skills in
            simulateCustomers(
                trial: trial, range: range, plan: plan, tallies: &tallies, acquisitions: &acquisitions, tally: tally,
                streams: streams, scratch: scratch, recorder: &recorder,
                tables: Tables(
                    loadD: loadD, loadE: loadE, loadK: loadK, noiseF: noiseF, beta: beta, churnShock: churnShock,
                    contractionShock: contractionShock, darkShock: darkShock, reachShock: reachShock,
                    milestones: milestones, skills: skills))
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        var block = SimulationCounts(periods: periods)
        for p in 0..<periods {
            block.atRisk[p] = tally[Counter.atRisk * periods + p]
            block.churned[p] = tally[Counter.churned * periods + p]
            block.dark[p] = tally[Counter.dark * periods + p]
            block.contracted[p] = tally[Counter.contracted * periods + p]
            block.milestonePending[p] = tally[Counter.pending * periods + p]
            block.milestonesReached[p] = tally[Counter.reached * periods + p]
            block.upsellsTaken[p] = tally[Counter.taken * periods + p]
            block.newLogos[p] = tally[Counter.newLogos * periods + p]
            block.renewals[p] = tally[Counter.renewals * periods + p]
        }
        counts.merge(block)
    }

    /// Rows of the per-period counter block.
    enum Counter {
        static let atRisk = 0, churned = 1, dark = 2, contracted = 3, pending = 4, reached = 5, taken = 6
        static let newLogos = 7, renewals = 8
        static let rows = 9
    }

    /// The model's arrays as buffers, valid for one `simulate` call.
    struct Tables {
        var loadD, loadE, loadK, noiseF, beta: UnsafeBufferPointer<Float>
        var churnShock, contractionShock, darkShock, reachShock: UnsafeBufferPointer<Float>
        var milestones: UnsafeBufferPointer<CompiledScenario.Milestone>
        var skills: UnsafeBufferPointer<Float>
    }

    @inline(__always)
    private func simulateCustomers<R: RowRecorder>(
        trial: Int, range: Range<Int>, plan: NewLogoPlan, tallies: inout [RetentionTally],
        acquisitions: inout AcquisitionCohorts, tally: UnsafeMutableBufferPointer<Int>,
        streams: UnsafeMutableBufferPointer<RandomStream>, scratch z: UnsafeMutableBufferPointer<Float>,
        recorder: inout R, tables t: Tables
    ) {
        let m = model
        let periods = m.periodCount
        let nf = m.featureCount
        let milestoneCount = t.milestones.count
        let drawFeatures = R.records || m.hasLink
        let trialKey = UInt32(truncatingIfNeeded: trial)
        let dynamics = DrawPurpose.dynamics.rawValue
        let startCustomers = plan.startCustomers
        var segmentIndex = m.segmentIndex(ofCustomer: min(range.lowerBound, max(0, startCustomers - 1)))
        var cell = range.lowerBound >= startCustomers ? plan.firstCell(atOrAfter: range.lowerBound) : 0
        for c in range {
            // Who: a starting customer (period 0 on) or a new logo (from its acquisition period).
            let newLogo = c >= startCustomers
            var firstPeriod = 0
            if newLogo {
                cell = plan.cell(of: c, from: cell)
                segmentIndex = cell % plan.segmentCount
                firstPeriod = cell / plan.segmentCount + 1
            } else {
                while c >= m.segments[segmentIndex].firstCustomer + m.segments[segmentIndex].customers {
                    segmentIndex += 1
                }
            }
            let seg = m.segments[segmentIndex]
            let shockBase = segmentIndex * periods
            let customerKey = UInt32(truncatingIfNeeded: c)
            for p in firstPeriod..<periods {
                streams[p] = RandomStream(
                    seed: seed, trial: trialKey, customer: customerKey, period: UInt32(truncatingIfNeeded: p), purpose: dynamics)
            }

            // Setup draws, in this order: fit, ARR, CSM, direction, experience, dark; then, in a
            // segment with contracts, the contract term and its phase.
            var setup = RandomStream(
                seed: seed, trial: trialKey, customer: customerKey, period: 0, purpose: DrawPurpose.customerSetup.rawValue)
            let uFit = setup.nextDouble()
            let fit: Fit
            var arr: Double
            if newLogo {
                fit = uFit < seg.newLogoGoodCut ? .good : (uFit < seg.newLogoStretchCut ? .stretch : .bad)
                arr = (seg.newLogoARRMedian * exp(seg.newLogoARRSigma * setup.nextNormalDouble())).rounded()
            } else {
                fit = uFit < seg.goodCut ? .good : (uFit < seg.stretchCut ? .stretch : .bad)
                arr = (seg.arrMedian * exp(seg.arrSigma * setup.nextNormalDouble())).rounded()
            }
            let fi = Int(fit.rawValue)
            let csm = seg.firstCSM + min(seg.csms - 1, Int(setup.nextDouble() * Double(seg.csms)))
            let skill = t.skills[csm]
            let inputD = seg.directionInput[fi] + m.directionSkill * skill
            let inputE = seg.experienceInput[fi] + m.experienceSkill * skill
            var d = inputD / (1 - m.directionPersistence) + m.directionStartSD * setup.nextNormal()
            var e = inputE / (1 - m.experiencePersistence) + m.experienceStartSD * setup.nextNormal()
            var isDark = setup.nextFloat() < m.darkInitial
            // New logos start engaged, shifted by `start_shift`, and possibly ramping up.
            var rampTarget = 0.0
            if newLogo {
                isDark = false
                d += seg.startShiftDirection
                e += seg.startShiftExperience
                if seg.rampPeriods > 0 {
                    rampTarget = arr
                    arr = (rampTarget * seg.rampStart).rounded()
                }
            }

            // Contract: term (0 = renews every period), the month its current term ends in.
            var termMonths = 0
            var termEnd = 0
            var earlyTermination: Float = 0
            var upliftMean = 0.0
            var upliftSD = 0.0
            // Periods of a starting customer's current term that passed before the simulation,
            // counted so that every renewal weighs a whole term's hazards (see below).
            var elapsedPeriods: Float = 0
            if !seg.contracts.isEmpty {
                let uTerm = setup.nextDouble()
                let uPhase = setup.nextDouble()
                var k = 0
                while k < seg.contractCuts.count - 1, uTerm >= seg.contractCuts[k] { k += 1 }
                let contract = seg.contracts[k]
                termMonths = contract.termMonths
                earlyTermination = contract.earlyTermination
                upliftMean = contract.upliftMean
                upliftSD = contract.upliftSD
                let firstMonth = m.startMonth + firstPeriod * m.periodMonths
                if newLogo {
                    termEnd = firstMonth + termMonths - 1
                } else if contract.renewalMonth >= 0 {
                    let aligned = firstMonth + ((contract.renewalMonth - firstMonth % 12) % 12 + 12) % 12
                    termEnd = aligned + 12 * min(termMonths / 12 - 1, Int(uPhase * Double(termMonths / 12)))
                } else {
                    termEnd = firstMonth + min(termMonths - 1, Int(uPhase * Double(termMonths)))
                }
                if !newLogo {
                    let renewalPeriods = (termEnd - firstMonth) / m.periodMonths + 1
                    elapsedPeriods = max(0, Float(termMonths) / Float(m.periodMonths) - Float(renewalPeriods))
                }
            }
            let hasTerm = termMonths > 0
            // Hazards accumulated since the last renewal: Π(1 − h)/(1 − early·h) for churn, Π(1 − q) for contraction.
            var lastTerm: Float = 1
            var keepTerm: Float = 1

            let churnB = m.churn.intercepts[fi]
            let contractionB = m.contraction.intercepts[fi]
            let goingDarkB = m.goingDark.intercepts[fi]
            let recoveryB = m.recovery.intercepts[fi]

            var milestone = 0
            let startARR = arr
            var expansionTotal = 0.0
            var contractionTotal = 0.0
            var churnedARR = 0.0
            var retained = true
            var lastPeriod = periods - 1
            var cohort = Cohort.badFit
            if newLogo { tally[Counter.newLogos * periods + firstPeriod] += 1 }

            for p in firstPeriod..<periods {
                let category = m.category(d: d, e: e, isDark: isDark)
                if p == firstPeriod {
                    cohort = Cohort(fit: fit, category: category, stretchCountsAsGood: m.stretchCountsAsGood)
                }
                // A term contract renews in the period holding the last month of its term.
                let periodEnd = m.startMonth + (p + 1) * m.periodMonths
                let renewal = !hasTerm || termEnd < periodEnd
                if drawFeatures {
                    // Feature draws, in this order: one normal per feature, then (panel only)
                    // one uniform per feature with a missing rate.
                    var featureRNG = RandomStream(
                        seed: seed, trial: trialKey, customer: customerKey, period: UInt32(truncatingIfNeeded: p),
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
                var eta: Float
                if m.hasLink {
                    eta = m.linkIntercept
                    for f in 0..<nf { eta += t.beta[f] * z[f] }
                } else {
                    eta = m.churn.eta(churnB, d: d, e: e, isDark: isDark)
                }
                // Dynamics draws, in this order: churn; unless churned: contraction (and its
                // share), milestone reach (and take); unless last period: dark transition, then
                // the direction and experience innovations.
                let hazard = FastLogistic.probability(eta, times: t.churnShock[shockBase + p])
                if elapsedPeriods > 0, p == firstPeriod {
                    // The term's periods before the start, at the starting state's hazard.
                    lastTerm = powf((1 - hazard) / (1 - earlyTermination * hazard), elapsedPeriods)
                }
                // At a renewal the hazards since the last one; between renewals only the early terminations.
                let pChurn = renewal ? (lastTerm == 1 ? hazard : 1 - lastTerm * (1 - hazard)) : earlyTermination * hazard
                let churned = streams[p].nextFloat() < pChurn
                var contraction = 0.0
                var expansion = 0.0
                let pending = milestone < milestoneCount
                var reached: Int8 = pending ? 0 : -1
                if !churned {
                    let pContraction = FastLogistic.probability(
                        m.contraction.eta(contractionB, d: d, e: e, isDark: isDark), times: t.contractionShock[shockBase + p])
                    if elapsedPeriods > 0, p == firstPeriod { keepTerm = powf(1 - pContraction, elapsedPeriods) }
                    if renewal {
                        let pDecided = keepTerm == 1 ? pContraction : 1 - keepTerm * (1 - pContraction)
                        if streams[p].nextFloat() < pDecided {
                            let share = m.contractionShareMin + m.contractionShareSpan * streams[p].nextDouble()
                            contraction = min(arr, (arr * share).rounded())
                            tally[Counter.contracted * periods + p] += 1
                        }
                        lastTerm = 1
                        keepTerm = 1
                    } else {
                        lastTerm *= (1 - hazard) / (1 - earlyTermination * hazard)
                        keepTerm *= 1 - pContraction
                    }
                    if pending {
                        let ms = t.milestones[milestone]
                        let pReach = FastLogistic.probability(
                            ms.reach.eta(ms.reach.intercepts[fi], d: d, e: e, isDark: isDark), times: t.reachShock[shockBase + p])
                        if streams[p].nextFloat() < pReach {
                            reached = 1
                            if streams[p].nextFloat() < ms.take[Int(category.rawValue)] {
                                expansion = (ms.upsell * seg.upsellMultiplier).rounded()
                                tally[Counter.taken * periods + p] += 1
                            }
                            tally[Counter.reached * periods + p] += 1
                        }
                    }
                    if hasTerm, renewal, upliftMean > 0 || upliftSD > 0 {
                        var priceRNG = RandomStream(
                            seed: seed, trial: trialKey, customer: customerKey, period: UInt32(truncatingIfNeeded: p),
                            purpose: DrawPurpose.contracts.rawValue)
                        let rate = max(0, upliftMean + upliftSD * priceRNG.nextNormalDouble())
                        expansion += ((arr - contraction) * rate).rounded()
                    }
                    if rampTarget > 0, p - firstPeriod < seg.rampPeriods {
                        let step = Double(p - firstPeriod)
                        let span = 1 - seg.rampStart
                        let before = (rampTarget * (seg.rampStart + span * step / Double(seg.rampPeriods))).rounded()
                        let after = (rampTarget * (seg.rampStart + span * (step + 1) / Double(seg.rampPeriods))).rounded()
                        expansion += after - before
                    }
                }
                tally[Counter.atRisk * periods + p] += 1
                if isDark { tally[Counter.dark * periods + p] += 1 }
                if pending { tally[Counter.pending * periods + p] += 1 }
                if hasTerm, renewal { tally[Counter.renewals * periods + p] += 1 }
                if newLogo { acquisitions.addPeriod(acquiredIn: firstPeriod, period: p, category: category, churned: churned) }

                if R.records {
                    recorder.record(
                        SimulatedRow(
                            customer: c, period: p, segment: segmentIndex, fit: fit, csm: csm, arr: arr,
                            churned: churned, expansion: expansion, contraction: contraction,
                            milestone: pending ? Int32(milestone) : -1, milestoneReached: reached,
                            direction: d, experience: e, isDark: isDark, category: category,
                            churnProbability: pChurn, termMonths: hasTerm ? Int32(termMonths) : -1,
                            termEndMonth: hasTerm ? termEnd : nil, renewal: hasTerm && renewal,
                            acquiredIn: newLogo ? Int32(firstPeriod) : -1),
                        features: UnsafeBufferPointer(rebasing: z[nf..<(2 * nf)]))
                }
                if reached == 1 { milestone += 1 }
                if churned {
                    tally[Counter.churned * periods + p] += 1
                    churnedARR = arr
                    retained = false
                    lastPeriod = p
                    break
                }
                expansionTotal += expansion
                contractionTotal += contraction
                arr += expansion - contraction
                if hasTerm, renewal {
                    while termEnd < periodEnd { termEnd += termMonths }
                }
                guard p + 1 < periods else { break }
                let pSwitch = isDark
                    ? FastLogistic.logistic(m.recovery.eta(recoveryB, d: d, e: e, isDark: true))
                    : FastLogistic.probability(m.goingDark.eta(goingDarkB, d: d, e: e, isDark: false), times: t.darkShock[shockBase + p])
                if streams[p].nextFloat() < pSwitch { isDark.toggle() }
                let nd = streams[p].nextNormal()
                let ne = streams[p].nextNormal()
                d = m.directionPersistence * d + inputD + m.directionNoise * nd
                e = m.experiencePersistence * e + inputE + m.experienceNoise * ne
            }
            if newLogo {
                acquisitions.addCustomer(segment: segmentIndex, acquiredIn: firstPeriod, lastPeriod: lastPeriod, churned: !retained)
            } else {
                tallies[segmentIndex * 5 + Int(cohort.rawValue)].addCustomer(
                    startARR: startARR, expansion: expansionTotal, contraction: contractionTotal,
                    churnedARR: churnedARR, retained: retained)
            }
        }
    }
}
