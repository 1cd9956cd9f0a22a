import BearingMetrics
import BearingPanel
import BearingRandom
import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns customer outlooks into an `ExpansionForecast`.
///
/// Monte Carlo: in each trial every customer draws, from its own stream keyed by
/// `(seed, trial, customer, period, purpose "FCST")`, three uniforms in a fixed order — churn
/// (`u < churn probability` loses its ARR), reach, take (`u_reach < reach` and `u_take < take`
/// add the upsell ARR). With `parameterUncertainty` (the default) the reach rate, take rate and
/// upsell value are not fixed at their point estimates: in each trial every cell
/// `(milestone, category, segment)` draws them once, from its own stream keyed by
/// `(seed, trial, cell index, period, purpose "FCSP")` — reach and take from their Beta
/// posteriors (`ShrunkRate.alpha`, `.beta`; fixed catalogue take rates stay fixed), the value
/// from a Gamma with the estimate's mean and standard error — and all its customers use those
/// draws. Each milestone also draws one factor `max(0, 1 + drift · z)`, z standard normal, from
/// a stream keyed by `(seed, trial, milestone index, period, purpose "FCSD")`, that multiplies
/// the reach rate of all its cells (capped at 1): the period-to-period drift of its rates seen
/// in history (`ForecastRates.drift(milestone:)`). P10/P90 then cover estimation error as well as Bernoulli noise; the expected values
/// stay the point estimates. Churn and expansion are drawn independently, as the reach and take rates
/// are estimated over all customers whether or not they churned later in the period. Trial sums
/// run over customers in row order and trials are independent, so results do not depend on the
/// number of threads. Quantiles are Hyndman–Fan type 7 (numpy's default).
public enum ExpansionForecaster {
    /// Stream purpose word ("FCST").
    public static let streamPurpose: UInt32 = 0x4643_5354
    /// Stream purpose word of the per-cell parameter draws ("FCSP").
    public static let parameterStreamPurpose: UInt32 = 0x4643_5350
    /// Stream purpose word of the per-milestone drift factors ("FCSD"), keyed by milestone index.
    public static let driftStreamPurpose: UInt32 = 0x4643_5344

    public struct Options: Sendable, Hashable {
        public var trials: Int
        public var seed: UInt64
        /// The quota forecast set beside the vector forecast: a rate, a quota file's targets,
        /// or (default) the trailing observed expansion rate per segment (see `QuotaPlan`).
        public var quota: QuotaPlan
        /// Draw rates and upsell values from their posteriors in each trial (see above).
        public var parameterUncertainty: Bool
        /// Forecast (and, walking forward, compare) only the customers up for renewal in the
        /// period: a `renewal_date` within it. Rates are still fitted on every earlier row.
        public var renewalsOnly: Bool
        public init(
            trials: Int = 1000, seed: UInt64 = 1, quota: QuotaPlan = .trailing(), parameterUncertainty: Bool = true,
            renewalsOnly: Bool = false
        ) {
            self.trials = trials
            self.seed = seed
            self.quota = quota
            self.parameterUncertainty = parameterUncertainty
            self.renewalsOnly = renewalsOnly
        }
    }

