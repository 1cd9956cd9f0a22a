import BearingMetrics
import BearingPanel
import BearingRandom

extension CustomerKernel {
    /// The full kernel: starting customers of segments with contracts and new logos (any
    /// customer in fact, at a cost per customer-period about 10% above `simulateStartingBook`'s
    /// even for one without a contract, so `simulate` sends those there).
    ///
    /// Not inlined into `simulate`, like `simulateStartingBook`: one call per block, and each
    /// kernel compiled on its own keeps its small helpers inlined (together they exceed the
    /// optimiser's size budgets and the hot loops slow down).
    @inline(never)
    func simulateBook<R: RowRecorder>(
        trial: Int, range: Range<Int>, plan: NewLogoPlan, tallies: inout [RetentionTally],
        cohorts: AcquisitionCohorts.Scratch, tally: UnsafeMutableBufferPointer<Int>,
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
            let lane = lanes.lane(of: c, seed: seed, trial: trialKey, drawFeatures: laneFeatures)
            for p in firstPeriod..<periods { streams[p] = lanes.dynamicsStream(lane: lane, period: p) }

            var setup = lanes.setupStream(lane: lane)
            let start = CustomerStart(segment: seg, model: m, skills: t.skills, newLogo: newLogo, setup: &setup)
            var arr = start.arr
            var d = start.d
            var e = start.e
            var isDark = start.isDark
            // A new logo may ramp up: ARR after k ramp periods is round(base + step·k), the drawn ARR after all of them.
            var rampTarget = 0.0
            var rampBase = 0.0
            var rampStep = 0.0
            if newLogo, seg.rampPeriods > 0 {
                rampTarget = arr
                rampBase = rampTarget * seg.rampStart
                rampStep = (rampTarget - rampBase) / Double(seg.rampPeriods)
                arr = rampBase.rounded()
            }
            let term = CustomerTerm(
                segment: seg, contracts: t.contracts, model: m, firstPeriod: firstPeriod, newLogo: newLogo, setup: &setup)
            var termEnd = term.end
            // A term longer than a period accumulates hazards between renewals (in
            // `renewalPeriod`); a contract no longer than a period renews, and decides, every period.
            let hasContract = term.months > 0
            let accumulates = term.months > m.periodMonths
            var renewalPeriod = accumulates ? m.periods(months: termEnd - m.startMonth) : -1
            let hasUplift = hasContract && (term.upliftMean > 0 || term.upliftSD > 0)
            let extras = hasUplift || rampTarget > 0
            // Customers with anything beyond the per-period model; the others skip its checks.
            let special = accumulates || extras || newLogo
            var startTerm = accumulates && term.elapsedPeriods > 0
            // Hazards accumulated since the last renewal: Π(1 − h)/(1 − early·h) for churn, Π(1 − q) for contraction.
            var lastTerm: Float = 1
            var keepTerm: Float = 1

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
                    cohort = Cohort(fit: start.fit, category: category, stretchCountsAsGood: m.stretchCountsAsGood)
                }
                // A term contract renews in the period holding the last month of its term.
                let renewal = !accumulates || p == renewalPeriod
                let eta = churnEta(
                    R.self, customer: customerKey, trial: trialKey, period: p, d: d, e: e, isDark: isDark, churnB: start.churnB,
                    lane: lane, lanes: lanes, laneFeatures: laneFeatures, scratch: z, tables: t)
                // Dynamics draws, in this order: churn (always drawn; between renewals it can only
                // be an early termination); unless churned: at a renewal contraction (and its
                // share), milestone reach (and take), at a renewal with an uplift its normal;
                // unless last period: dark transition, then the direction and experience innovations.
                let hazard = FastLogistic.probability(eta, times: t.churnShock[shockBase + p])
                var pChurn = hazard
                if accumulates {
                    if startTerm {
                        // The term's periods before the start, at the starting state's hazard.
                        lastTerm = Self.power((1 - hazard) / (1 - term.earlyTermination * hazard), term.elapsedPeriods)
                    }
                    // At a renewal the hazards since the last one; between renewals only the early terminations.
                    pChurn = renewal ? (lastTerm == 1 ? hazard : 1 - lastTerm * (1 - hazard)) : term.earlyTermination * hazard
                }
                let churned = streams[p].nextFloat() < pChurn
                var contraction = 0.0
                var expansion = 0.0
                let pending = milestone < milestoneCount
                var reached: Int8 = pending ? 0 : -1
                if !churned {
                    let pContraction = FastLogistic.probability(
                        m.contraction.eta(start.contractionB, d: d, e: e, isDark: isDark), times: t.contractionShock[shockBase + p])
                    var pDecided = pContraction
                    if accumulates {
                        if startTerm { keepTerm = Self.power(1 - pContraction, term.elapsedPeriods) }
                        if renewal {
                            if keepTerm != 1 { pDecided = 1 - keepTerm * (1 - pContraction) }
                            lastTerm = 1
                            keepTerm = 1
                        } else {
                            lastTerm *=
                                term.earlyTermination > 0 ? (1 - hazard) / (1 - term.earlyTermination * hazard) : 1 - hazard
                            keepTerm *= 1 - pContraction
                        }
                        startTerm = false
                    }
                    if renewal, streams[p].nextFloat() < pDecided {
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
                    if extras {
                        if hasUplift, renewal {
                            let rate = max(0, term.upliftMean + term.upliftSD * Double(streams[p].nextNormal()))
                            expansion += ((arr - contraction) * rate).rounded()
                        }
                        if rampTarget > 0, p - firstPeriod < seg.rampPeriods {
                            let step = Double(p - firstPeriod)
                            expansion += (rampBase + rampStep * (step + 1)).rounded() - (rampBase + rampStep * step).rounded()
                        }
                    }
                }
                tally[Counter.atRisk * periods + p] += 1
                if isDark { tally[Counter.dark * periods + p] += 1 }
                if pending { tally[Counter.pending * periods + p] += 1 }
                if special {
                    if accumulates, renewal { tally[Counter.renewals * periods + p] += 1 }
                    if newLogo { cohorts.addPeriod(acquiredIn: firstPeriod, period: p, category: Int(category.rawValue), churned: churned) }
                }

                if R.records {
                    recorder.record(
                        SimulatedRow(
                            customer: c, period: p, segment: segmentIndex, fit: start.fit, csm: start.csm, arr: arr,
                            churned: churned, expansion: expansion, contraction: contraction,
                            milestone: pending ? Int32(milestone) : -1, milestoneReached: reached,
                            direction: d, experience: e, isDark: isDark, category: category,
                            churnProbability: pChurn, termMonths: hasContract ? Int32(term.months) : -1,
                            termEndMonth: hasContract ? termEnd : nil, renewal: hasContract && renewal,
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
                if hasContract, renewal, accumulates || R.records {
                    // The next term: its end is the first one after this period.
                    let periodEnd = m.startMonth + (p + 1) * m.periodMonths
                    while termEnd < periodEnd { termEnd += term.months }
                    renewalPeriod = m.periods(months: termEnd - m.startMonth)
                }
                guard p + 1 < periods else { break }
                Self.advance(
                    d: &d, e: &e, isDark: &isDark, start: start, darkShock: t.darkShock[shockBase + p], model: m, stream: &streams[p])
            }
            if newLogo {
                cohorts.addCustomer(segment: segmentIndex, acquiredIn: firstPeriod, lastPeriod: lastPeriod, churned: !retained)
            } else {
                tallies[segmentIndex * 5 + Int(cohort.rawValue)].addCustomer(
                    startARR: startARR, expansion: expansionTotal, contraction: contractionTotal,
                    churnedARR: churnedARR, retained: retained)
            }
        }
    }
}
