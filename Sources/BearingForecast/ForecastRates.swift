import BearingPanel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reach probability, take rate and churn probability estimated from past periods, each
/// shrunk toward its parent cell (Beta–Binomial, prior strength κ pseudo-customers):
///
/// - reach (per period): cell `(milestone, category, segment)` → `(milestone, category)` →
///   `milestone` → all milestones (uniform prior). A trial is a row with a catalogue milestone
///   and a non-missing `milestone_reached`; success is `milestone_reached = 1`.
/// - take: same hierarchy over rows that reached their milestone; success is `expansion_arr > 0`
///   in that row. A take rate fixed in the catalogue for a category replaces the estimate.
/// - churn (per period): `(category, segment)` → `category` → all rows; success is `churned = 1`.
///   Used when no per-customer churn probabilities (from a Success Vector model) are given.
///
/// - upsell value: `(milestone, segment)` → list value × the segment's deal size × the
///   milestone's level, over rows that reached their milestone and expanded (see `UpsellValue`).
///
/// Recency: with a half-life `h` (periods), a row of period `p` counts with weight
/// `0.5^((p_last − p) / h)`, `p_last` the latest period among the rows, in the reach, take and
/// churn counts (the Beta posteriors use the weighted counts, so fewer effective customers also
/// means wider posteriors). Reach and take rates drift down over a simulated history as
/// customers still on a milestone are increasingly those who stall (see
/// docs/forecast-validation.md); nil (the default) pools all periods equally. Upsell values are
/// not weighted.
///
/// Categories are those of each row at the start of its period (as scored). Rows whose outcome
/// is unknown (`HistoryPanel.isOutcomeKnown`, a period still running) are skipped.
public struct ForecastRates: Sendable {
    /// Default prior strength κ: a cell's own counts outweigh its parent once it has more than
    /// 10 customers.
    public static let defaultStrength = 10.0
    /// Half-life (periods) the commands use by default: on simulated saas-agency histories it
    /// gave the lowest walk-forward MAPE of 1, 2 and none (docs/forecast-validation.md). The
    /// library's own default is nil (all periods weigh the same).
    public static let recommendedHalfLife = 1.0

    public let catalogue: MilestoneCatalogue
    public let strength: Double
    /// Half-life of the recency weights in periods; nil = all periods weigh the same.
    public let halfLife: Double?
    public private(set) var reach: RateHierarchy
    public private(set) var take: RateHierarchy
    public private(set) var churn: RateHierarchy
    private var valueByMilestone: [Int32: ValueSums] = [:]
    private var valueBySegment: [RateHierarchy.Key: ValueSums] = [:]
    /// Per (milestone, period ordinal): unweighted reach and take counts, for `drift(milestone:)`.
    private var reachByPeriod: [RateHierarchy.Key: RateHierarchy.Count] = [:]
    private var takeByPeriod: [RateHierarchy.Key: RateHierarchy.Count] = [:]
    /// Per segment: realised ÷ list value of each taker, over all milestones.
    private var valueRatioBySegment: [Int32: ValueSums] = [:]
    private var valueRatioAll = ValueSums()
    /// Rows used, and rows skipped because their milestone is not in the catalogue.
    public private(set) var rowsUsed = 0
    public private(set) var rowsWithUnknownMilestone = 0

