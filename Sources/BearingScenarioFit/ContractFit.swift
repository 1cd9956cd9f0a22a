import BearingForecast
import BearingPanel
import BearingSimulation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The contract terms of each segment (`segments[].contracts`) from a panel's
/// `contract_term_months` and `renewal_date`:
///
/// - **term mix**: each customer counts once, with the term of its first row that has one
///   (starting book and new logos alike: the scenario draws both from the same shares); customers
///   without a known term are left out of the shares.
/// - **renewal month** (terms of whole years): the calendar months in which the starting book's
///   terms end. Spread evenly unless a χ² test rejects uniformity (p < 0.001, at least 24
///   customers); then each month holding at least 5% of them gets its own entry
///   (`renewal_month`) and the rest one spread entry.
/// - A row is a **renewal row** when its `renewal_date` falls in its period, **mid-term** when it
///   falls after; a date before the period (stale) is neither. A term no longer than a period
///   renews every period.
/// - **early termination** (terms longer than a period): with q_mid and q_ren the churn rates of
///   mid-term and renewal rows and K = term ÷ period length, the chance to last a term is
///   S = (1 − q_mid)^(K−1) · (1 − q_ren), the per-period hazard h = 1 − S^(1/K), and the share
///   of decisions to leave taken at once is q_mid ÷ h (the model's mid-term churn is
///   early_termination · h). Needs 20 churns; else pooled over segments for the term; else 0.
/// - **uplift**: on renewal rows that stayed, reached no milestone and are past a new logo's
///   ramp, expansion ÷ (ARR − contraction); mean and sd net of the same ratio on mid-term rows
///   (expansion the renewal does not explain). Kept when the mean exceeds two standard errors
///   and 0.1%.
struct ContractFit: Sendable {
    enum Phase: UInt8, Sendable {
        case unknown, renewal, midTerm
    }

    struct Term: Sendable {
        var months: Int
        /// Customers whose first known term this is.
        var customers: Int
        /// Starting-book customers per calendar month their term ends in (January first).
        var renewalMonths: [Int]
        /// χ² test of evenly spread renewal months (whole-year terms with 24+ customers).
        var monthTest: (statistic: Double, p: Double)?
        /// Months with their own entry; empty when spread.
        var concentrated: [Int] = []
        /// Rows and churned rows, mid-term and at renewal (terms longer than a period).
        var midRows = 0, midChurned = 0, renewalRows = 0, renewalChurned = 0
        var earlyTermination = 0.0
        var earlySource = ""
        var uplift: ContractTermSpec.Uplift?
        var upliftSource = ""
    }

    struct Segment: Sendable {
        var index: Int
        var customers: Int
        var unknownTerm: Int
        var terms: [Term]
    }

    /// By panel segment index; nil where no customer has a known term.
    var segments: [Segment?]
    /// Per row: where it is in its contract term.
    let phase: [Phase]
    let periodMonths: Int

    static let minimumChurns = 20
    static let minimumRenewalRows = 20

