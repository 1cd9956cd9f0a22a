import BearingPanel
import Foundation

/// The documented default `Weights`, used when no calibration exists (`score` without
/// `--weights`). It encodes domain signs only, not anything learned about churn:
///
/// - Standardisation: mean and population sd of each feature **estimated from the panel
///   being scored** (its non-missing values in the rows given); a constant or single-valued
///   feature gets sd = 1. So default scores are relative to that panel, not comparable across
///   panels; calibrated weights fix the standardisation at training time.
/// - Direction: every `outcome.*` feature weighs sign/√n_outcome; magnitude: every
///   `experience.*` feature weighs sign/√n_experience (unit variance for independent
///   features). The sign is −1 when the name says the signal is bad (`DomainSign.badMarkers`:
///   effort/CES, support load, tickets, escalations, days since contact, risk, …) and +1
///   otherwise (usage trend, milestone progress, NPS, CSAT, adoption, …).
/// - Ghost: `engagement.*days_since*` above 90 days; any other engagement feature more than
///   2 sd on its bad side (below the mean for good signals, above for bad ones).
/// - Categories: positive when direction > 0.2 and magnitude ≥ 0.4; negative when
///   direction < −0.4; else neutral.
/// - `attribute.*` features get no spec: the vector ignores them.
/// - Churn link: intercept = logit of the panel's observed churn rate per row with a known
///   outcome (clamped to 0.5%...50%; 2% when no churn flag is set), direction −0.8, magnitude −0.4, ghost +1.5.
///   These are uncalibrated priors: the probabilities order customers sensibly but are not
///   calibrated until `calibrate` has fitted the link.
public enum DefaultWeights {
    public static let positiveDirection = 0.2
    public static let positiveMagnitude = 0.4
    public static let negativeDirection = -0.4
    public static let ghostDaysSinceContact = 90.0
    public static let ghostSDs = 2.0

    /// Default weights for `panel`, standardised on `rows` (all rows when nil).
    public static func make(for panel: HistoryPanel, rows: [Int32]? = nil, bearingVersion: String) -> Weights {
        // `attribute.*` columns (plan, channel, …) are not vector signals: no spec at all.
        let signals = panel.features.filter { $0.group != .attribute }
        let rowCount = rows?.count ?? panel.rowCount
        let columns = zip(signals, ColumnMoments.of(signals, rows: rows)).map { column, moments in
            ColumnSummary(
                name: column.name, group: column.group, mean: moments.mean, sd: moments.sd, count: moments.count,
                missing: rowCount - moments.count)
        }
        // The churn rate counts rows whose outcome is known only (an open period has none yet).
        var known = 0
        var churned = 0
        func tally<Rows: Sequence<Int>>(_ rows: Rows) {
            for r in rows where panel.outcomeKnown.isEmpty || panel.outcomeKnown[r] {
                known += 1
                if panel.churned[r] { churned += 1 }
            }
        }
        let periods: [Period]
        if let rows {
            tally(rows.lazy.map { Int($0) })
            periods = Array(Set(rows.map { panel.period[Int($0)] })).sorted()
        } else {
            tally(0..<panel.rowCount)
            periods = panel.distinctPeriods
        }
        return make(
            columns: columns, churnRate: churned > 0 ? Double(churned) / Double(known) : nil, periods: periods,
            bearingVersion: bearingVersion)
    }

    /// One feature column summarised on the rows the default weights are made for: a
    /// `WeightedFeature` whose weights `make` ignores (its mean is 0 when no value is present,
    /// its standard deviation 1 when it is 0). One type, so calibration hands its
    /// standardisation over as it keeps it.
    public typealias ColumnSummary = WeightedFeature

    /// Default weights from column summaries computed elsewhere (calibration learns the same
    /// statistics once for all its fits). `attribute.*` columns are left out; `churnRate` is the
    /// observed churn rate per row with a known outcome, nil when no row churned.
    public static func make(columns: [ColumnSummary], churnRate: Double?, periods: [Period], bearingVersion: String) -> Weights {
        var specs: [WeightedFeature] = []
        var ghost: [GhostRule] = []
        let outcomeCount = columns.filter { $0.group == .outcome }.count
        let experienceCount = columns.filter { $0.group == .experience }.count
        for column in columns where column.group != .attribute {
            let sign = DomainSign.of(column.name)
            var spec = WeightedFeature(
                name: column.name, group: column.group, mean: column.mean, sd: column.sd, count: column.count,
                missing: column.missing)
            switch column.group {
            case .outcome: spec.direction = sign / Double(outcomeCount).squareRoot()
            case .experience: spec.magnitude = sign / Double(experienceCount).squareRoot()
            case .engagement:
                if column.name.contains("days_since") {
                    ghost.append(GhostRule(feature: column.name, side: .above, threshold: ghostDaysSinceContact))
                } else if sign > 0 {
                    ghost.append(GhostRule(feature: column.name, side: .below, threshold: column.mean - ghostSDs * column.sd))
                } else {
                    ghost.append(GhostRule(feature: column.name, side: .above, threshold: column.mean + ghostSDs * column.sd))
                }
            case .attribute: continue
            }
            specs.append(spec)
        }
        let rate = churnRate.map { min(0.5, max(0.005, $0)) } ?? 0.02
        return Weights(
            kind: .vector, features: specs,
            thresholds: CategoryThresholds(
                positiveDirection: positiveDirection, positiveMagnitude: positiveMagnitude,
                negativeDirection: negativeDirection, ghost: ghost),
            churnLink: ChurnLink(intercept: Foundation.log(rate / (1 - rate)), direction: -0.8, magnitude: -0.4, ghost: 1.5),
            provenance: Provenance(
                source: "default", periods: periods, bearingVersion: bearingVersion,
                note: "default weights: domain signs, standardisation estimated from the panel being scored"))
    }
}

/// The domain sign of a feature from its name: −1 for signals where more is worse.
public enum DomainSign {
    /// Name fragments (matched against the part after the group prefix, lower-cased) that
    /// mark a bad signal. `ces` must be a whole `_`-separated token (so `process` is not CES).
    public static let badMarkers = [
        "effort", "support", "ticket", "escalation", "complaint", "incident", "days_since",
        "churn", "risk", "decline", "bug", "outage", "error", "latency", "overdue",
    ]
    public static let badTokens: Set<String> = ["ces", "detractors"]
    /// Name fragments that mark a signal where more is better. They do not change the default
    /// sign (+1 either way); they tell a recognised good signal from a name Bearing does not know.
    public static let goodMarkers = [
        "usage", "progress", "adoption", "milestone", "nps", "csat", "satisfaction", "active", "login",
        "seats", "utilization", "utilisation", "engagement", "sentiment", "health", "growth", "attendance",
        "response_rate", "open_rate", "meetings", "contacts",
    ]

    public static func of(_ featureName: String) -> Double {
        recognise(featureName)?.sign ?? 1
    }

    /// The sign a name carries and the vocabulary entry it matched, or nil when the name matches
    /// none (its default sign, +1, is then a guess). Bad markers are checked first.
    public static func recognise(_ featureName: String) -> (sign: Double, marker: String)? {
        let lower = featureName.lowercased()
        let base = lower.split(separator: ".", maxSplits: 1).last.map(String.init) ?? lower
        if let m = badMarkers.first(where: { base.contains($0) }) { return (-1, m) }
        if let t = base.split(separator: "_").first(where: { badTokens.contains(String($0)) }) { return (-1, String(t)) }
        if let m = goodMarkers.first(where: { base.contains($0) }) { return (1, m) }
        return nil
    }
}