    /// Estimates rates from `rows` of `panel`; `categories` has one entry per panel row.
    public init(
        panel: HistoryPanel, categories: [VectorCategory], rows: some Collection<Int32>,
        catalogue: MilestoneCatalogue, strength: Double = ForecastRates.defaultStrength, halfLife: Double? = nil
    ) throws(ForecastError) {
        guard categories.count == panel.rowCount else {
            throw .misalignedInputs(expected: panel.rowCount, found: categories.count, what: "vector categories")
        }
        guard strength.isFinite, strength >= 0 else {
            throw .invalidParameter("prior strength must be a number >= 0, got \(strength)")
        }
        if let halfLife, !(halfLife.isFinite && halfLife > 0) {
            throw .invalidParameter("half-life must be a number of periods > 0, got \(halfLife)")
        }
        try catalogue.validate()
        self.catalogue = catalogue
        self.strength = strength
        self.halfLife = halfLife
        let latest =
            halfLife == nil
            ? 0
            : rows.reduce(Int32.min) {
                panel.isOutcomeKnown(Int($1)) ? max($0, panel.period[Int($1)].ordinal) : $0
            }
        reach = RateHierarchy(strength: strength)
        take = RateHierarchy(strength: strength)
        churn = RateHierarchy(strength: strength)
        let milestoneIndex = Self.catalogueIndices(panel: panel, catalogue: catalogue)
        for r in rows {
            let row = Int(r)
            // A period still running has no outcomes yet: neither churn nor reach nor take.
            guard panel.isOutcomeKnown(row) else { continue }
            let category = Int32(categories[row].rawValue)
            let segment = panel.segment[row]
            rowsUsed += 1
            let weight = halfLife.map { pow(0.5, Double(latest - panel.period[row].ordinal) / $0) } ?? 1
            churn.add(.init(category, segment, 0), success: panel.churned[row], weight: weight)
            let m = panel.milestone[row]
            guard m >= 0 else { continue }
            let c = milestoneIndex[Int(m)]
            guard c >= 0 else {
                rowsWithUnknownMilestone += 1
                continue
            }
            let reached = panel.milestoneReached[row]
            guard reached >= 0 else { continue }
            let key = RateHierarchy.Key(c, category, segment)
            reach.add(key, success: reached == 1, weight: weight)
            let periodKey = RateHierarchy.Key(c, -1, panel.period[row].ordinal)
            reachByPeriod[periodKey, default: .init()].add(reached == 1, weight: 1)
            if reached == 1 {
                let expansion = panel.expansionARR[row]
                take.add(key, success: expansion > 0, weight: weight)
                takeByPeriod[periodKey, default: .init()].add(expansion > 0, weight: 1)
                if expansion > 0 {
                    valueByMilestone[c, default: ValueSums()].add(expansion)
                    valueBySegment[.init(c, -1, segment), default: ValueSums()].add(expansion)
                    let list = catalogue.milestones[Int(c)].upsellARR
                    if list > 0 {
                        valueRatioBySegment[segment, default: ValueSums()].add(expansion / list)
                        valueRatioAll.add(expansion / list)
                    }
                }
            }
        }
    }

    /// For each of the panel's milestone names, its catalogue index or -1.
    static func catalogueIndices(panel: HistoryPanel, catalogue: MilestoneCatalogue) -> [Int32] {
        panel.milestoneNames.map { name in catalogue.index(of: name).map(Int32.init) ?? -1 }
    }

    /// Probability that a customer on `milestone` (catalogue index) reaches it within one period.
    public func reachProbability(milestone: Int, category: VectorCategory, segment: Int32) -> ShrunkRate {
        reach.rate(.init(Int32(milestone), Int32(category.rawValue), segment))
    }

    /// Probability that a customer who reached `milestone` takes its upsell.
    public func takeRate(milestone: Int, category: VectorCategory, segment: Int32) -> ShrunkRate {
        if let fixed = catalogue.milestones[milestone].fixedTakeRate(for: category) { return ShrunkRate(fixed: fixed) }
        return take.rate(.init(Int32(milestone), Int32(category.rawValue), segment))
    }

