import BearingMetrics

/// Statistics that put several plans' payout runs side by side.
public enum PlanComparison {
    /// Per CSM over the run, in roster order: the cadence-free book (`run.periodBooks`), its
    /// realised NRR and performance index, pay, and the windows paid without a book.
    public static func performances(_ run: PlanPayouts) -> [CSMPerformance] {
        let books = run.periodBooks
        let slots: [Int?] =
            books.csmIDs == run.csmIDs
            ? Array(run.csmIDs.indices)
            : run.csmIDs.map { books.csmIDs.firstIndex(of: $0) }
        var people = run.csmIDs.indices.map { s in
            var base = 0.0, variable = 0.0
            var withoutBook = 0
            for w in run.windows.indices {
                let line = run.line(csm: s, window: w)
                base += line.base
                variable += line.variable
                if !line.hasBook { withoutBook += 1 }
            }
            return CSMPerformance(
                csmID: run.csmIDs[s], book: slots[s].map { books.rangeBook(csm: $0) } ?? RetentionTally(), base: base,
                variable: variable, total: base + variable, windowsWithoutBook: withoutBook)
        }
        for (i, z) in PayPerformance.performanceIndex(people.map(\.nrr)).enumerated() { people[i].performanceIndex = z }
        return people
    }

    /// Cost, cost share of retained revenue, spread, and the pay-for-performance measures of
    /// `PayPerformance` against the cadence-free books.
    public static func summary(_ run: PlanPayouts) -> PlanSummary {
        var base = 0.0, variable = 0.0, clawback = 0.0, sales = 0.0, retained = 0.0, revenue = 0.0
        for (i, line) in run.lines.enumerated() {
            base += line.base
            variable += line.variable
            clawback += line.clawback
            sales += line.salesCommission
            let t = line.book
            let kept = t.startARR + t.expansionARR - t.contractionARR - t.churnedARR
            retained += kept
            revenue += kept * run.windows[i / max(1, run.csmIDs.count)].years
        }
        let people = performances(run)
        let pay = people.map(\.variable)
        return PlanSummary(
            planName: run.planName, csmCount: run.csmIDs.count, totalCost: base + variable, baseCost: base,
            variableCost: variable, clawback: clawback, salesCommission: sales, retainedARR: retained,
            retainedRevenue: revenue, spread: PayoutSpread(pay: pay),
            payPerformance: PayPerformance(pay: pay, nrr: people.map(\.nrr)))
    }

    /// Spearman rank correlation (average ranks for ties) of each CSM's variable pay over the
    /// run with a known skill keyed by CSM id, e.g. the simulator's latent CSM skill. CSMs who
    /// had no book in any payment window of the run are left out: their variable pay is 0 by
    /// construction and says nothing about how the plan treats skill. CSMs missing from `skills`
    /// are left out too. NaN with fewer than 2 CSMs left or when pay or skill is constant.
    public static func skillCorrelation(_ run: PlanPayouts, skills: [String: Double]) -> Double {
        var pay: [Double] = []
        var skill: [Double] = []
        for s in run.csmIDs.indices {
            guard let k = skills[run.csmIDs[s]], run.windows.indices.contains(where: { run.line(csm: s, window: $0).hasBook })
            else { continue }
            var variable = 0.0
            for w in run.windows.indices { variable += run.line(csm: s, window: w).variable }
            pay.append(variable)
            skill.append(k)
        }
        return RankCorrelation.spearman(pay, skill)
    }

    /// Share of `pay` going to entries whose `performance` is at or above the 0.75 quantile
    /// (numpy linear) of the non-NaN performances. Entries with NaN performance are left out of
    /// both sums. NaN when the pay of the ranked entries sums to 0.
    public static func topQuartileShare(pay: [Double], performance: [Double]) -> Double {
        let ranked = pay.indices.filter { !performance[$0].isNaN }
        guard !ranked.isEmpty else { return .nan }
        let cut = Quantiles.quantile(ranked.map { performance[$0] }, 0.75)
        var top = 0.0, all = 0.0
        for i in ranked {
            all += pay[i]
            if performance[i] >= cut { top += pay[i] }
        }
        return all != 0 ? top / all : .nan
    }

    /// Who gains and who loses moving from run `a` to run `b`, by each CSM's total pay over the
    /// range, largest gain first; ties keep roster order. The runs must cover the same panel
    /// periods (their payment periods may differ: quarterly against annual is fine). CSMs on
    /// only one roster are left out. `scaleA` and `scaleB` multiply every dollar of a run (the
    /// factors of `EqualCostComparison`, to see who gains at equal cost); the NRR shown is the
    /// cadence-free one, the same in both runs.
    public static func changes(
        from a: PlanPayouts, to b: PlanPayouts, scaleA: Double = 1, scaleB: Double = 1
    ) throws(CompError) -> [PayChange] {
        guard a.windows.flatMap(\.periods) == b.windows.flatMap(\.periods) else {
            throw .windowsDiffer(a.planName, b.planName)
        }
        let pa = performances(a)
        let pb = Dictionary(performances(b).map { ($0.csmID, $0) }, uniquingKeysWith: { first, _ in first })
        let changes = pa.compactMap { x -> PayChange? in
            guard let y = pb[x.csmID] else { return nil }
            return PayChange(csmID: x.csmID, totalA: scaleA * x.total, totalB: scaleB * y.total, nrr: x.nrr)
        }
        return changes.enumerated().sorted { l, r in
            l.element.change > r.element.change || (l.element.change == r.element.change && l.offset < r.offset)
        }.map(\.element)
    }
}