    public static func forecast(
        panel: HistoryPanel, period: Period, outlooks: [CustomerOutlook], catalogue: MilestoneCatalogue,
        options: Options, includeActuals: Bool = false
    ) throws(ForecastError) -> ExpansionForecast {
        guard options.trials >= 1 else { throw .invalidParameter("trials must be at least 1, got \(options.trials)") }
        try options.quota.validate()
        // Segments that occur, alphabetical; slot `count` is the roll-up.
        let segmentIDs = Array(Set(outlooks.map(\.segment))).sorted {
            panel.segmentNames[Int($0)] < panel.segmentNames[Int($1)]
        }
        var slot: [Int32: Int] = [:]
        for (i, s) in segmentIDs.enumerated() { slot[s] = i }
        let slots = segmentIDs.count + 1
        let outlookSlots = outlooks.map { slot[$0.segment] ?? 0 }

        var quota = options.quota.resolution
        quota.segments = try options.quota.quotas(
            panel: panel, period: period,
            segments: segmentIDs.enumerated().map { s, id in
                (id, outlooks.indices.reduce(0.0) { outlookSlots[$1] == s ? $0 + outlooks[$1].arr : $0 })
            })

        let (expansion, churned) = simulate(
            outlooks: outlooks, slots: outlookSlots, slotCount: slots, period: period, options: options)

        var segments: [SegmentForecast] = []
        for s in 0..<slots {
            let isTotal = s == slots - 1
            let members = outlooks.indices.filter { isTotal || outlookSlots[$0] == s }
            let book = members.reduce(0.0) { $0 + outlooks[$1].arr }
            let expansionDraws = (0..<options.trials).map { expansion[$0 * slots + s] }
            let churnDraws = (0..<options.trials).map { churned[$0 * slots + s] }
            let eq = Quantiles.quantiles(expansionDraws, [0.1, 0.5, 0.9])
            let cq = Quantiles.quantiles(churnDraws, [0.1, 0.5, 0.9])
            let byCategory = VectorCategory.allCases.map { c in
                let inCategory = members.filter { outlooks[$0].category == c }
                return CategoryForecast(
                    category: c.label, customers: inCategory.count,
                    expectedExpansionARR: inCategory.reduce(0.0) { $0 + outlooks[$1].expectedExpansionARR },
                    expectedChurnedARR: inCategory.reduce(0.0) { $0 + outlooks[$1].expectedChurnedARR })
            }
            var actualExpansion: Double? = nil
            var actualChurned: Double? = nil
            if includeActuals {
                actualExpansion = members.reduce(0.0) { $0 + panel.expansionARR[Int(outlooks[$1].row)] }
                actualChurned = members.reduce(0.0) {
                    let row = Int(outlooks[$1].row)
                    return $0 + (panel.churned[row] ? panel.arr[row] : 0)
                }
            }
            segments.append(
                SegmentForecast(
                    segment: isTotal ? "all" : panel.segmentNames[Int(segmentIDs[s])],
                    customers: members.count, bookARR: book,
                    quotaExpansionARR: isTotal ? quota.segments.reduce(0.0) { $0 + $1.quotaExpansionARR } : quota.segments[s].quotaExpansionARR,
                    expectedExpansionARR: members.reduce(0.0) { $0 + outlooks[$1].expectedExpansionARR },
                    expansionP10: eq[0], expansionP50: eq[1], expansionP90: eq[2],
                    expectedChurnedARR: members.reduce(0.0) { $0 + outlooks[$1].expectedChurnedARR },
                    churnedP10: cq[0], churnedP50: cq[1], churnedP90: cq[2],
                    expectedChurnedARRGoodFit: members.reduce(0.0) { $0 + (outlooks[$1].goodFit ? outlooks[$1].expectedChurnedARR : 0) },
                    expectedChurnedARRBadFit: members.reduce(0.0) { $0 + (outlooks[$1].goodFit ? 0 : outlooks[$1].expectedChurnedARR) },
                    byCategory: byCategory, actualExpansionARR: actualExpansion, actualChurnedARR: actualChurned))
        }

        return ExpansionForecast(
            period: period.label, trials: options.trials, seed: options.seed, quota: quota,
            segments: segments,
            cohorts: cohortTable(panel: panel, period: period, outlooks: outlooks, catalogue: catalogue, segmentOrder: segmentIDs))
    }

