import BearingMetrics
import BearingRandom
import BearingPanel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Receives the rows of simulated customer-periods. `records` is static so the aggregate-only
/// kernel compiles without any row work.
protocol RowRecorder {
    static var records: Bool { get }
    mutating func record(_ row: SimulatedRow, features: UnsafeBufferPointer<Float>)
}

/// The non-feature fields of one customer-period row.
struct SimulatedRow {
    var customer: Int
    var period: Int
    var segment: Int
    var fit: Fit
    var csm: Int
    var arr: Double
    var churned: Bool
    var expansion: Double
    var contraction: Double
    var milestone: Int32
    var milestoneReached: Int8
    var direction: Float
    var experience: Float
    var isDark: Bool
    var category: VectorCategory
    var churnProbability: Float
}

struct NoRows: RowRecorder {
    static var records: Bool { false }
    func record(_ row: SimulatedRow, features: UnsafeBufferPointer<Float>) {}
}

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
        let m = model
        let periods = m.periodCount
        let nf = m.featureCount
        let drawFeatures = R.records || m.hasLink
        let trialKey = UInt32(truncatingIfNeeded: trial)
        let z = scratch
        var segmentIndex = m.segmentIndex(ofCustomer: range.lowerBound)
        m.loadDirection.withUnsafeBufferPointer { loadD in
        m.loadExperience.withUnsafeBufferPointer { loadE in
        m.loadDark.withUnsafeBufferPointer { loadK in
        m.featureNoise.withUnsafeBufferPointer { noiseF in
        m.linkBeta.withUnsafeBufferPointer { beta in
        for c in range {
            while c >= m.segments[segmentIndex].firstCustomer + m.segments[segmentIndex].customers {
                segmentIndex += 1
            }
            let seg = m.segments[segmentIndex]
            let shockBase = segmentIndex * periods

            // Setup draws, in this order: fit, ARR, CSM, direction, experience, dark.
            var setup = RandomStream(key: StreamKey(
                seed: seed, trial: trialKey, customer: UInt32(truncatingIfNeeded: c), period: 0,
                purpose: DrawPurpose.customerSetup.rawValue))
            let uFit = setup.nextDouble()
            let fit: Fit = uFit < seg.goodCut ? .good : (uFit < seg.stretchCut ? .stretch : .bad)
            var arr = (seg.arrMedian * exp(seg.arrSigma * setup.nextNormalDouble())).rounded()
            let csm = seg.firstCSM + min(seg.csms - 1, Int(setup.nextDouble() * Double(seg.csms)))
            let skill = skills[csm]
            let inD: Float
            let inE: Float
            switch fit {
            case .good: (inD, inE) = (seg.directionInput.0, seg.experienceInput.0)
            case .stretch: (inD, inE) = (seg.directionInput.1, seg.experienceInput.1)
            case .bad: (inD, inE) = (seg.directionInput.2, seg.experienceInput.2)
            }
            let inputD = inD + m.directionSkill * skill
            let inputE = inE + m.experienceSkill * skill
            var d = inputD / (1 - m.directionPersistence) + m.directionStartSD * setup.nextNormal()
            var e = inputE / (1 - m.experiencePersistence) + m.experienceStartSD * setup.nextNormal()
            var isDark = setup.nextFloat() < m.darkInitial

            var milestone = 0
            let startARR = arr
            var expansionTotal = 0.0
            var contractionTotal = 0.0
            var churnedARR = 0.0
            var retained = true
            var cohort = Cohort.badFit

            for p in 0..<periods {
                var rng = RandomStream(key: StreamKey(
                    seed: seed, trial: trialKey, customer: UInt32(truncatingIfNeeded: c), period: UInt32(truncatingIfNeeded: p),
                    purpose: DrawPurpose.dynamics.rawValue))
                let category = m.category(d: d, e: e, isDark: isDark)
                if p == 0 {
                    cohort = Cohort(fit: fit, category: category, stretchCountsAsGood: m.stretchCountsAsGood)
                }
                var eta: Float
                if drawFeatures {
                    // Feature draws, in this order: one normal per feature, then (panel only)
                    // one uniform per feature with a missing rate.
                    var featureRNG = RandomStream(key: StreamKey(
                        seed: seed, trial: trialKey, customer: UInt32(truncatingIfNeeded: c), period: UInt32(truncatingIfNeeded: p),
                        purpose: DrawPurpose.features.rawValue))
                    featureRNG.fillNormal(UnsafeMutableBufferPointer(rebasing: z[0..<nf]))
                    let k: Float = isDark ? 1 : 0
                    for f in 0..<nf {
                        z[f] = loadD[f] * d + loadE[f] * e + loadK[f] * k + noiseF[f] * z[f]
                    }
                    if R.records {
                        for f in 0..<nf {
                            let x = min(m.featureMax[f], max(m.featureMin[f], m.featureCenter[f] + m.featureScale[f] * z[f]))
                            let missing = m.featureMissing[f] > 0 && featureRNG.nextFloat() < m.featureMissing[f]
                            z[nf + f] = missing ? .nan : x
                        }
                    }
                }
                if m.hasLink {
                    eta = m.linkIntercept
                    for f in 0..<nf { eta += beta[f] * z[f] }
                } else {
                    eta = m.churn.eta(fit: fit, d: d, e: e, isDark: isDark)
                }
                let pChurn = min(1, logistic(eta) * m.churnShock[shockBase + p])
                let churned = rng.nextFloat() < pChurn
                var contraction = 0.0
                var expansion = 0.0
                let pending = milestone < m.milestones.count
                var reached: Int8 = pending ? 0 : -1
                if !churned {
                    let pContraction = min(
                        1, logistic(m.contraction.eta(fit: fit, d: d, e: e, isDark: isDark)) * m.contractionShock[shockBase + p])
                    if rng.nextFloat() < pContraction {
                        let share = m.contractionShareMin + m.contractionShareSpan * rng.nextDouble()
                        contraction = min(arr, (arr * share).rounded())
                        counts.contracted[p] += 1
                    }
                    if pending {
                        let ms = m.milestones[milestone]
                        let pReach = min(1, logistic(ms.reach.eta(fit: fit, d: d, e: e, isDark: isDark)) * m.reachShock[shockBase + p])
                        if rng.nextFloat() < pReach {
                            reached = 1
                            let take: Float
                            switch category {
                            case .positive: take = ms.take.0
                            case .neutral: take = ms.take.1
                            case .negative: take = ms.take.2
                            case .ghost: take = ms.take.3
                            }
                            if rng.nextFloat() < take {
                                expansion = (ms.upsell * seg.upsellMultiplier).rounded()
                                counts.upsellsTaken[p] += 1
                            }
                            counts.milestonesReached[p] += 1
                        }
                    }
                }
                counts.atRisk[p] += 1
                if isDark { counts.dark[p] += 1 }
                if pending { counts.milestonePending[p] += 1 }

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
                    counts.churned[p] += 1
                    churnedARR = arr
                    retained = false
                    break
                }
                expansionTotal += expansion
                contractionTotal += contraction
                arr += expansion - contraction
                guard p + 1 < periods else { break }
                // Dark transition, then the latent innovations (in this order).
                if isDark {
                    if rng.nextFloat() < logistic(m.recovery.eta(fit: fit, d: d, e: e, isDark: true)) { isDark = false }
                } else {
                    let pDark = min(1, logistic(m.goingDark.eta(fit: fit, d: d, e: e, isDark: false)) * m.darkShock[shockBase + p])
                    if rng.nextFloat() < pDark { isDark = true }
                }
                let nd = rng.nextNormal()
                let ne = rng.nextNormal()
                d = m.directionPersistence * d + inputD + m.directionNoise * nd
                e = m.experiencePersistence * e + inputE + m.experienceNoise * ne
            }
            tallies[segmentIndex * 5 + Int(cohort.rawValue)].addCustomer(
                startARR: startARR, expansion: expansionTotal, contraction: contractionTotal,
                churnedARR: churnedARR, retained: retained)
        }
        }
        }
        }
        }
        }
    }
}