    /// The upsell value of `milestone` (catalogue index) for a customer in `segment`: the
    /// realised mean of past takers shrunk toward the list value scaled by the segment's deal
    /// size and the milestone's own level (see `UpsellValue`).
    public func upsellValue(milestone: Int, segment: Int32) -> UpsellValue {
        let list = catalogue.milestones[milestone].upsellARR
        let all = valueByMilestone[Int32(milestone)] ?? ValueSums()
        let cell = valueBySegment[.init(Int32(milestone), -1, segment)] ?? ValueSums()
        let w = strength
        let prior = list * dealSize(segment: segment) * level(milestone: milestone)
        guard all.count > 0 else {
            // No takers of this milestone yet: the prior alone.
            let ratios = valueRatioBySegment[segment] ?? ValueSums()
            guard ratios.count > 0 else { return UpsellValue(listValue: list, takers: 0, realisedMean: nil, value: prior, standardError: 0) }
            let effective = Double(ratios.count) + w
            return UpsellValue(
                listValue: list, takers: 0, realisedMean: nil, value: prior,
                standardError: list * (ratios.standardDeviation ?? 0) / effective.squareRoot())
        }
        // κ = 0 and no takers in the segment: the prior.
        let value = Double(cell.count) + w > 0 ? (cell.sum + w * prior) / (Double(cell.count) + w) : prior
        let spread = cell.standardDeviation ?? all.standardDeviation ?? 0
        let effective = Double(cell.count) + w
        return UpsellValue(
            listValue: list, takers: cell.count, realisedMean: cell.mean, value: value,
            standardError: effective > 0 ? spread / effective.squareRoot() : 0)
    }

    /// All segments' realised ÷ list ratio, `r̄ = (Σ x/list + w) / (n + w)` over every taker.
    var overallDealSize: Double {
        let count = Double(valueRatioAll.count) + strength
        return count > 0 ? (valueRatioAll.sum + strength) / count : 1
    }

    /// The segment's realised ÷ list ratio over its takers of all milestones, shrunk toward all
    /// segments': `r_s = (Σ x/list + w·r̄) / (n_s + w)`.
    func dealSize(segment: Int32) -> Double {
        let overall = overallDealSize
        let ratios = valueRatioBySegment[segment] ?? ValueSums()
        let count = Double(ratios.count) + strength
        return count > 0 ? (ratios.sum + strength * overall) / count : overall
    }

    /// The milestone's realised value relative to list × the taker's segment deal size, shrunk
    /// toward 1: `f_m = (Σ_s S_ms / (list · r_s) + w) / (n_m + w)`, `S_ms` the takers' sum.
    func level(milestone: Int) -> Double {
        let list = catalogue.milestones[milestone].upsellARR
        let all = valueByMilestone[Int32(milestone)] ?? ValueSums()
        guard list > 0, Double(all.count) + strength > 0 else { return 1 }
        var relative = 0.0
        // Segments in order, so the sum does not depend on dictionary order.
        for (key, sums) in valueBySegment.filter({ $0.key.a == Int32(milestone) }).sorted(by: { $0.key.c < $1.key.c }) {
            relative += sums.sum / (list * dealSize(segment: key.c))
        }
        return (relative + strength) / (Double(all.count) + strength)
    }

    /// Relative period-to-period drift of a milestone's reach × take rate: the standard
    /// deviation of `rate_t / rate_{t−1} − 1` beyond binomial noise, from consecutive past periods
    /// (each with at least 30 trials), as `√(q_reach + q_take)` with
    /// `q = mean[(p_t − p_{t−1})² − p_t(1−p_t)/n_t − p_{t−1}(1−p_{t−1})/n_{t−1}] / p̄²` (at
    /// least 0). 0 with fewer than two such periods. The forecast draws one common factor
    /// `1 + drift · z` per milestone and trial: next period's rates may move as far as past
    /// ones did, and all the milestone's cells move together.
    public func drift(milestone: Int) -> Double {
        func relativeVariance(_ counts: [RateHierarchy.Key: RateHierarchy.Count]) -> Double {
            let series = counts.filter { $0.key.a == Int32(milestone) && $0.value.trials >= 30 }
                .sorted { $0.key.c < $1.key.c }.map(\.value)
            guard series.count >= 2 else { return 0 }
            var sum = 0.0, rateSum = 0.0
            for (previous, next) in zip(series, series.dropFirst()) {
                let p0 = Double(previous.successes) / Double(previous.trials)
                let p1 = Double(next.successes) / Double(next.trials)
                sum += (p1 - p0) * (p1 - p0) - p0 * (1 - p0) / Double(previous.trials) - p1 * (1 - p1) / Double(next.trials)
                rateSum += p1
            }
            let pairs = Double(series.count - 1)
            let mean = rateSum / pairs
            return mean > 0 ? max(0, sum / pairs) / (mean * mean) : 0
        }
        return (relativeVariance(reachByPeriod) + relativeVariance(takeByPeriod)).squareRoot()
    }