    /// Per-trial sums, laid out `[trial * slotCount + slot]`; the last slot is the roll-up.
    static func simulate(
        outlooks: [CustomerOutlook], slots: [Int], slotCount: Int, period: Period, options: Options, workers: Int? = nil
    ) -> (expansion: [Double], churned: [Double]) {
        let trials = options.trials
        var expansion = [Double](repeating: 0, count: trials * slotCount)
        var churned = [Double](repeating: 0, count: trials * slotCount)
        let periodWord = UInt32(bitPattern: period.ordinal)
        let workers = max(1, min(trials, workers ?? Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
        let (cellOf, cells) = parameterCells(outlooks: outlooks, enabled: options.parameterUncertainty)
        var milestoneOfCell = [Int32](repeating: -1, count: cells.count)
        for (i, c) in cellOf.enumerated() where c >= 0 { milestoneOfCell[c] = outlooks[i].milestone }
        let cellMilestones = milestoneOfCell
        expansion.withUnsafeMutableBufferPointer { eBuffer in
            churned.withUnsafeMutableBufferPointer { cBuffer in
                guard let eBase = eBuffer.baseAddress, let cBase = cBuffer.baseAddress else { return }
                nonisolated(unsafe) let e = eBase
                nonisolated(unsafe) let c = cBase
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    // Worker w takes trials w, w + workers, ...: disjoint output slots.
                    var trial = worker
                    while trial < trials {
                        let base = trial * slotCount
                        var totalExpansion = 0.0, totalChurned = 0.0
                        // One drift factor per milestone, shared by its cells.
                        var factors: [Int32: Double] = [:]
                        for (k, u) in zip(cellMilestones, cells) where factors[k] == nil {
                            guard u.drift > 0 else { factors[k] = 1; continue }
                            var stream = RandomStream(
                                seed: options.seed, trial: UInt32(truncatingIfNeeded: trial),
                                customer: UInt32(bitPattern: k), period: periodWord, purpose: driftStreamPurpose)
                            factors[k] = max(0, 1 + u.drift * stream.nextNormalDouble())
                        }
                        let drawn = cells.enumerated().map { c, u in
                            var stream = RandomStream(
                                seed: options.seed, trial: UInt32(truncatingIfNeeded: trial),
                                customer: UInt32(truncatingIfNeeded: c), period: periodWord, purpose: parameterStreamPurpose)
                            var d = draw(u, using: &stream)
                            d.reach = min(1, d.reach * (factors[cellMilestones[c]] ?? 1))
                            return d
                        }
                        for (i, o) in outlooks.enumerated() {
                            var stream = RandomStream(
                                seed: options.seed, trial: UInt32(truncatingIfNeeded: trial),
                                customer: UInt32(bitPattern: o.customer), period: periodWord, purpose: streamPurpose)
                            let uChurn = stream.nextDouble()
                            let uReach = stream.nextDouble()
                            let uTake = stream.nextDouble()
                            if uChurn < o.churnProbability {
                                c[base + slots[i]] += o.arr
                                totalChurned += o.arr
                            }
                            guard o.milestone >= 0 else { continue }
                            let cell = cellOf[i]
                            let reach = cell >= 0 ? drawn[cell].reach : o.reachProbability
                            let take = cell >= 0 ? drawn[cell].take : o.takeRate
                            if uReach < reach, uTake < take {
                                let value = cell >= 0 ? drawn[cell].value : o.upsellARR
                                e[base + slots[i]] += value
                                totalExpansion += value
                            }
                        }
                        e[base + slotCount - 1] = totalExpansion
                        c[base + slotCount - 1] = totalChurned
                        trial += workers
                    }
                }
            }
        }
        return (expansion, churned)
    }

    /// Each outlook's cell index (-1: point values) and the cells' posteriors, cells ordered
    /// by (milestone, category, segment) so indices do not depend on row order.
    static func parameterCells(
        outlooks: [CustomerOutlook], enabled: Bool
    ) -> (cellOf: [Int], cells: [CustomerOutlook.ParameterUncertainty]) {
        guard enabled else { return (outlooks.map { _ in -1 }, []) }
        struct Key: Hashable, Comparable {
            var milestone: Int32, category: UInt8, segment: Int32
            static func < (l: Key, r: Key) -> Bool {
                (l.milestone, l.category, l.segment) < (r.milestone, r.category, r.segment)
            }
        }
        var first: [Key: CustomerOutlook.ParameterUncertainty] = [:]
        for o in outlooks where o.milestone >= 0 {
            guard let u = o.uncertainty else { continue }
            let key = Key(milestone: o.milestone, category: o.category.rawValue, segment: o.segment)
            if first[key] == nil { first[key] = u }
        }
        let keys = first.keys.sorted()
        let index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        let cellOf = outlooks.map { o -> Int in
            guard o.milestone >= 0, o.uncertainty != nil else { return -1 }
            return index[Key(milestone: o.milestone, category: o.category.rawValue, segment: o.segment)] ?? -1
        }
        return (cellOf, keys.compactMap { first[$0] })
    }

    /// One trial's reach rate, take rate and upsell value for a cell, in that order from `stream`.
    static func draw(
        _ u: CustomerOutlook.ParameterUncertainty, using stream: inout RandomStream
    ) -> (reach: Double, take: Double, value: Double) {
        let reach = u.reach.isUncertain ? stream.nextBeta(u.reach.alpha, u.reach.beta) : u.reach.rate
        let take = u.take.isUncertain ? stream.nextBeta(u.take.alpha, u.take.beta) : u.take.rate
        let v = u.upsell.value, se = u.upsell.standardError
        // Gamma with mean v and sd se: shape v²/se², scale se²/v.
        let value = se > 0 && v > 0 ? stream.nextGamma(shape: v * v / (se * se), scale: se * se / v) : v
        return (reach, take, value)
    }

    static func cohortTable(
        panel: HistoryPanel, period: Period, outlooks: [CustomerOutlook], catalogue: MilestoneCatalogue, segmentOrder: [Int32]
    ) -> [MilestoneCohortForecast] {
        struct Key: Hashable { var milestone: Int32, segment: Int32, category: VectorCategory }
        var groups: [Key: [Int]] = [:]
        for (i, o) in outlooks.enumerated() where o.milestone >= 0 {
            groups[Key(milestone: o.milestone, segment: o.segment, category: o.category), default: []].append(i)
        }
        let segmentRank = Dictionary(uniqueKeysWithValues: segmentOrder.enumerated().map { ($1, $0) })
        let keys = groups.keys.sorted {
            ($0.milestone, segmentRank[$0.segment] ?? 0, $0.category.rawValue)
                < ($1.milestone, segmentRank[$1.segment] ?? 0, $1.category.rawValue)
        }
        return keys.map { key in
            let members = groups[key] ?? []
            let milestone = catalogue.milestones[Int(key.milestone)]
            let horizonPeriods = milestone.horizon.periods(of: period.granularity)
            let reachers = members.reduce(0.0) { $0 + outlooks[$1].reachProbability }
            let withinHorizon = members.reduce(0.0) { $0 + 1 - pow(1 - outlooks[$1].reachProbability, horizonPeriods) }
            let takers = members.reduce(0.0) { $0 + outlooks[$1].reachProbability * outlooks[$1].takeRate }
            return MilestoneCohortForecast(
                milestone: milestone.name, horizon: milestone.horizon, segment: panel.segmentNames[Int(key.segment)],
                category: key.category.label, customers: members.count, expectedReachers: reachers,
                expectedReachersWithinHorizon: withinHorizon,
                reachProbability: members.isEmpty ? 0 : reachers / Double(members.count),
                upsellARR: milestone.upsellARR,
                realisedUpsellARR: members.isEmpty
                    ? milestone.upsellARR
                    : members.reduce(0.0) { $0 + outlooks[$1].upsellARR } / Double(members.count),
                takeRate: reachers > 0 ? takers / reachers : 0,
                expectedExpansionARR: members.reduce(0.0) { $0 + outlooks[$1].expectedExpansionARR })
        }
    }
}

extension ExpansionForecaster {
    /// The vector forecast for the period after the panel's last one: rates are fitted on every
    /// period (recency-weighted with `halfLife`, see `ForecastRates`), and the last period's rows are carried forward (see
    /// `ForecastRates.outlooks(panel:categories:churnProbabilities:rows:carryForward:)`).
    public static func forecastNextPeriod(
        panel: HistoryPanel, index: PanelIndex, categories: [VectorCategory], churnProbabilities: [Double]?,
        catalogue: MilestoneCatalogue, options: Options, strength: Double = ForecastRates.defaultStrength,
        halfLife: Double? = nil
    ) throws(ForecastError) -> ExpansionForecast {
        guard let last = index.periods.last, let lastRows = index.rowsByPeriod.last else {
            throw .periodNotInPanel("(empty history)")
        }
        let rates = try ForecastRates(
            panel: panel, categories: categories, rows: index.rowsByPeriod.joined(), catalogue: catalogue, strength: strength,
            halfLife: halfLife)
        let outlooks = try rates.outlooks(
            panel: panel, categories: categories, churnProbabilities: churnProbabilities,
            rows: try forecastRows(panel: panel, rows: lastRows, period: last.next, options: options), carryForward: true)
        var result = try forecast(panel: panel, period: last.next, outlooks: outlooks, catalogue: catalogue, options: options)
        result.milestonesWithoutHistory = rates.milestonesWithoutHistory(in: outlooks)
        return result
    }

