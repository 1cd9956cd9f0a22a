import BearingMetrics
import BearingPanel
import BearingRandom

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
            while c >= m.segments[segmentIndex].firstCustomer + m.segments[segmentIndex].customers {
                segmentIndex += 1
            }
            let seg = m.segments[segmentIndex]
            let shockBase = segmentIndex * periods
            let customerKey = UInt32(truncatingIfNeeded: c)
            let lane = lanes.lane(of: c, seed: seed, trial: trialKey, drawFeatures: laneFeatures)
            for p in 0..<periods { streams[p] = lanes.dynamicsStream(lane: lane, period: p) }

            var setup = lanes.setupStream(lane: lane)
            let start = CustomerStart(segment: seg, model: m, skills: t.skills, newLogo: false, setup: &setup)
            var arr = start.arr
            var d = start.d
            var e = start.e
            var isDark = start.isDark

            var milestone = 0
            var expansionTotal = 0.0
            var contractionTotal = 0.0
            var churnedARR = 0.0
            var retained = true
            var cohort = Cohort.badFit

            for p in 0..<periods {
                let category = m.category(d: d, e: e, isDark: isDark)
                if p == 0 {
                    cohort = Cohort(fit: start.fit, category: category, stretchCountsAsGood: m.stretchCountsAsGood)
                }
                let eta = churnEta(
                    R.self, customer: customerKey, trial: trialKey, period: p, d: d, e: e, isDark: isDark, churnB: start.churnB,
                    lane: lane, lanes: lanes, laneFeatures: laneFeatures, scratch: z, tables: t)
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
                        m.contraction.eta(start.contractionB, d: d, e: e, isDark: isDark), times: t.contractionShock[shockBase + p])
                    if streams[p].nextFloat() < pContraction {
                        contraction = Self.contraction(of: arr, model: m, stream: &streams[p])
                        tally[Counter.contracted * periods + p] += 1
                    }
                    if pending {
                        let outcome = Self.reach(
                            t.milestones[milestone], start: start, d: d, e: e, isDark: isDark, category: category,
                            shock: t.reachShock[shockBase + p], upsellMultiplier: seg.upsellMultiplier, stream: &streams[p],
                            tally: tally, period: p, periods: periods)
                        if outcome.reached { reached = 1 }
                        expansion = outcome.upsell
                    }
                }
                tally[Counter.atRisk * periods + p] += 1
                if isDark { tally[Counter.dark * periods + p] += 1 }
                if pending { tally[Counter.pending * periods + p] += 1 }

                if R.records {
                    recorder.record(
                        SimulatedRow(
                            customer: c, period: p, segment: segmentIndex, fit: start.fit, csm: start.csm, arr: arr,
                            churned: churned, expansion: expansion, contraction: contraction,
                            milestone: pending ? Int32(milestone) : -1, milestoneReached: reached,
                            direction: d, experience: e, isDark: isDark, category: category,
                            churnProbability: pChurn, termMonths: -1, termEndMonth: nil, renewal: false, acquiredIn: -1),
                        features: UnsafeBufferPointer(rebasing: z[nf..<(2 * nf)]))
                }
                if reached == 1 { milestone += 1 }
                if churned {
                    tally[Counter.churned * periods + p] += 1
                    churnedARR = arr
                    retained = false
                    break
                }
                expansionTotal += expansion
                contractionTotal += contraction
                arr += expansion - contraction
                guard p + 1 < periods else { break }
                Self.advance(
                    d: &d, e: &e, isDark: &isDark, start: start, darkShock: t.darkShock[shockBase + p], model: m, stream: &streams[p])
            }
            tallies[segmentIndex * 5 + Int(cohort.rawValue)].addCustomer(
                startARR: start.arr, expansion: expansionTotal, contraction: contractionTotal,
                churnedARR: churnedARR, retained: retained)
        }
    }
}
