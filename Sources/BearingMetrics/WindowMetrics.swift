import BearingPanel

/// NRR, GRR, logo retention and CLTV over a window of periods of a `HistoryPanel`.
///
/// Definitions (the contract the tests hold):
/// - **Window**: periods `first...last` inclusive.
/// - **Members**: customers with a row in `first`. Their segment and cohort are those of that
///   row (the cohort from the vector scored at the window start). Customers who appear later
///   are not members, so new logos do not inflate retention.
/// - **Start ARR**: `arr` of the member's row in `first`.
/// - **Expansion / contraction**: sums of `expansion_arr` / `contraction_arr` over the
///   member's rows in the window, up to but excluding a churn period.
/// - **Churned ARR**: `arr` at the start of the period whose row has `churned = 1` (so it
///   includes earlier expansion and excludes earlier contraction; that period's own
///   expansion and contraction are not counted again). The member is then not retained.
/// - **Retained**: no churn flag in the window. A member whose rows stop without a churn flag
///   counts as retained (the panel does not say it left).
/// - **Unknown outcomes**: rows whose outcome is unknown (`HistoryPanel.isOutcomeKnown`, a
///   period still running) are skipped, as if the customer had no row there; a customer whose
///   row in `first` is one is not a member.
/// With consistent data, start + expansion - contraction - churned = ARR at the window's end.
public enum WindowMetrics {
    /// One member's window totals, or nil when the customer has no row in `first`.
    public static func customerWindow(
        panel: HistoryPanel, rowsOfCustomer: [Int32], first: Period, last: Period
    ) -> (startRow: Int, tally: RetentionTally)? {
        guard let start = rowsOfCustomer.first(where: { panel.period[Int($0)] == first && panel.isOutcomeKnown(Int($0)) })
        else { return nil }
        var expansion = 0.0
        var contraction = 0.0
        var churnedARR = 0.0
        var retained = true
        for r in rowsOfCustomer {
            let row = Int(r)
            let p = panel.period[row]
            guard p >= first, p <= last, panel.isOutcomeKnown(row) else { continue }
            if panel.churned[row] {
                churnedARR = panel.arr[row]
                retained = false
                break
            }
            expansion += panel.expansionARR[row]
            contraction += panel.contractionARR[row]
        }
        var tally = RetentionTally()
        tally.addCustomer(
            startARR: panel.arr[Int(start)], expansion: expansion, contraction: contraction,
            churnedARR: churnedARR, retained: retained)
        return (Int(start), tally)
    }

    /// The cohort table of window `first...last`. `cohortOfRow` gives the cohort of a panel
    /// row (it is asked only for members' rows in `first`). CLTV uses `grossMargin` and the
    /// window length annualised with the panel's granularity (`CohortTable.cltvFormula`).
    public static func cohortTable(
        panel: HistoryPanel, index: PanelIndex, first: Period, last: Period, grossMargin: Double,
        cohortOfRow: (Int) -> Cohort
    ) -> CohortTable {
        var tallies: [String: [Cohort: RetentionTally]] = [:]
        for rows in index.rowsByCustomer {
            guard let (start, tally) = customerWindow(panel: panel, rowsOfCustomer: rows, first: first, last: last)
            else { continue }
            let s = Int(panel.segment[start])
            let segment = s >= 0 && s < panel.segmentNames.count ? panel.segmentNames[s] : ""
            tallies[segment, default: [:]][cohortOfRow(start), default: RetentionTally()].merge(tally)
        }
        let windowPeriods = Int(last.ordinal - first.ordinal) + 1
        let perYear = panel.granularity.periodsPerYear
        func row(_ segment: String, _ cohort: String, _ t: RetentionTally) -> CohortTable.Row {
            func defined(_ x: Double) -> Double? { x.isFinite ? x : nil }
            return CohortTable.Row(
                segment: segment, cohort: cohort, tally: t, nrr: defined(t.nrr), grr: defined(t.grr),
                logoRetention: defined(t.logoRetention),
                cltv: defined(t.cltv(grossMargin: grossMargin, windowPeriods: windowPeriods, periodsPerYear: perYear)))
        }
        func block(_ segment: String, _ byCohort: [Cohort: RetentionTally]) -> [CohortTable.Row] {
            var out: [CohortTable.Row] = []
            var good = RetentionTally()
            var all = RetentionTally()
            for c in Cohort.allCases {
                let t = byCohort[c] ?? RetentionTally()
                out.append(row(segment, c.label, t))
                if c.isGoodFit { good.merge(t) }
                all.merge(t)
            }
            out.append(row(segment, CohortTable.goodFitLabel, good))
            out.append(row(segment, CohortTable.allLabel, all))
            return out
        }
        var rows: [CohortTable.Row] = []
        var rollUp: [Cohort: RetentionTally] = [:]
        for segment in tallies.keys.sorted() {
            let byCohort = tallies[segment] ?? [:]
            rows += block(segment, byCohort)
            // Cohorts in a fixed order so the roll-up sums the same way in every run.
            for c in Cohort.allCases { if let t = byCohort[c] { rollUp[c, default: RetentionTally()].merge(t) } }
        }
        rows += block(CohortTable.allLabel, rollUp)
        return CohortTable(
            firstPeriod: first, lastPeriod: last, windowPeriods: windowPeriods, grossMargin: grossMargin, rows: rows)
    }
}
