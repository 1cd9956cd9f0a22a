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

    /// Simulates customers `range` of `trial`, adding their windows to `tallies`
    /// (index `segment * 5 + cohort`) and their events to `counts`.
    /// `scratch` holds at least `2 * featureCount` floats: standardised values, then observed values.
    func simulate<R: RowRecorder>(
        trial: Int, customers range: Range<Int>, skills: [Float],
        tallies: inout [RetentionTally], counts: inout SimulationCounts,
        scratch: UnsafeMutableBufferPointer<Float>, recorder: inout R
    ) {
        let periods = model.periodCount
        // Counters: 7 rows of `periods` (at risk, churned, dark, contracted, pending, reached, taken).
        let tally = UnsafeMutableBufferPointer<Int>.allocate(capacity: 7 * periods)
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
                trial: trial, range: range, tallies: &tallies, tally: tally, streams: streams, scratch: scratch,
                recorder: &recorder,
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
            block.atRisk[p] = tally[p]
            block.churned[p] = tally[periods + p]
            block.dark[p] = tally[2 * periods + p]
            block.contracted[p] = tally[3 * periods + p]
            block.milestonePending[p] = tally[4 * periods + p]
            block.milestonesReached[p] = tally[5 * periods + p]
            block.upsellsTaken[p] = tally[6 * periods + p]
        }
        counts.merge(block)
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
        trial: Int, range: Range<Int>, tallies: inout [RetentionTally], tally: UnsafeMutableBufferPointer<Int>,
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
        var segmentIndex = m.segmentIndex(ofCustomer: range.lowerBound)
        for c in range {
            while c >= m.segments[segmentIndex].firstCustomer + m.segments[segmentIndex].customers {
                segmentIndex += 1
            }
            let seg = m.segments[segmentIndex]
            let shockBase = segmentIndex * periods
            let customerKey = UInt32(truncatingIfNeeded: c)
            for p in 0..<periods {
                streams[p] = RandomStream(
                    seed: seed, trial: trialKey, customer: customerKey, period: UInt32(truncatingIfNeeded: p), purpose: dynamics)
            }

            // Setup draws, in this order: fit, ARR, CSM, direction, experience, dark.
            var setup = RandomStream(
                seed: seed, trial: trialKey, customer: customerKey, period: 0, purpose: DrawPurpose.customerSetup.rawValue)
            let uFit = setup.nextDouble()
            let fit: Fit = uFit < seg.goodCut ? .good : (uFit < seg.stretchCut ? .stretch : .bad)
            let fi = Int(fit.rawValue)
            var arr = (seg.arrMedian * exp(seg.arrSigma * setup.nextNormalDouble())).rounded()
            let csm = seg.firstCSM + min(seg.csms - 1, Int(setup.nextDouble() * Double(seg.csms)))
            let skill = t.skills[csm]
            let inputD = seg.directionInput[fi] + m.directionSkill * skill
            let inputE = seg.experienceInput[fi] + m.experienceSkill * skill
            var d = inputD / (1 - m.directionPersistence) + m.directionStartSD * setup.nextNormal()
            var e = inputE / (1 - m.experiencePersistence) + m.experienceStartSD * setup.nextNormal()
            var isDark = setup.nextFloat() < m.darkInitial
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
            var cohort = Cohort.badFit

            for p in 0..<periods {
                let category = m.category(d: d, e: e, isDark: isDark)
                if p == 0 {
                    cohort = Cohort(fit: fit, category: category, stretchCountsAsGood: m.stretchCountsAsGood)
                }
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
                let pChurn = FastLogistic.probability(eta, times: t.churnShock[shockBase + p])
                let churned = streams[p].nextFloat() < pChurn
                var contraction = 0.0
                var expansion = 0.0
                let pending = milestone < milestoneCount
                var reached: Int8 = pending ? 0 : -1
                if !churned {
                    let pContraction = FastLogistic.probability(
                        m.contraction.eta(contractionB, d: d, e: e, isDark: isDark), times: t.contractionShock[shockBase + p])
                    if streams[p].nextFloat() < pContraction {
                        let share = m.contractionShareMin + m.contractionShareSpan * streams[p].nextDouble()
                        contraction = min(arr, (arr * share).rounded())
                        tally[3 * periods + p] += 1
                    }
                    if pending {
                        let ms = t.milestones[milestone]
                        let pReach = FastLogistic.probability(
                            ms.reach.eta(ms.reach.intercepts[fi], d: d, e: e, isDark: isDark), times: t.reachShock[shockBase + p])
                        if streams[p].nextFloat() < pReach {
                            reached = 1
                            if streams[p].nextFloat() < ms.take[Int(category.rawValue)] {
                                expansion = (ms.upsell * seg.upsellMultiplier).rounded()
                                tally[6 * periods + p] += 1
                            }
                            tally[5 * periods + p] += 1
                        }
                    }
                }
                tally[p] += 1
                if isDark { tally[2 * periods + p] += 1 }
                if pending { tally[4 * periods + p] += 1 }

                if R.records {
                    recorder.record(
                        SimulatedRow(
                            customer: c, period: p, segment: segmentIndex, fit: fit, csm: csm, arr: arr,
                            churned: churned, expansion: expansion, contraction: contraction,
                            milestone: pending ? Int32(milestone) : -1, milestoneReached: reached,
                            direction: d, experience: e, isDark: isDark, category: category,
                            churnProbability: pChurn),
                        features: UnsafeBufferPointer(rebasing: z[nf..<(2 * nf)]))
                }
                if reached == 1 { milestone += 1 }
                if churned {
                    tally[periods + p] += 1
                    churnedARR = arr
                    retained = false
                    break
                }
                expansionTotal += expansion
                contractionTotal += contraction
                arr += expansion - contraction
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
            tallies[segmentIndex * 5 + Int(cohort.rawValue)].addCustomer(
                startARR: startARR, expansion: expansionTotal, contraction: contractionTotal,
                churnedARR: churnedARR, retained: retained)
        }
    }
}
