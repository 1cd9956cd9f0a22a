import BearingForecast
import BearingPanel
import BearingSimulation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Acquisition of new logos per segment (`segments[].new_logos`), from the customers whose first
/// row comes after the history's first period (each counted in the period and segment of that
/// row):
///
/// - **count**: mean over the periods from the second on (periods without new logos count as
///   0); Poisson unless the index of dispersion rejects it (χ² test, p < 0.01), then a negative
///   binomial with the sample standard deviation;
/// - **fit mix** and **ARR**: shares of the first rows' fit; lognormal by method of moments on
///   the first rows' log ARR;
/// - **ramp**: when most new logos expand in their first period without reaching a milestone,
///   `ramp.periods` is the number of leading periods in which most do, and `ramp.start` =
///   1 / (1 + Σ mean expansion ÷ first ARR over those periods) (the ARR then is the first
///   row's ÷ `start`);
/// - **start shift**: per latent axis, the mean of the first rows' factor scores minus the
///   stationary mean of their segment and fit (input ÷ (1 − persistence)), when it differs from 0
///   by more than two standard errors.
///
/// Not identified: a trend in acquisition (the mean is flat over the history), new logos'
/// contract terms apart from the segment's (they share the segment's mix), their CSM skill.
struct NewLogoFit: Sendable {
    struct Segment: Sendable {
        var index: Int
        var customers: Int
        var mean: Double
        var sampleSD: Double
        /// P-value of the dispersion test (1 when untested).
        var dispersionP: Double
        /// Negative binomial sd when over-dispersed, nil for Poisson.
        var sd: Double?
        var fits: [Int]
        var logMean: Double
        var logSD: Double
        var positiveARR: Int
        var ramp: NewLogoSpec.Ramp?
        /// Rows of new logos in their first period that reached no milestone, and how many expanded.
        var firstRows: Int
        var firstExpanded: Int
        var shift: NewLogoSpec.StartShift?
        var shiftRows: Int
    }

    /// By panel segment index; nil where the segment acquired nobody.
    var segments: [Segment?]
    /// Acquisition periods (the history's periods after the first).
    var periods: Int
    /// Per customer, the period ordinal of its acquisition, or nil for the starting book.
    var acquired: [Int32?]

    static let maximumRampPeriods = 24

