import BearingVector

/// Domain signs of the equal-weight health score: +1 when more of a feature means a healthier
/// customer, −1 when it means a less healthy one.
///
/// Rule, in order: (1) a name with a bad-signal marker (`DomainSign.badMarkers`/`badTokens` of
/// BearingVector: effort/CES, support, tickets, days since contact, …) is −1; (2) a name with a
/// good-signal marker (`goodMarkers`: usage, progress, adoption, NPS, CSAT, …) is +1; (3) any
/// other feature takes the sign of its correlation with *not churning* on the training rows
/// (missing cells left out), +1 when that correlation is 0 or undefined.
public enum HealthSigns {
    /// Name fragments (after the group prefix, lower-cased) that mark a signal where more is better.
    public static let goodMarkers = [
        "usage", "progress", "adoption", "milestone", "nps", "csat", "satisfaction", "active", "login",
        "seats", "utilization", "utilisation", "engagement", "sentiment", "health", "growth", "attendance",
        "response_rate", "open_rate", "meetings", "contacts",
    ]

    /// Where a sign came from.
    public enum Source: String, Sendable, Hashable, Codable {
        case badMarker = "name: bad signal"
        case goodMarker = "name: good signal"
        case correlation = "training correlation"
    }

    /// The sign by name alone, or nil when the name says nothing.
    public static func byName(_ featureName: String) -> (sign: Double, source: Source)? {
        if DomainSign.of(featureName) < 0 { return (-1, .badMarker) }
        let lower = featureName.lowercased()
        let base = lower.split(separator: ".", maxSplits: 1).last.map(String.init) ?? lower
        if goodMarkers.contains(where: { base.contains($0) }) { return (1, .goodMarker) }
        return nil
    }

    /// Sign of the Pearson correlation between `values` (NaN skipped) and not churning.
    public static func correlationSign(values: [Float], churned: [Bool], rows: [Int32]) -> Double {
        var n = 0.0
        var sx = 0.0
        var sy = 0.0
        for r in rows where !values[Int(r)].isNaN {
            n += 1
            sx += Double(values[Int(r)])
            sy += churned[Int(r)] ? 0 : 1
        }
        guard n > 1 else { return 1 }
        let mx = sx / n
        let my = sy / n
        var cov = 0.0
        for r in rows where !values[Int(r)].isNaN {
            cov += (Double(values[Int(r)]) - mx) * ((churned[Int(r)] ? 0 : 1) - my)
        }
        return cov < 0 ? -1 : 1
    }
}
