import BearingMetrics
import BearingPanel
import BearingRandom

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
    /// Sends every customer through `simulateBook` (tests: it must draw what `simulateStartingBook` draws).
    var fullKernelOnly = false
    /// Draws the true link's feature normals eight customers at a time (`CustomerLanes`) rather
    /// than one customer at a time: the same draws either way (tests run both).
    var featureNormalsInLanes = CustomerLanes.featureNormalsInLanesByDefault

    /// Latent skill of every CSM in one trial.
    func csmSkills(trial: Int) -> [Float] {
        var skills = [Float](repeating: 0, count: model.csmCount)
        for segment in model.segments {
            for j in segment.firstCSM..<(segment.firstCSM + segment.csms) {
                var rng = RandomStream(
                    key: StreamKey(
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
        // One dynamics stream per period of the current customer, copied from `CustomerLanes`, which
        // keys eight customers at a time in SIMD lanes.
        let streams = UnsafeMutableBufferPointer<RandomStream>.allocate(capacity: periods)
        let cohorts = AcquisitionCohorts.Scratch(
            periods: acquisitions.periods, segments: acquisitions.periods > 0 ? acquisitions.segments : 0)
        var lanes = CustomerLanes(periods: periods, features: model.featureCount)
        defer {
            tally.deallocate()
            streams.deallocate()
            cohorts.deallocate()
            lanes.deallocate()
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
                                                model.contracts.withUnsafeBufferPointer { contracts in
                                                    skills.withUnsafeBufferPointer { skills in
                                                        let tables = Tables(
                                                            loadD: loadD, loadE: loadE, loadK: loadK, noiseF: noiseF, beta: beta,
                                                            churnShock: churnShock,
                                                            contractionShock: contractionShock, darkShock: darkShock, reachShock: reachShock,
                                                            milestones: milestones, contracts: contracts, skills: skills)
                                                        // Starting customers of segments without contracts follow the per-period model:
                                                        // `simulateStartingBook`, the kernel without any contract or new-logo logic (customers
                                                        // are contiguous by segment). Contract segments and new logos take `simulateBook`.
                                                        // Both draw the same for a customer the first can simulate, so the split changes no output.
                                                        var c = range.lowerBound
                                                        while c < range.upperBound {
                                                            var end = range.upperBound
                                                            var plain = false
                                                            if c < plan.startCustomers {
                                                                let segment = model.segments[model.segmentIndex(ofCustomer: c)]
                                                                end = min(end, segment.firstCustomer + segment.customers)
                                                                plain = segment.contractCount == 0 && !fullKernelOnly
                                                            }
                                                            if plain {
                                                                simulateStartingBook(
                                                                    trial: trial, range: c..<end, tallies: &tallies, tally: tally, streams: streams,
                                                                    lanes: &lanes, scratch: scratch,
                                                                    recorder: &recorder, tables: tables)
                                                            } else {
                                                                simulateBook(
                                                                    trial: trial, range: c..<end, plan: plan, tallies: &tallies, cohorts: cohorts,
                                                                    tally: tally,
                                                                    streams: streams, lanes: &lanes, scratch: scratch, recorder: &recorder,
                                                                    tables: tables)
                                                            }
                                                            c = end
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
            }
        }
        acquisitions.add(cohorts)
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

    /// `x^k` for `k ≥ 0`: by multiplication when `k` is whole (terms that are whole numbers of
    /// periods, the usual case), else `powf`.
    @inline(__always)
    static func power(_ x: Float, _ k: Float) -> Float {
        guard k == k.rounded(.towardZero), k <= 64 else { return powf(x, k) }
        var result: Float = 1
        var n = Int(k)
        while n > 0 {
            result *= x
            n -= 1
        }
        return result
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
        var contracts: UnsafeBufferPointer<CompiledContract>
        var skills: UnsafeBufferPointer<Float>
    }

    /// The full kernel: starting customers of segments with contracts and new logos (any
    /// customer in fact, at a cost per customer-period about 10% above `simulateStartingBook`'s
    /// even for one without a contract, so `simulate` sends those there).
    ///
    /// Not inlined into `simulate`, like `simulateStartingBook`: one call per block, and each
    /// kernel compiled on its own keeps its small helpers inlined (together they exceed the
    /// optimiser's size budgets and the hot loops slow down).
    @inline(never)
    private func simulateBook<R: RowRecorder>(
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
            let csm = seg.firstCSM + min(seg.csms - 1, Int(setup.nextDouble() * Double(seg.csms)))
            let skill = t.skills[csm]
            let inputD = seg.directionInput[fi] + m.directionSkill * skill
            let inputE = seg.experienceInput[fi] + m.experienceSkill * skill
            var d = inputD / (1 - m.directionPersistence) + m.directionStartSD * setup.nextNormal()
            var e = inputE / (1 - m.experiencePersistence) + m.experienceStartSD * setup.nextNormal()
            var isDark = setup.nextFloat() < m.darkInitial
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
            if seg.contractCount > 0 {
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
            let hasContract = termMonths > 0
            let accumulates = termMonths > m.periodMonths
            var renewalPeriod = accumulates ? m.periods(months: termEnd - m.startMonth) : -1
            let hasUplift = hasContract && (upliftMean > 0 || upliftSD > 0)
            let extras = hasUplift || rampTarget > 0
            // Customers with anything beyond the per-period model; the others skip its checks.
            let special = accumulates || extras || newLogo
            var startTerm = accumulates && elapsedPeriods > 0
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
                let renewal = !accumulates || p == renewalPeriod
                if R.records || (m.hasLink && !laneFeatures) {
                    // Feature draws, in this order: one normal per feature, then (panel only) one
                    // uniform per feature with a missing rate (`CustomerLanes` draws the normals alone).
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
                if laneFeatures {
                    eta = lanes.linkEta(lane: lane, period: p, intercept: m.linkIntercept, d: d, e: e, isDark: isDark, tables: t)
                } else if m.hasLink {
                    eta = m.linkIntercept
                    for f in 0..<nf { eta += t.beta[f] * z[f] }
                } else {
                    eta = m.churn.eta(churnB, d: d, e: e, isDark: isDark)
                }
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
                        m.contraction.eta(contractionB, d: d, e: e, isDark: isDark), times: t.contractionShock[shockBase + p])
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
                        let share = m.contractionShareMin + m.contractionShareSpan * streams[p].nextDouble()
                        contraction = min(arr, (arr * share).rounded())
                        tally[Counter.contracted * periods + p] += 1
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
                    while termEnd < periodEnd { termEnd += termMonths }
                    renewalPeriod = m.periods(months: termEnd - m.startMonth)
                }
                guard p + 1 < periods else { break }
                let pSwitch =
                    isDark
                    ? FastLogistic.logistic(m.recovery.eta(recoveryB, d: d, e: e, isDark: true))
                    : FastLogistic.probability(m.goingDark.eta(goingDarkB, d: d, e: e, isDark: false), times: t.darkShock[shockBase + p])
                if streams[p].nextFloat() < pSwitch { isDark = !isDark }
                let nd = streams[p].nextNormal()
                let ne = streams[p].nextNormal()
                d = m.directionPersistence * d + inputD + m.directionNoise * nd
                e = m.experiencePersistence * e + inputE + m.experienceNoise * ne
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

    /// The per-period kernel: starting customers who decide about churn every period, with no
    /// contract or new-logo logic in the loop (the engine's original kernel, kept separate so
    /// that scenarios without contracts keep its speed and its draws).
    @inline(never)
    private func simulateStartingBook<R: RowRecorder>(
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

            // Setup draws, in this order: fit, ARR, CSM, direction, experience, dark.
            var setup = lanes.setupStream(lane: lane)
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
                if R.records || (m.hasLink && !laneFeatures) {
                    // Feature draws, in this order: one normal per feature, then (panel only) one
                    // uniform per feature with a missing rate (`CustomerLanes` draws the normals alone).
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
                if laneFeatures {
                    eta = lanes.linkEta(lane: lane, period: p, intercept: m.linkIntercept, d: d, e: e, isDark: isDark, tables: t)
                } else if m.hasLink {
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
                        tally[CustomerKernel.Counter.contracted * periods + p] += 1
                    }
                    if pending {
                        let ms = t.milestones[milestone]
                        let pReach = FastLogistic.probability(
                            ms.reach.eta(ms.reach.intercepts[fi], d: d, e: e, isDark: isDark), times: t.reachShock[shockBase + p])
                        if streams[p].nextFloat() < pReach {
                            reached = 1
                            if streams[p].nextFloat() < ms.take[Int(category.rawValue)] {
                                expansion = (ms.upsell * seg.upsellMultiplier).rounded()
                                tally[CustomerKernel.Counter.taken * periods + p] += 1
                            }
                            tally[CustomerKernel.Counter.reached * periods + p] += 1
                        }
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
                    churnedARR = arr
                    retained = false
                    break
                }
                expansionTotal += expansion
                contractionTotal += contraction
                arr += expansion - contraction
                guard p + 1 < periods else { break }
                let pSwitch =
                    isDark
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