    /// Names of the milestones some outlook is on that had no reach trials in the history.
    public func milestonesWithoutHistory(in outlooks: [CustomerOutlook]) -> [String] {
        let used = Set(outlooks.map(\.milestone).filter { $0 >= 0 })
        return used.sorted().filter { reach.rate(a: $0).trials == 0 }.map { catalogue.milestones[Int($0)].name }
    }

    /// Historical churn probability per period of a customer in this category and segment.
    public func churnProbability(category: VectorCategory, segment: Int32) -> ShrunkRate {
        churn.rate(a: Int32(category.rawValue), b: segment)
    }

    /// One outlook per row in `rows`. Churn probabilities come from `churnProbabilities` (one
    /// per panel row, e.g. a Success Vector model's) when given, else from the history.
    /// Throws when a row's milestone is not in the catalogue.
    ///
    /// `carryForward` turns rows of the last observed period into outlooks for the period after
    /// it: customers who churned are dropped; ARR becomes `arr + expansion_arr −
    /// contraction_arr` (at least 0); a customer who reached its milestone moves to the next one
    /// in catalogue order (milestones are reached in order; none after the last). The vector
    /// category and churn probability stay those scored for the last period.
    public func outlooks(
        panel: HistoryPanel, categories: [VectorCategory], churnProbabilities: [Double]?, rows: [Int32],
        carryForward: Bool = false
    ) throws(ForecastError) -> [CustomerOutlook] {
        guard categories.count == panel.rowCount else {
            throw .misalignedInputs(expected: panel.rowCount, found: categories.count, what: "vector categories")
        }
        if let churnProbabilities, churnProbabilities.count != panel.rowCount {
            throw .misalignedInputs(expected: panel.rowCount, found: churnProbabilities.count, what: "churn probabilities")
        }
        let milestoneIndex = Self.catalogueIndices(panel: panel, catalogue: catalogue)
        let drifts = catalogue.milestones.indices.map { drift(milestone: $0) }
        var unknown = Set<String>()
        // One value per (milestone, segment): computing it sums over segments.
        var values: [RateHierarchy.Key: UpsellValue] = [:]
        var result: [CustomerOutlook] = []
        result.reserveCapacity(rows.count)
        for r in rows {
            let row = Int(r)
            if carryForward && panel.churned[row] { continue }
            let category = categories[row]
            let segment = panel.segment[row]
            let arr =
                carryForward
                ? max(0, panel.arr[row] + panel.expansionARR[row] - panel.contractionARR[row]) : panel.arr[row]
            var outlook = CustomerOutlook(
                row: r, customer: panel.customer[row], segment: segment, category: category, arr: arr,
                churnProbability: churnProbabilities?[row] ?? churnProbability(category: category, segment: segment).rate,
                goodFit: panel.fit[row].isGoodFit())
            let m = panel.milestone[row]
            if m >= 0 {
                var c = Int(milestoneIndex[Int(m)])
                if carryForward, c >= 0, panel.milestoneReached[row] == 1 {
                    c = c + 1 < catalogue.milestones.count ? c + 1 : -2
                }
                if c == -1 {
                    unknown.insert(panel.milestoneNames[Int(m)])
                } else if c >= 0 {
                    outlook.milestone = Int32(c)
                    let reach = reachProbability(milestone: c, category: category, segment: segment)
                    let take = takeRate(milestone: c, category: category, segment: segment)
                    let valueKey = RateHierarchy.Key(Int32(c), -1, segment)
                    let value = values[valueKey] ?? upsellValue(milestone: c, segment: segment)
                    values[valueKey] = value
                    outlook.reachProbability = reach.rate
                    outlook.takeRate = take.rate
                    outlook.upsellARR = value.value
                    outlook.uncertainty = .init(reach: reach, take: take, upsell: value, drift: drifts[c])
                }
            }
            result.append(outlook)
        }
        guard unknown.isEmpty else { throw .unknownMilestones(unknown.sorted()) }
        return result
    }
}
