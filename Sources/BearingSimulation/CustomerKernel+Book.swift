import BearingMetrics
import BearingPanel
import BearingRandom

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension CustomerKernel {
    /// The kernel: customers `range` of `trial`, starting customers with or without contracts
    /// and new logos, drawing in the order the comments below give.
    ///
    /// Compiled once per `Book` kind: `StartingCustomers` (segments without contracts) folds
    /// away every contract and new-logo branch, which otherwise cost about 10% per
    /// customer-period even for a customer without a contract; both draw the same for the
    /// customers the first can simulate. Not inlined into `simulate`: one call per block, and
    /// each specialisation compiled on its own keeps its small helpers inlined (together they
    /// exceed the optimiser's size budgets and the hot loops slow down).
    @inline(never)
    func simulateBook<R: RowRecorder, Book: KernelBook>(
        _: Book.Type,
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
            let newLogo = !Book.startingOnly && c >= startCustomers
            var firstPeriod = 0
            if newLogo {
                cell = plan.cell(of: c, from: cell)
                segmentIndex = cell % plan.segmentCount
                firstPeriod = cell / plan.segmentCount + 1
            } else {
                segmentIndex = m.segmentIndex(ofCustomer: c, from: segmentIndex)
            }
            let seg = m.segments[segmentIndex]
            let shockBase = segmentIndex * periods
            let customerKey = UInt32(truncatingIfNeeded: c)
            let lane = lanes.lane(of: c, seed: seed, trial: trialKey, drawFeatures: laneFeatures)
            for p in firstPeriod..<periods { streams[p] = lanes.dynamicsStream(lane: lane, period: p) }

            // Setup draws, in this order: fit, ARR, CSM, direction, experience, dark; then, in a
            // segment with contracts, the contract term and its phase.
            var setup = lanes.setupStream(lane: lane)
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
            let start = drawLatentStart(&setup, model: m, segment: seg, fit: fi, tables: t)
            let csm = start.csm
            var d = start.d
            var e = start.e
            var isDark = start.isDark
            // New logos start engaged, shifted by `start_shift`, and possibly ramping up.
            var rampTarget = 0.0
            var rampBase = 0.0
            var rampStep = 0.0
            if newLogo {
                isDark = false
                d += seg.startShiftDirection
                e += seg.startShiftExperience
                if seg.rampPeriods > 0 {
                    // ARR after k ramp periods: round(base + step·k), the drawn ARR after all of them.
                    rampTarget = arr
                    rampBase = rampTarget * seg.rampStart
                    rampStep = (rampTarget - rampBase) / Double(seg.rampPeriods)
                    arr = rampBase.rounded()
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
            if !Book.startingOnly, seg.contractCount > 0 {
                // One uniform picks the term and, rescaled within its share, the phase.
                let uTerm = setup.nextDouble()
                var k = seg.firstContract
                while k < seg.firstContract + seg.contractCount - 1, uTerm >= t.contracts[k].cut { k += 1 }
                let contract = t.contracts[k]
                let width = contract.cut - contract.lowerCut
                let uPhase = width > 0 ? min(max((uTerm - contract.lowerCut) / width, 0), 0.999_999_999) : 0
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
                    let renewalPeriods = m.periods(months: termEnd - firstMonth) + 1
                    elapsedPeriods = max(0, Float(termMonths) / Float(m.periodMonths) - Float(renewalPeriods))
                }
            }
            // A term longer than a period accumulates hazards between renewals (in
            // `renewalPeriod`); a contract no longer than a period renews, and decides, every period.
            let hasContract = !Book.startingOnly && termMonths > 0
            let accumulates = hasContract && termMonths > m.periodMonths
            var renewalPeriod = accumulates ? m.periods(months: termEnd - m.startMonth) : -1
            let hasUplift = hasContract && (upliftMean > 0 || upliftSD > 0)
            let extras = hasUplift || rampTarget > 0
            // Customers with anything beyond the per-period model; the others skip its checks.
            let special = accumulates || extras || newLogo
            var startTerm = accumulates && elapsedPeriods > 0
            // Hazards accumulated since the last renewal: Π(1 − h)/(1 − early·h) for churn, Π(1 − q) for contraction.
            var lastTerm: Float = 1
            var keepTerm: Float = 1

            let b = Intercepts(m, fit: fi)

            var milestone = 0
            var window = CustomerWindow(startARR: arr)
            var lastPeriod = periods - 1
            var cohort = Cohort.badFit
            if newLogo { tally[Counter.newLogos * periods + firstPeriod] += 1 }

            for p in firstPeriod..<periods {
                let category = m.category(d: d, e: e, isDark: isDark)
                if p == firstPeriod {
                    cohort = Cohort(fit: fit, category: category, stretchCountsAsGood: m.stretchCountsAsGood)
                }
                // A term contract renews in the period holding the last month of its term.
                let renewal = !accumulates || p == renewalPeriod
                let eta = churnPredictor(
                    R.self, model: m, tables: t, lanes: lanes, lane: laneFeatures ? lane : nil, scratch: z, trial: trialKey,
                    customer: customerKey, period: p, d: d, e: e, isDark: isDark, intercept: b.churn)
                // Dynamics draws, in this order: churn (always drawn; between renewals it can only
                // be an early termination); unless churned: at a renewal contraction (and its
                // share), milestone reach (and take), at a renewal with an uplift its normal;
                // unless last period: dark transition, then the direction and experience innovations.
                let hazard = FastLogistic.probability(eta, times: t.churnShock[shockBase + p])
                var pChurn = hazard
                if accumulates {
                    if startTerm {
                        // The term's periods before the start, at the starting state's hazard.
                        lastTerm = Self.power((1 - hazard) / (1 - earlyTermination * hazard), elapsedPeriods)
                    }
                    // At a renewal the hazards since the last one; between renewals only the early terminations.
                    pChurn = renewal ? (lastTerm == 1 ? hazard : 1 - lastTerm * (1 - hazard)) : earlyTermination * hazard
                }
                let churned = streams[p].nextFloat() < pChurn
                var contraction = 0.0
                var expansion = 0.0
                let pending = milestone < milestoneCount
                var reached: Int8 = pending ? 0 : -1
                if !churned {
                    let pContraction = FastLogistic.probability(
                        m.contraction.eta(b.contraction, d: d, e: e, isDark: isDark), times: t.contractionShock[shockBase + p])
                    var pDecided = pContraction
                    if accumulates {
                        if startTerm { keepTerm = Self.power(1 - pContraction, elapsedPeriods) }
                        if renewal {
                            if keepTerm != 1 { pDecided = 1 - keepTerm * (1 - pContraction) }
                            lastTerm = 1
                            keepTerm = 1
                        } else {
                            lastTerm *= earlyTermination > 0 ? (1 - hazard) / (1 - earlyTermination * hazard) : 1 - hazard
                            keepTerm *= 1 - pContraction
                        }
                        startTerm = false
                    }
                    if renewal, streams[p].nextFloat() < pDecided {
                        contraction = drawContraction(of: arr, model: m, &streams[p])
                        tally[Counter.contracted * periods + p] += 1
                    }
                    if pending {
                        drawMilestone(
                            t.milestones[milestone], fit: fi, category: category, d: d, e: e, isDark: isDark,
                            shock: t.reachShock[shockBase + p], upsellMultiplier: seg.upsellMultiplier, stream: &streams[p],
                            tally: tally, period: p, periods: periods, reached: &reached, expansion: &expansion)
                    }
                    if extras {
                        if hasUplift, renewal {
                            let rate = max(0, upliftMean + upliftSD * Double(streams[p].nextNormal()))
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
                            customer: c, period: p, segment: segmentIndex, fit: fit, csm: csm, arr: arr,
                            churned: churned, expansion: expansion, contraction: contraction,
                            milestone: pending ? Int32(milestone) : -1, milestoneReached: reached,
                            direction: d, experience: e, isDark: isDark, category: category,
                            churnProbability: pChurn, termMonths: hasContract ? Int32(termMonths) : -1,
                            termEndMonth: hasContract ? termEnd : nil, renewal: hasContract && renewal,
                            acquiredIn: newLogo ? Int32(firstPeriod) : -1),
                        features: UnsafeBufferPointer(rebasing: z[nf..<(2 * nf)]))
                }
                if reached == 1 { milestone += 1 }
                if churned {
                    tally[Counter.churned * periods + p] += 1
                    window.churn(arr: arr)
                    lastPeriod = p
                    break
                }
                window.add(expansion: expansion, contraction: contraction)
                arr += expansion - contraction
                if hasContract, renewal, accumulates || R.records {
                    // The next term: its end is the first one after this period.
                    let periodEnd = m.startMonth + (p + 1) * m.periodMonths
                    while termEnd < periodEnd { termEnd += termMonths }
                    renewalPeriod = m.periods(months: termEnd - m.startMonth)
                }
                guard p + 1 < periods else { break }
                let pSwitch =
                    isDark
                    ? FastLogistic.logistic(m.recovery.eta(b.recovery, d: d, e: e, isDark: true))
                    : FastLogistic.probability(m.goingDark.eta(b.goingDark, d: d, e: e, isDark: false), times: t.darkShock[shockBase + p])
                if streams[p].nextFloat() < pSwitch { isDark = !isDark }
                let nd = streams[p].nextNormal()
                let ne = streams[p].nextNormal()
                d = m.directionPersistence * d + start.inputD + m.directionNoise * nd
                e = m.experiencePersistence * e + start.inputE + m.experienceNoise * ne
            }
            if newLogo {
                cohorts.addCustomer(segment: segmentIndex, acquiredIn: firstPeriod, lastPeriod: lastPeriod, churned: !window.retained)
            } else {
                window.add(to: &tallies[segmentIndex * 5 + Int(cohort.rawValue)])
            }
        }
    }
}