    init(
        panel: HistoryPanel, index: PanelIndex, range: PeriodRange, direction: LatentAxisFit, experience: LatentAxisFit,
        accumulatingRenewal: (Int) -> Bool
    ) {
        let segmentCount = panel.segmentNames.count
        let periods = max(0, range.count - 1)
        self.periods = periods
        var acquired = [Int32?](repeating: nil, count: index.rowsByCustomer.count)
        var counts = [[Int]](repeating: [Int](repeating: 0, count: periods), count: segmentCount)
        var fits = [[Int]](repeating: [0, 0, 0], count: segmentCount)
        var logSum = [Double](repeating: 0, count: segmentCount)
        var logSquares = [Double](repeating: 0, count: segmentCount)
        var positive = [Int](repeating: 0, count: segmentCount)
        var firstRows: [[Int]] = Array(repeating: [], count: segmentCount)
        for (c, rows) in index.rowsByCustomer.enumerated() {
            guard let first32 = rows.first else { continue }
            let first = Int(first32)
            let offset = Int(panel.period[first].ordinal - range.first.ordinal)
            guard offset >= 1, offset <= periods else { continue }
            acquired[c] = panel.period[first].ordinal
            let s = Int(panel.segment[first])
            counts[s][offset - 1] += 1
            fits[s][Int(panel.fit[first].rawValue)] += 1
            if panel.arr[first] > 0 {
                let l = log(panel.arr[first])
                logSum[s] += l
                logSquares[s] += l * l
                positive[s] += 1
            }
            firstRows[s].append(first)
        }
        self.acquired = acquired

        // Ramp: expansion off milestones (and off renewals of term contracts) by age.
        func rampOf(_ s: Int) -> (ramp: NewLogoSpec.Ramp?, rows: Int, expanded: Int) {
            var ratio = [Double](repeating: 0, count: Self.maximumRampPeriods)
            var rows = [Int](repeating: 0, count: Self.maximumRampPeriods)
            var expanded = [Int](repeating: 0, count: Self.maximumRampPeriods)
            for first in firstRows[s] where panel.arr[first] > 0 {
                let base = panel.arr[first]
                for r32 in index.rowsByCustomer[Int(panel.customer[first])] {
                    let r = Int(r32)
                    let age = Int(panel.period[r].ordinal - panel.period[first].ordinal)
                    guard age < Self.maximumRampPeriods else { break }
                    guard panel.isOutcomeKnown(r), !panel.churned[r], panel.milestoneReached[r] != 1, !accumulatingRenewal(r)
                    else { continue }
                    rows[age] += 1
                    ratio[age] += panel.expansionARR[r] / base
                    if panel.expansionARR[r] > 0 { expanded[age] += 1 }
                }
            }
            var length = 0
            var total = 0.0
            while length < Self.maximumRampPeriods, rows[length] >= 10, 2 * expanded[length] > rows[length] {
                total += ratio[length] / Double(rows[length])
                length += 1
            }
            let ramp = length > 0 && total > 0.01 ? NewLogoSpec.Ramp(start: 1 / (1 + total), periods: length) : nil
            return (ramp, rows[0], expanded[0])
        }

        // Start shift per axis: first-row score minus the stationary mean of segment and fit.
        func shiftOf(_ s: Int, _ axis: LatentAxisFit) -> (value: Double, rows: Int) {
            guard axis.identified else { return (0, 0) }
            let known = axis.fitInputs.compactMap { $0 }
            let fallback = known.isEmpty ? 0 : known.reduce(0, +) / Double(known.count)
            var sum = 0.0
            var squares = 0.0
            var n = 0.0
            for first in firstRows[s] where !axis.score[first].isNaN {
                let input = (axis.fitInputs[Int(panel.fit[first].rawValue)] ?? fallback) + axis.segmentEffects[s]
                let x = axis.score[first] - input / (1 - axis.persistence)
                sum += x
                squares += x * x
                n += 1
            }
            guard n >= 20 else { return (0, Int(n)) }
            let mean = sum / n
            let se = (max(0, squares / n - mean * mean) / (n - 1)).squareRoot()
            return (abs(mean) > 2 * se ? mean : 0, Int(n))
        }

        segments = (0..<segmentCount).map { s -> Segment? in
            let total = counts[s].reduce(0, +)
            guard total > 0, periods > 0 else { return nil }
            let n = Double(periods)
            let mean = Double(total) / n
            let variance = periods > 1 ? counts[s].reduce(0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / (n - 1) : 0
            var p = 1.0
            var sd: Double?
            if periods >= 3 {
                // Index of dispersion: Σ (x − mean)² / mean ~ χ²(n − 1) for Poisson counts.
                p = SpecialFunctions.chiSquareSurvival(variance * (n - 1) / mean, degreesOfFreedom: periods - 1)
                if p < 0.01, variance > 1.0201 * mean { sd = variance.squareRoot() }
            }
            let m = Double(max(1, positive[s]))
            let logMean = logSum[s] / m
            let (ramp, rows, expanded) = rampOf(s)
            let d = shiftOf(s, direction)
            let e = shiftOf(s, experience)
            return Segment(
                index: s, customers: total, mean: mean, sampleSD: variance.squareRoot(), dispersionP: p, sd: sd, fits: fits[s],
                logMean: logMean, logSD: max(0, logSquares[s] / m - logMean * logMean).squareRoot(), positiveARR: positive[s],
                ramp: ramp, firstRows: rows, firstExpanded: expanded,
                shift: d.value == 0 && e.value == 0 ? nil : NewLogoSpec.StartShift(direction: d.value, experience: e.value),
                shiftRows: max(d.rows, e.rows))
        }
    }

    /// The scenario block of a segment (unrounded), nil where it acquired nobody.
    func spec(segment s: Int) -> NewLogoSpec? {
        guard let g = segments[s] else { return nil }
        let mix = Rounding.shares(g.fits)
        let median = g.positiveARR > 0 ? exp(g.logMean) / (g.ramp?.start ?? 1) : 1
        return NewLogoSpec(
            mean: g.mean, sd: g.sd, arr: .init(median: median, sigma: g.logSD),
            fit: .init(good: mix[0], stretch: mix[1], bad: mix[2]), ramp: g.ramp, startShift: g.shift)
    }

    /// Where each key of a segment's block came from (`segments[NAME].new_logos.*`).
    func sources(segment s: Int, name: String, first: Period) -> [String: FitSource] {
        let key = "segments[\(name)].new_logos"
        guard let g = segments[s] else { return [:] }
        var out: [String: FitSource] = [:]
        let spread =
            "sd \(FitText.decimal(g.sampleSD, 1)), index of dispersion p = \(FitText.decimal(g.dispersionP, 3))"
        out["\(key).mean"] = FitSource(
            .estimated,
            "\(FitText.count(g.customers)) customers first seen after \(first.label), over \(periods) periods (mean \(FitText.decimal(g.mean, 1)) a period)"
        )
        out["\(key).sd"] =
            g.sd == nil
            ? FitSource(.estimated, "Poisson: counts per period no more spread than Poisson (\(spread))")
            : FitSource(.estimated, "negative binomial: counts per period over-dispersed (\(spread))")
        out["\(key).arr"] = FitSource(
            .estimated,
            "lognormal by method of moments on the first rows' log ARR (\(FitText.count(g.positiveARR)) new logos)"
                + (g.ramp == nil ? "" : ", divided by the ramp's start"))
        out["\(key).fit"] = FitSource(.estimated, "fit shares of the \(FitText.count(g.customers)) new logos' first rows")
        out["\(key).ramp"] =
            g.ramp.map { r in
                FitSource(
                    .estimated,
                    "\(FitText.count(g.firstExpanded)) of \(FitText.count(g.firstRows)) new logos expanded off milestones in their first period; "
                        + "\(r.periods) such periods, start = 1 / (1 + mean expansion ÷ first ARR over them)")
            }
            ?? FitSource(
                .estimated,
                "no ramp: \(FitText.count(g.firstExpanded)) of \(FitText.count(g.firstRows)) new logos expanded off milestones in their first period")
        out["\(key).start_shift"] =
            g.shift == nil
            ? FitSource(
                .estimated,
                "none: first rows' factor scores within two standard errors of their segment and fit's stationary mean (\(FitText.count(g.shiftRows)) rows)"
            )
            : FitSource(
                .estimated, "mean first-row factor score minus the stationary mean of its segment and fit (\(FitText.count(g.shiftRows)) new logos)")
        return out
    }
}