    /// The rows of `period` to forecast: all of them, or with `renewalsOnly` those up for renewal.
    static func forecastRows(
        panel: HistoryPanel, rows: [Int32], period: Period, options: Options
    ) throws(ForecastError) -> [Int32] {
        guard options.renewalsOnly else { return rows }
        guard let contracts = panel.contracts else {
            throw .invalidParameter(
                "--renewals-only needs the contract columns contract_term_months and renewal_date, which the history does not have")
        }
        return rows.filter { contracts.isUpForRenewal(row: Int($0), in: period) == true }
    }

    /// The whole vector forecast for `period` (default: the panel's last period): rates are fitted
    /// on rows of earlier periods only, outlooks built for the period's rows (their outcome
    /// columns are not used), then `forecast(panel:period:outlooks:catalogue:options:)`.
    public static func forecast(
        panel: HistoryPanel, index: PanelIndex, categories: [VectorCategory], churnProbabilities: [Double]?,
        catalogue: MilestoneCatalogue, period: Period? = nil, options: Options,
        strength: Double = ForecastRates.defaultStrength, halfLife: Double? = nil, includeActuals: Bool = false
    ) throws(ForecastError) -> ExpansionForecast {
        guard let target = period ?? index.periods.last else { throw .periodNotInPanel("(empty history)") }
        guard let position = index.periods.firstIndex(of: target) else { throw .periodNotInPanel(target.label) }
        guard position > 0 else { throw .noHistoryBefore(target.label) }
        let training = index.rowsByPeriod[0..<position].joined()
        let rates = try ForecastRates(
            panel: panel, categories: categories, rows: training, catalogue: catalogue, strength: strength, halfLife: halfLife)
        let outlooks = try rates.outlooks(
            panel: panel, categories: categories, churnProbabilities: churnProbabilities,
            rows: try forecastRows(panel: panel, rows: index.rowsByPeriod[position], period: target, options: options))
        var result = try forecast(
            panel: panel, period: target, outlooks: outlooks, catalogue: catalogue, options: options,
            includeActuals: includeActuals)
        result.milestonesWithoutHistory = rates.milestonesWithoutHistory(in: outlooks)
        return result
    }
}
