import BearingPanel

/// Which of a panel's features the default weights understood by name.
///
/// Default weights (`score`, `forecast`, `comp` without `--weights`) take every feature's sign
/// from its name (`DomainSign`): a name Bearing does not know weighs +1, a guess. On a panel
/// whose column names match none of Bearing's vocabulary the default scores rank customers no
/// better than chance (an export scored AUC 0.545 so), so commands print `warning` when few or
/// none of the features were recognised.
public struct DefaultWeightsCoverage: Sendable, Hashable, Codable {
    /// A feature whose name matched the vocabulary.
    public struct Recognised: Sendable, Hashable, Codable {
        public var feature: String
        /// +1 (more is healthier) or −1 (more is worse).
        public var sign: Double
        /// The vocabulary entry the name matched (`usage`, `support`, `ces`, …).
        public var marker: String
    }

    /// Features the default weights use whose names matched the vocabulary.
    public var recognised: [Recognised]
    /// Features the default weights use with a guessed sign of +1.
    public var unrecognised: [String]
    /// `attribute.*` features, which the default weights (and the Success Vector) leave out.
    public var ignored: [String]
    /// Set when fewer than half of the used features were recognised, or none were.
    public var warning: String?

    /// Fewer recognised features than this share of the used ones draws the warning.
    public static let minimumShare = 0.5

    /// The coverage of `panel`'s feature names.
    public init(panel: HistoryPanel) {
        self.init(features: panel.features.map { ($0.name, $0.group) })
    }

    /// The coverage of features given by name and group, in order.
    public init(features: [(name: String, group: FeatureGroup)]) {
        var recognised: [Recognised] = []
        var unrecognised: [String] = []
        var ignored: [String] = []
        for (name, group) in features {
            if group == .attribute {
                ignored.append(name)
            } else if let r = DomainSign.recognise(name) {
                recognised.append(Recognised(feature: name, sign: r.sign, marker: r.marker))
            } else {
                unrecognised.append(name)
            }
        }
        self.recognised = recognised
        self.unrecognised = unrecognised
        self.ignored = ignored
        let used = recognised.count + unrecognised.count
        let advice = "calibrate weights on this history (`bearing calibrate`) and pass them with --weights"
        if used == 0 {
            warning =
                "the default weights use outcome.*, experience.* and engagement.* features and the panel has none"
                + (ignored.isEmpty ? "" : " (its \(ignored.count) attribute.* feature(s) are left out)") + ": scores carry no signal; " + advice
        } else if recognised.isEmpty {
            warning =
                "none of the \(used) feature names matched Bearing's vocabulary (e.g. usage, progress, nps, csat, ces, "
                + "support, tickets, days_since), so every default sign is a guess of +1 and scores may not rank churn; " + advice
        } else if Double(recognised.count) < Self.minimumShare * Double(used) {
            warning =
                "only \(recognised.count) of \(used) feature names matched Bearing's vocabulary; the other "
                + "\(unrecognised.count) weigh +1 by guess (\(unrecognised.prefix(5).joined(separator: ", "))"
                + (unrecognised.count > 5 ? ", …" : "") + "); " + advice
        } else {
            warning = nil
        }
    }
}
