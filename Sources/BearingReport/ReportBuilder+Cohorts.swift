import BearingContracts
import BearingMetrics
import BearingSimulation

extension ReportBuilder {
    static func cohortSection(_ inputs: ReportInputs) -> ReportSection {
        var section = ReportSection(
            id: "cohorts", title: "Cohorts and retention",
            intro:
                "Five cohorts per Logical Customer Segment: bad-fit customers (no Success Potential) apart, and good-fit customers by their vector category at the start of the window. Bad-fit churn is shown separately from good-fit retention, and both are in the roll-up. NRR = (start ARR + expansion − contraction − churned ARR) / start ARR; GRR is the same without expansion, capped at 100%; logo retention = retained customers / starting customers. Every rate is shown per period and annualised, so windows of different length compare."
        )
        if let scores = inputs.scores {
            section.blocks.append(retentionTable(scores, simulation: inputs.simulation))
        } else if let sim = inputs.simulation {
            section.missing.append(
                inputs.problems["cohorts"]
                    ?? "no scores summary found: run `bearing score` (writes scores.summary.json with the realised cohort table); the simulated retention is shown alone"
            )
            section.blocks.append(simulatedRetentionTable(sim))
        } else {
            section.missing.append(
                inputs.problems["cohorts"] ?? "no scores summary found: run `bearing score` (writes scores.summary.json with the cohort table)")
        }
        return section
    }

    /// The one retention table: per segment and cohort, realised NRR, GRR and logo retention
    /// per period and annualised, observed against predicted churn per period, CLTV, and (from
    /// a simulation) the annualised NRR across Monte Carlo trials.
    static func retentionTable(_ scores: ScoresSummary, simulation: SimulationSummary?) -> String {
        let t = scores.cohortTable
        let perYear = t.firstPeriod.granularity.periodsPerYear
        let n = t.windowPeriods
        let unit = RetentionRate.periodName(periodsPerYear: perYear)
        let predicted = Dictionary(
            scores.cohortsAtStart.map { ("\($0.segment)|\($0.cohort)", $0.meanChurnProbability) }, uniquingKeysWith: { a, _ in a })
        let simulated = simulation.map(simulatedNRR) ?? [:]
        func perPeriod(_ r: Double?) -> String { ReportFormat.percent(RetentionRate.perPeriod(r, windowPeriods: n)) }
        func annual(_ r: Double?) -> String { ReportFormat.percent(RetentionRate.annualised(r, windowPeriods: n, periodsPerYear: perYear)) }
        let columns = 12 + (simulation == nil ? 0 : 1)
        var rows: [[String]] = []
        var classes: [String] = []
        for segment in orderedSegments(t.rows.map(\.segment)) {
            rows.append([segment == "all" ? "All segments (roll-up)" : segment] + Array(repeating: "", count: columns - 1))
            classes.append("segment-head")
            let mine = t.rows.filter { $0.segment == segment }
            let ordered =
                cohorts.compactMap { c in mine.first { $0.cohort == c } }
                + mine.filter { $0.cohort == "good-fit" } + mine.filter { $0.cohort == "bad-fit" } + mine.filter { $0.cohort == "all" }
            for row in ordered {
                let logoPerPeriod = RetentionRate.perPeriod(row.logoRetention, windowPeriods: n)
                var cells = [
                    row.cohort == "all" ? "all customers" : row.cohort == "good-fit" ? "good fit, total" : row.cohort,
                    ReportFormat.count(row.tally.startCustomers), ReportFormat.money(row.tally.startARR),
                    perPeriod(row.nrr), annual(row.nrr), perPeriod(row.grr), annual(row.grr), perPeriod(row.logoRetention), annual(row.logoRetention),
                    ReportFormat.percent(logoPerPeriod.map { 1 - $0 }), ReportFormat.percent(predicted["\(segment)|\(row.cohort)"] ?? nil),
                    ReportFormat.money(row.cltv ?? .nan),
                ]
                if let simulation {
                    cells.append(simulated["\(segment)|\(row.cohort)"].map { annualisedRange($0, simulation) } ?? ReportFormat.missing)
                }
                rows.append(cells)
                classes.append(row.cohort == "bad-fit" ? "badfit" : row.cohort == "good-fit" ? "goodfit" : row.cohort == "all" ? "rollup" : "")
            }
        }
        let perUnit = "per \(unit)"
        var groups: [HTMLTable.Group] = [
            .init("", span: 3), .init("NRR", span: 2), .init("GRR", span: 2), .init("Logo retention", span: 2),
            .init("Churn per \(unit)", span: 2), .init("", span: 1),
        ]
        var header = [
            "Cohort", "Customers at start", "Start ARR", perUnit, "annualised", perUnit, "annualised", perUnit, "annualised", "observed",
            "predicted", "CLTV",
        ]
        var note =
            "Realised over \(t.firstPeriod.label)–\(t.lastPeriod.label) (\(n) \(unit)\(n == 1 ? "" : "s")), cohorts taken at \(t.firstPeriod.label) from the scored vectors. A window rate r over n \(unit)s is r^(1/n) per \(unit) and r^(\(perYear)/n) annualised (the constant rate that compounds to it). Observed churn per \(unit) = 1 − logo retention per \(unit); predicted = the mean scored churn probability at the start. \(scores.cltvFormula) (gross margin \(ReportFormat.percent(t.grossMargin, decimals: 0)))."
        if let simulation {
            groups.append(.init("Monte Carlo, \(ReportFormat.count(simulation.trials)) trials", span: 1))
            header.append("NRR annualised, P50 (P5–P95)")
            note +=
                " Monte Carlo: the simulation's own cohorts (\(simulation.cohortRule)) over its \(simulation.periods.count) periods, annualised the same way (percentiles carry over because the rule is increasing)."
        }
        return ReportSection.table(
            "Retention by cohort", HTMLTable(header: header, rows: rows, rowClasses: classes, numericColumns: Set(1..<columns), groups: groups),
            note: note)
    }

