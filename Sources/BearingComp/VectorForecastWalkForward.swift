import BearingForecast
import BearingPanel

extension VectorForecastTable {
    /// The vector forecast each CSM would have been measured against, period by period: for
    /// period p, the sum over the CSM's rows in p of reach probability × take rate × the
    /// catalogue's list upsell ARR (not the expansion forecast's realised per-segment value), with reach and take rates estimated as
    /// `ForecastRates` does (Beta–Binomial shrinkage over milestone → category → segment, prior
    /// strength κ) on the rows of the periods before p only. The first period has no past; its
    /// rates come from its own rows (in-sample, said here because it flatters that period).
    ///
    /// `categories` holds each row's vector category at the start of its period (one per panel
    /// row, from scoring). Rows without a CSM are left out. Every (CSM, period) with a row gets
    /// an entry, 0 when none of its customers is on a milestone. Throws when a row is on a
    /// milestone the catalogue does not value.
    ///
    /// The rate counts grow period by period (one pass over the rows, rates looked up once per
    /// (milestone, category, segment) cell and period), so a stress trial pays O(rows), not
    /// O(rows × periods); a test holds it to the `ForecastRates`-based reference bit for bit.
    public static func walkForward(
        panel: HistoryPanel, categories: [VectorCategory], catalogue: MilestoneCatalogue,
        strength: Double = ForecastRates.defaultStrength
    ) throws(ForecastError) -> VectorForecastTable {
        guard categories.count == panel.rowCount else {
            throw .misalignedInputs(expected: panel.rowCount, found: categories.count, what: "vector categories")
        }
        guard strength.isFinite, strength >= 0 else {
            throw .invalidParameter("prior strength must be a number >= 0, got \(strength)")
        }
        try catalogue.validate()
        let byPeriod = rowsByPeriod(panel)
        let milestoneIndex = panel.milestoneNames.map { catalogue.index(of: $0).map(Int32.init) ?? -1 }
        let segmentCount = Int((panel.segment.max() ?? 0) + 1)
        let categoryCount = VectorCategory.allCases.count
        let cellCount = catalogue.milestones.count * categoryCount * segmentCount
        var reach = RateHierarchy(strength: strength)
        var take = RateHierarchy(strength: strength)

        func learn(_ rows: [Int32]) {
            for r in rows {
                let row = Int(r)
                let m = panel.milestone[row]
                guard m >= 0 else { continue }
                let c = milestoneIndex[Int(m)]
                let reached = panel.milestoneReached[row]
                guard c >= 0, reached >= 0 else { continue }
                let key = RateHierarchy.Key(c, Int32(categories[row].rawValue), panel.segment[row])
                reach.add(key, success: reached == 1)
                if reached == 1 { take.add(key, success: panel.expansionARR[row] > 0) }
            }
        }

        var table = VectorForecastTable()
        var expected = Array(repeating: Double.nan, count: cellCount)
        // Per-CSM sums of the period, added in row order (the reference's order, so equal bits).
        var sums = Array(repeating: 0.0, count: panel.csmIDs.count)
        var seen = Array(repeating: false, count: panel.csmIDs.count)
        for (i, (period, rows)) in byPeriod.enumerated() {
            if i == 0 { learn(rows) }
            for k in expected.indices { expected[k] = .nan }
            for k in sums.indices {
                sums[k] = 0
                seen[k] = false
            }
            var unknown = Set<String>()
            for r in rows {
                let row = Int(r)
                var value = 0.0
                let m = panel.milestone[row]
                if m >= 0 {
                    let c = Int(milestoneIndex[Int(m)])
                    if c < 0 {
                        unknown.insert(panel.milestoneNames[Int(m)])
                        continue
                    }
                    let category = categories[row]
                    let segment = Int(panel.segment[row])
                    let cell = (c * categoryCount + Int(category.rawValue)) * segmentCount + segment
                    if expected[cell].isNaN {
                        let key = RateHierarchy.Key(Int32(c), Int32(category.rawValue), Int32(segment))
                        let takeRate = catalogue.milestones[c].fixedTakeRate(for: category) ?? take.rate(key).rate
                        expected[cell] = reach.rate(key).rate * takeRate * catalogue.milestones[c].upsellARR
                    }
                    value = expected[cell]
                }
                let csm = Int(panel.csm[row])
                guard csm >= 0 else { continue }
                sums[csm] += value
                seen[csm] = true
            }
            guard unknown.isEmpty else { throw .unknownMilestones(unknown.sorted()) }
            for csm in sums.indices where seen[csm] {
                table.add(csmID: panel.csmIDs[csm], period: period, expansion: sums[csm])
            }
            if i > 0 { learn(rows) }
        }
        return table
    }

    /// The reference: `ForecastRates` re-estimated from all earlier rows at every period and
    /// `ForecastRates.outlooks` per row. O(rows × periods); kept to test `walkForward` against.
    static func walkForwardReference(
        panel: HistoryPanel, categories: [VectorCategory], catalogue: MilestoneCatalogue,
        strength: Double = ForecastRates.defaultStrength
    ) throws(ForecastError) -> VectorForecastTable {
        var table = VectorForecastTable()
        var past: [Int32] = []
        for (i, (period, rows)) in rowsByPeriod(panel).enumerated() {
            let rates = try ForecastRates(
                panel: panel, categories: categories, rows: i == 0 ? rows : past, catalogue: catalogue,
                strength: strength)
            let outlooks = try rates.outlooks(panel: panel, categories: categories, churnProbabilities: nil, rows: rows)
            for outlook in outlooks {
                let csm = panel.csm[Int(outlook.row)]
                guard csm >= 0 else { continue }
                // The comp table values upsells at the catalogue's list value (what a plan promises),
                // not the forecast's realised per-segment value.
                let list = outlook.milestone >= 0 ? catalogue.milestones[Int(outlook.milestone)].upsellARR : 0
                table.add(
                    csmID: panel.csmIDs[Int(csm)], period: period,
                    expansion: outlook.reachProbability * outlook.takeRate * list)
            }
            past.append(contentsOf: rows)
        }
        return table
    }

    /// Rows of each distinct period, periods ascending, rows in panel order (a counting sort
    /// over the ordinal span; no per-customer lists).
    static func rowsByPeriod(_ panel: HistoryPanel) -> [(Period, [Int32])] {
        guard let lo = panel.period.map(\.ordinal).min(), let hi = panel.period.map(\.ordinal).max() else { return [] }
        var buckets = Array(repeating: [Int32](), count: Int(hi - lo) + 1)
        for row in 0..<panel.rowCount { buckets[Int(panel.period[row].ordinal - lo)].append(Int32(row)) }
        return buckets.indices.compactMap { i in
            buckets[i].isEmpty ? nil : (Period(granularity: panel.granularity, ordinal: lo + Int32(i)), buckets[i])
        }
    }
}
