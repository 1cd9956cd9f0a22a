import BearingVector

/// Signs of the equal-weight health score: +1 when more of a feature means a healthier
/// customer, −1 when it means a less healthy one.
///
/// Rule, in order: (1) the sign a signs file gives (`HealthSignOverrides`, `--signs`); (2) the
/// sign of the feature's Pearson correlation with *not churning* on the training rows (missing
/// cells left out): the data's univariate direction; (3) when the training rows carry no
/// direction (fewer than two values, or a correlation of exactly 0), the sign the name carries
/// (`DomainSign`: effort/CES, support, tickets, days since contact, … are −1; usage, progress,
/// NPS, CSAT, … are +1); (4) else +1.
///
/// Names come last because they mislead: an add-on *tech support* service, which lowers churn,
/// reads as "support load" by name.
public enum HealthSigns {
    /// Name fragments (after the group prefix, lower-cased) that mark a signal where more is better.
    public static var goodMarkers: [String] { DomainSign.goodMarkers }

    /// Where a sign came from.
    public enum Source: String, Sendable, Hashable, Codable {
        case signsFile = "signs file"
        case correlation = "training correlation"
        case badMarker = "name: bad signal"
        case goodMarker = "name: good signal"
        case noSignal = "no training signal, unknown name: +1"
    }

    /// The sign by name alone, or nil when the name says nothing.
    public static func byName(_ featureName: String) -> (sign: Double, source: Source)? {
        DomainSign.recognise(featureName).map { ($0.sign, $0.sign < 0 ? .badMarker : .goodMarker) }
    }

    /// The sign of one feature by the rule above, from its training values and outcomes.
    static func sign(
        feature: String, values: ArraySlice<Float>, churned: ArraySlice<Bool>, overrides: HealthSignOverrides?
    ) -> FeatureSign {
        sign(feature: feature, overrides: overrides) { correlationSign(values: values, churned: churned) }
    }

    /// The sign of one feature by the rule above, `correlation` giving its correlation sign
    /// (asked only when no signs file names the feature).
    static func sign(feature: String, overrides: HealthSignOverrides?, correlation: () -> Double?) -> FeatureSign {
        let named = byName(feature)
        if let given = overrides?.signs[feature] {
            return FeatureSign(feature: feature, sign: Double(given), source: .signsFile, nameSign: named?.sign)
        }
        if let s = correlation() {
            return FeatureSign(feature: feature, sign: s, source: .correlation, nameSign: named?.sign)
        }
        if let named { return FeatureSign(feature: feature, sign: named.sign, source: named.source, nameSign: named.sign) }
        return FeatureSign(feature: feature, sign: 1, source: .noSignal, nameSign: nil)
    }

    /// Sign of the Pearson correlation between `values` (NaN skipped) and not churning, nil when
    /// it is undefined or 0 (fewer than two values, a constant feature, or no covariance).
    static func correlationSign(values: ArraySlice<Float>, churned: ArraySlice<Bool>) -> Double? {
        var n = 0.0
        var sx = 0.0
        var sy = 0.0
        for (x, c) in zip(values, churned) where !x.isNaN {
            n += 1
            sx += Double(x)
            sy += c ? 0 : 1
        }
        guard n > 1 else { return nil }
        let mx = sx / n
        let my = sy / n
        var cov = 0.0
        for (x, c) in zip(values, churned) where !x.isNaN {
            cov += (Double(x) - mx) * ((c ? 0 : 1) - my)
        }
        return cov < 0 ? -1 : (cov > 0 ? 1 : nil)
    }

    /// Sign of the Pearson correlation between `values[rows]` (NaN skipped) and not churning;
    /// +1 when it is undefined or 0.
    public static func correlationSign(values: [Float], churned: [Bool], rows: [Int32]) -> Double {
        correlationSign(values: ArraySlice(rows.map { values[Int($0)] }), churned: ArraySlice(rows.map { churned[Int($0)] })) ?? 1
    }
}