    /// The simulated NRR distribution per "segment|cohort" ("all" for the roll-up or every cohort).
    static func simulatedNRR(_ sim: SimulationSummary) -> [String: SimulationSummary.Distribution] {
        var out: [String: SimulationSummary.Distribution] = [:]
        for g in sim.groups {
            guard let nrr = g.metrics["nrr"] else { continue }
            out["\(g.segment ?? "all")|\(g.cohort ?? "all")"] = nrr
        }
        return out
    }

    /// "104.2% (98.1–110.3%)": a simulated window distribution annualised.
    static func annualisedRange(_ d: SimulationSummary.Distribution, _ sim: SimulationSummary) -> String {
        let perYear = sim.periods.first.flatMap { RetentionRate.periodsPerYear(label: $0) } ?? 4
        func a(_ x: Double?) -> Double? { RetentionRate.annualised(x, windowPeriods: sim.periods.count, periodsPerYear: perYear) }
        guard let mid = a(d.p50) else { return ReportFormat.missing }
        guard let lo = a(d.p5), let hi = a(d.p95) else { return ReportFormat.percent(mid) }
        return "\(ReportFormat.percent(mid)) (\(ReportFormat.number(lo * 100, decimals: 1))–\(ReportFormat.percent(hi)))"
    }

    /// Without scores: the simulated retention of the roll-up cohorts, annualised.
    static func simulatedRetentionTable(_ sim: SimulationSummary) -> String {
        let groups = Dictionary(sim.groups.map { ($0.group, $0.metrics) }, uniquingKeysWith: { a, _ in a })
        let perYear = sim.periods.first.flatMap { RetentionRate.periodsPerYear(label: $0) } ?? 4
        func annual(_ x: Double?) -> String {
            ReportFormat.percent(RetentionRate.annualised(x, windowPeriods: sim.periods.count, periodsPerYear: perYear))
        }
        var rows: [[String]] = []
        var classes: [String] = []
        for (label, key) in (cohorts + ["bad-fit"]).map({ ($0, "cohort[\($0)]") }) + [("all customers", "all")] {
            guard let m = groups[key] else { continue }
            rows.append([
                label, ReportFormat.number(m["start_customers"]?.p50), m["nrr"].map { annualisedRange($0, sim) } ?? ReportFormat.missing,
                annual(m["grr"]?.p50), annual(m["logo_retention"]?.p50), ReportFormat.money(m["churned_arr"]?.p50 ?? .nan),
            ])
            classes.append(label == "bad-fit" ? "badfit" : label == "all customers" ? "rollup" : "")
        }
        return ReportSection.table(
            "Simulated retention by cohort, \(ReportFormat.count(sim.trials)) trials",
            HTMLTable(
                header: [
                    "Cohort", "Customers at start, P50", "NRR annualised, P50 (P5–P95)", "GRR annualised, P50", "Logo retention annualised, P50",
                    "Churned ARR over the window, P50",
                ],
                rows: rows, rowClasses: classes, numericColumns: Set(1...5)),
            note:
                "From the Monte Carlo run; cohorts use the simulation's true latent category (\(sim.cohortRule)), over \(sim.periods.first ?? "")–\(sim.periods.last ?? "") (\(sim.periods.count) periods), annualised as r^(periods per year / periods)."
        )
    }
}