    init(panel: HistoryPanel, contracts: ContractColumns, index: PanelIndex) {
        let n = panel.rowCount
        periodMonths = panel.granularity == .quarter ? 3 : 1
        var phase = [Phase](repeating: .unknown, count: n)
        for r in 0..<n {
            let term = contracts.termMonths[r]
            let day = contracts.renewalDay[r]
            guard term > 0 else { continue }
            if Int(term) <= periodMonths {
                phase[r] = .renewal
                continue
            }
            guard day != ContractColumns.noDate else { continue }
            let month = CalendarDate(dayNumber: day).monthIndex
            let first = panel.period[r].firstMonthIndex
            if month >= first + periodMonths {
                phase[r] = .midTerm
            } else if month >= first {
                phase[r] = .renewal
            }
        }
        self.phase = phase

        // Term mix and the starting book's renewal months.
        let segmentCount = panel.segmentNames.count
        var termCounts = [[Int: Int]](repeating: [:], count: segmentCount)
        var monthCounts = [[Int: [Int]]](repeating: [:], count: segmentCount)
        var unknown = [Int](repeating: 0, count: segmentCount)
        let firstPeriod = index.periods.first
        for rows in index.rowsByCustomer {
            guard let first = rows.first else { continue }
            guard let r32 = rows.first(where: { contracts.termMonths[Int($0)] > 0 }) else {
                unknown[Int(panel.segment[Int(first)])] += 1
                continue
            }
            let r = Int(r32)
            let s = Int(panel.segment[r])
            let term = Int(contracts.termMonths[r])
            termCounts[s][term, default: 0] += 1
            if term % 12 == 0, panel.period[Int(first)] == firstPeriod, r32 == first, let date = contracts.renewalDate(row: r) {
                monthCounts[s][term, default: [Int](repeating: 0, count: 12)][date.components.month - 1] += 1
            }
        }

        // Mid-term and renewal churn by segment and term.
        var churn = [[Int: [Int]]](repeating: [:], count: segmentCount)
        for r in 0..<n where phase[r] != .unknown && panel.isOutcomeKnown(r) {
            let term = Int(contracts.termMonths[r])
            guard term > periodMonths else { continue }
            var c = churn[Int(panel.segment[r])][term, default: [0, 0, 0, 0]]
            let k = phase[r] == .midTerm ? 0 : 2
            c[k] += 1
            if panel.churned[r] { c[k + 1] += 1 }
            churn[Int(panel.segment[r])][term] = c
        }
        var pooled: [Int: [Int]] = [:]
        for s in 0..<segmentCount {
            for (term, c) in churn[s] { pooled[term] = zip(pooled[term, default: [0, 0, 0, 0]], c).map { $0 + $1 } }
        }

        let months = periodMonths
        segments = (0..<segmentCount).map { s -> Segment? in
            let known = termCounts[s].values.reduce(0, +)
            guard known > 0 else { return nil }
            let terms = termCounts[s].keys.sorted().map { months0 -> Term in
                var t = Term(
                    months: months0, customers: termCounts[s][months0] ?? 0,
                    renewalMonths: monthCounts[s][months0] ?? [Int](repeating: 0, count: 12))
                let starting = t.renewalMonths.reduce(0, +)
                if months0 % 12 == 0, starting >= 24 {
                    let expected = Double(starting) / 12
                    let statistic = t.renewalMonths.reduce(0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
                    let p = SpecialFunctions.chiSquareSurvival(statistic, degreesOfFreedom: 11)
                    t.monthTest = (statistic, p)
                    if p < 0.001 {
                        t.concentrated = (0..<12).filter { 20 * t.renewalMonths[$0] >= starting }.map { $0 + 1 }
                    }
                }
                if months0 > months {
                    let own = churn[s][months0] ?? [0, 0, 0, 0]
                    let all = pooled[months0] ?? own
                    t.midRows = own[0]
                    t.midChurned = own[1]
                    t.renewalRows = own[2]
                    t.renewalChurned = own[3]
                    let k = Double(months0) / Double(months)
                    if let e = Self.earlyTermination(own, periodsPerTerm: k) {
                        t.earlyTermination = e
                        t.earlySource = "\(months0) months: \(FitText.decimal(e, 3)) from \(Self.describe(own))"
                    } else if let e = Self.earlyTermination(all, periodsPerTerm: k) {
                        t.earlyTermination = e
                        t.earlySource =
                            "\(months0) months: \(FitText.decimal(e, 3)) pooled over segments (\(Self.describe(all)); "
                            + "the segment alone has fewer than \(Self.minimumChurns) churns)"
                    } else {
                        t.earlySource = "\(months0) months: default 0, fewer than \(Self.minimumChurns) churns among term customers"
                    }
                }
                return t
            }
            return Segment(index: s, customers: known, unknownTerm: unknown[s], terms: terms)
        }
    }

    /// The share of decisions to leave taken at once, from [mid rows, mid churned, renewal rows,
    /// renewal churned]; nil with too few churns or rows.
    static func earlyTermination(_ c: [Int], periodsPerTerm k: Double) -> Double? {
        guard c[1] + c[3] >= minimumChurns, c[0] >= 50, c[2] >= minimumRenewalRows else { return nil }
        let qMid = Double(c[1]) / Double(c[0])
        let qRenewal = Double(c[3]) / Double(c[2])
        let survival = pow(1 - qMid, k - 1) * (1 - qRenewal)
        let hazard = 1 - pow(survival, 1 / k)
        guard hazard > 0 else { return nil }
        return min(1, max(0, qMid / hazard))
    }

    /// `1 month`, `12 months`.
    static func termLabel(_ months: Int) -> String { months == 1 ? "1 month" : "\(months) months" }

    static func describe(_ c: [Int]) -> String {
        "\(FitText.count(c[1])) of \(FitText.count(c[0])) mid-term rows churned, \(FitText.count(c[3])) of \(FitText.count(c[2])) renewal rows"
    }

    /// Whether row `r` is the renewal of a term longer than a period (where uplift is paid).
    func isAccumulatingRenewal(_ r: Int, contracts: ContractColumns) -> Bool {
        phase[r] == .renewal && Int(contracts.termMonths[r]) > periodMonths
    }

    /// Estimates the uplift of every term; `rampPeriods(segment)` and `acquired` (per customer,
    /// its acquisition period ordinal) leave out new logos' ramp rows.
    mutating func estimateUplift(
        panel: HistoryPanel, contracts: ContractColumns, acquired: [Int32?], rampPeriods: (Int) -> Int
    ) {
        let segmentCount = panel.segmentNames.count
        // Per segment and term: [n, Σ, Σ²] of renewal rows then of mid-term rows.
        var sums = [[Int: [Double]]](repeating: [:], count: segmentCount)
        for r in 0..<panel.rowCount where phase[r] != .unknown {
            guard panel.isOutcomeKnown(r), !panel.churned[r], panel.milestoneReached[r] != 1 else { continue }
            let base = panel.arr[r] - panel.contractionARR[r]
            guard base > 0 else { continue }
            let s = Int(panel.segment[r])
            if let at = acquired[Int(panel.customer[r])], Int(panel.period[r].ordinal - at) < rampPeriods(s) { continue }
            let rate = panel.expansionARR[r] / base
            let k = phase[r] == .renewal ? 0 : 3
            var v = sums[s][Int(contracts.termMonths[r]), default: [0, 0, 0, 0, 0, 0]]
            v[k] += 1
            v[k + 1] += rate
            v[k + 2] += rate * rate
            sums[s][Int(contracts.termMonths[r])] = v
        }
        for s in segments.indices {
            guard var segment = segments[s] else { continue }
            for t in segment.terms.indices {
                let months = segment.terms[t].months
                let v = sums[s][months] ?? [0, 0, 0, 0, 0, 0]
                guard v[0] >= Double(Self.minimumRenewalRows) else {
                    segment.terms[t].upliftSource =
                        "\(Self.termLabel(months)): none, fewer than \(Self.minimumRenewalRows) renewal rows without a milestone"
                    continue
                }
                func moments(_ k: Int) -> (mean: Double, variance: Double) {
                    let mean = v[k + 1] / v[k]
                    return (mean, max(0, v[k + 2] / v[k] - mean * mean))
                }
                let renewal = moments(0)
                let mid = v[3] >= 20 ? moments(3) : (mean: 0.0, variance: 0.0)
                let mean = renewal.mean - mid.mean
                let se = (renewal.variance / v[0] + (v[3] >= 20 ? mid.variance / v[3] : 0)).squareRoot()
                let rows = FitText.count(Int(v[0]))
                if mean > 2 * se, mean >= 0.001 {
                    let sd = max(0, renewal.variance - mid.variance).squareRoot()
                    segment.terms[t].uplift = ContractTermSpec.Uplift(mean: mean, sd: sd)
                    segment.terms[t].upliftSource =
                        "\(Self.termLabel(months)): mean \(FitText.percent(mean, decimals: 2)), sd \(FitText.percent(sd, decimals: 2)) "
                        + "of ARR over \(rows) renewal rows that stayed and reached no milestone"
                        + (v[3] >= 20 ? ", net of \(FitText.count(Int(v[3]))) mid-term rows" : "")
                } else {
                    segment.terms[t].upliftSource =
                        "\(Self.termLabel(months)): none (mean change at renewal \(FitText.percent(mean, decimals: 2)) of ARR over \(rows) rows, "
                        + "within two standard errors of 0 or below 0.1%)"
                }
            }
            segments[s] = segment
        }
    }

    /// The scenario's contracts of a segment (unrounded shares; empty without known terms).
    func specs(segment s: Int) -> [ContractTermSpec] {
        guard let segment = segments[s] else { return [] }
        var entries: [(months: Int, renewalMonth: Int?, weight: Double, term: Term)] = []
        for t in segment.terms {
            let starting = Double(t.renewalMonths.reduce(0, +))
            if t.concentrated.isEmpty || starting == 0 {
                entries.append((t.months, nil, Double(t.customers), t))
                continue
            }
            var rest = starting
            for month in t.concentrated {
                let count = Double(t.renewalMonths[month - 1])
                entries.append((t.months, month, Double(t.customers) * count / starting, t))
                rest -= count
            }
            if rest > 0 { entries.append((t.months, nil, Double(t.customers) * rest / starting, t)) }
        }
        let shares = Rounding.shares(entries.map { Int(($0.weight * 1_000).rounded()) })
        return zip(entries, shares).compactMap { e, share in
            guard share > 0 else { return nil }
            return ContractTermSpec(
                termMonths: e.months, share: share, renewalMonth: e.renewalMonth, uplift: e.term.uplift,
                earlyTermination: e.term.earlyTermination)
        }
    }

    /// Where each key of a segment's contracts came from (`segments[NAME].contracts*`).
    func sources(segment s: Int, name: String, first: Period) -> [String: FitSource] {
        guard let segment = segments[s] else { return [:] }
        let key = "segments[\(name)].contracts"
        var out: [String: FitSource] = [:]
        let mix = segment.terms.map { t in
            "\(Self.termLabel(t.months)) \(FitText.percent(Double(t.customers) / Double(segment.customers)))"
        }
        out[key] = FitSource(
            .estimated,
            "term mix of the \(FitText.count(segment.customers)) customers' first known contract_term_months: " + mix.joined(separator: ", ")
                + (segment.unknownTerm > 0 ? "; \(FitText.count(segment.unknownTerm)) customers without a term left out" : ""))
        let years = segment.terms.filter { $0.months % 12 == 0 }
        if !years.isEmpty {
            let text = years.map { t -> String in
                let starting = t.renewalMonths.reduce(0, +)
                guard let test = t.monthTest else {
                    return "\(t.months) months: spread (default: \(FitText.count(starting)) starting customers with a renewal date, fewer than 24)"
                }
                let stats = "χ² = \(FitText.decimal(test.statistic, 1)), 11 df, p = \(FitText.decimal(test.p, 3))"
                return t.concentrated.isEmpty
                    ? "\(t.months) months: spread evenly over the year (\(FitText.count(starting)) starting customers, \(stats))"
                    : "\(t.months) months: "
                        + (t.concentrated.count == 1
                            ? "month \(t.concentrated[0]) holds" : "months \(t.concentrated.map(String.init).joined(separator: ", ")) hold")
                        + " 5%+ each of \(FitText.count(starting)) starting customers (\(stats)); the rest spread"
            }
            out["\(key).renewal_month"] = FitSource(
                .estimated, "renewal months of the book at the start of \(first.label): " + text.joined(separator: "; "))
        }
        let longer = segment.terms.filter { $0.months > periodMonths }
        if !longer.isEmpty {
            out["\(key).early_termination"] = FitSource(
                .estimated,
                "churn off the renewal date (mid-term rows) against the per-period hazard a term's survival implies: "
                    + longer.map(\.earlySource).joined(separator: "; "))
        }
        out["\(key).uplift"] = FitSource(
            .estimated, "ARR change at renewal: " + segment.terms.map(\.upliftSource).joined(separator: "; "))
        return out
    }
}
