import BearingMetrics
import BearingPanel
import BearingRandom

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension CustomerKernel {
    /// The per-period kernel: starting customers who decide about churn every period, with no
    /// contract or new-logo logic in the loop (the engine's original kernel, kept separate so
    /// that scenarios without contracts keep its speed and its draws).
    @inline(never)
    func simulateStartingBook<R: RowRecorder>(
        trial: Int, range: Range<Int>, tallies: inout [RetentionTally], tally: UnsafeMutableBufferPointer<Int>,
        streams: UnsafeMutableBufferPointer<RandomStream>, lanes: inout CustomerLanes, scratch z: UnsafeMutableBufferPointer<Float>,
        recorder: inout R, tables t: Tables
    ) {
        let m = model
        let periods = m.periodCount
        let nf = m.featureCount
        let milestoneCount = t.milestones.count
        // Features are drawn in lanes when only the link reads them; a panel's rows draw their own.
        let laneFeatures = !R.records && m.hasLink && featureNormalsInLanes
        let trialKey = UInt32(truncatingIfNeeded: trial)
        var segmentIndex = m.segmentIndex(ofCustomer: range.lowerBound)
        for c in range {
            segmentIndex = m.segmentIndex(ofCustomer: c, from: segmentIndex)
            let seg = m.segments[segmentIndex]
            let shockBase = segmentIndex * periods
            let customerKey = UInt32(truncatingIfNeeded: c)
            let lane = lanes.lane(of: c, seed: seed, trial: trialKey, drawFeatures: laneFeatures)
            for p in 0..<periods { streams[p] = lanes.dynamicsStream(lane: lane, period: p) }

            // Setup draws, in this order: fit, ARR, CSM, direction, experience, dark.
            var setup = lanes.setupStream(lane: lane)
            let uFit = setup.nextDouble()
            let fit: Fit = uFit < seg.goodCut ? .good : (uFit < seg.stretchCut ? .stretch : .bad)
            let fi = Int(fit.rawValue)
            var arr = (seg.arrMedian * exp(seg.arrSigma * setup.nextNormalDouble())).rounded()
            let start = drawLatentStart(&setup, model: m, segment: seg, fit: fi, tables: t)
            let csm = start.csm
            var d = start.d
            var e = start.e
            var isDark = start.isDark
            let b = Intercepts(m, fit: fi)

            var milestone = 0
            var window = CustomerWindow(startARR: arr)
            var cohort = Cohort.badFit

            for p in 0..<periods {
                let category = m.category(d: d, e: e, isDark: isDark)
                if p == 0 {
                    cohort = Cohort(fit: fit, category: category, stretchCountsAsGood: m.stretchCountsAsGood)
                }
                let eta = churnPredictor(
                    R.self, model: m, tables: t, lanes: lanes, lane: laneFeatures ? lane : nil, scratch: z, trial: trialKey,
                    customer: customerKey, period: p, d: d, e: e, isDark: isDark, intercept: b.churn)
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
                        m.contraction.eta(b.contraction, d: d, e: e, isDark: isDark), times: t.contractionShock[shockBase + p])
                    if streams[p].nextFloat() < pContraction {
                        contraction = drawContraction(of: arr, model: m, &streams[p])
                        tally[CustomerKernel.Counter.contracted * periods + p] += 1
                    }
                    if pending {
                        drawMilestone(
                            t.milestones[milestone], fit: fi, category: category, d: d, e: e, isDark: isDark,
                            shock: t.reachShock[shockBase + p], upsellMultiplier: seg.upsellMultiplier, stream: &streams[p],
                            tally: tally, period: p, periods: periods, reached: &reached, expansion: &expansion)
                    }
                }
                tally[p] += 1
                if isDark { tally[CustomerKernel.Counter.dark * periods + p] += 1 }
                if pending { tally[CustomerKernel.Counter.pending * periods + p] += 1 }

                if R.records {
                    recorder.record(
                        SimulatedRow(
                            customer: c, period: p, segment: segmentIndex, fit: fit, csm: csm, arr: arr,
                            churned: churned, expansion: expansion, contraction: contraction,
                            milestone: pending ? Int32(milestone) : -1, milestoneReached: reached,
                            direction: d, experience: e, isDark: isDark, category: category,
                            churnProbability: pChurn, termMonths: -1, termEndMonth: nil, renewal: false, acquiredIn: -1),
                        features: UnsafeBufferPointer(rebasing: z[nf..<(2 * nf)]))
                }
                if reached == 1 { milestone += 1 }
                if churned {
                    tally[CustomerKernel.Counter.churned * periods + p] += 1
                    window.churn(arr: arr)
                    break
                }
                window.add(expansion: expansion, contraction: contraction)
                arr += expansion - contraction
                guard p + 1 < periods else { break }
                let pSwitch =
                    isDark
                    ? FastLogistic.logistic(m.recovery.eta(b.recovery, d: d, e: e, isDark: true))
                    : FastLogistic.probability(m.goingDark.eta(b.goingDark, d: d, e: e, isDark: false), times: t.darkShock[shockBase + p])
                if streams[p].nextFloat() < pSwitch { isDark.toggle() }
                let nd = streams[p].nextNormal()
                let ne = streams[p].nextNormal()
                d = m.directionPersistence * d + start.inputD + m.directionNoise * nd
                e = m.experiencePersistence * e + start.inputE + m.experienceNoise * ne
            }
            window.add(to: &tallies[segmentIndex * 5 + Int(cohort.rawValue)])
        }
    }
}
