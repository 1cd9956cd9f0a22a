import BearingPanel

/// The metrics file of a raw-tables import (`--metrics METRICS.yaml`): how each metric of the
/// events table becomes panel features.
///
/// ```yaml
/// window: previous_period      # optional; or same_period (see below)
/// metrics:
///   logins:                    # the events table's `metric` value
///     group: engagement        # outcome | experience | engagement | attribute
///     feature: logins          # panel column engagement.logins (default: the metric name)
///     aggregation: count       # sum | mean | last | count | days_since_last
///     trend: logins_change     # optional: engagement.logins_change = this period − the previous
///   contact:                   # one metric may feed several features: a list
///     - {group: engagement, feature: days_since_contact, aggregation: days_since_last}
///     - {group: engagement, feature: contacts, aggregation: count}
/// ```
///
/// **Window.** A panel row of period P describes the customer at the start of P (its churn
/// happens during P), so by default its features aggregate the events of the period before P
/// (`previous_period`); `same_period` uses the events of P itself (only for signals that
/// cannot leak the outcome). `days_since_last` counts days from the last event before the end
/// of the window (any time before, not only in the window) to the window's end.
///
/// **Empty windows.** `count` and `sum` give 0; `mean`, `last` and `days_since_last` give a
/// missing value. **Milestones** need no entry: events whose metric is `milestone:<name>`
/// set the row's `milestone`/`milestone_reached` (see `RawTablesImporter`).
public struct MetricCatalog: Sendable, Hashable, Decodable {
    /// How the events of a window become one value.
    public enum Aggregation: String, Sendable, Hashable, Codable, CaseIterable {
        case sum, mean, last, count
        case daysSinceLast = "days_since_last"
    }

    /// Which events a row's features aggregate.
    public enum Window: String, Sendable, Hashable, Codable, CaseIterable {
        /// The period before the row's period (features as known at the start of the period).
        case previousPeriod = "previous_period"
        /// The row's own period.
        case samePeriod = "same_period"
    }

    /// One feature made from a metric.
    public struct Feature: Sendable, Hashable, Decodable {
        /// The feature's group (its column prefix).
        public var group: FeatureGroup
        /// Column name after the prefix; nil: the metric's name.
        public var feature: String?
        /// How a window's events become the value.
        public var aggregation: Aggregation
        /// Name (in the same group) of the change-vs-previous-period feature, if wanted.
        public var trend: String?

        public init(group: FeatureGroup, feature: String?, aggregation: Aggregation, trend: String? = nil) {
            self.group = group
            self.feature = feature
            self.aggregation = aggregation
            self.trend = trend
        }
    }

    /// A metric and the features it feeds.
    public struct Metric: Sendable, Hashable {
        /// The `metric` value in the events table.
        public var name: String
        /// The features it feeds, in file order.
        public var features: [Feature]

        public init(name: String, features: [Feature]) {
            self.name = name
            self.features = features
        }

        /// Full panel names: each feature, then its trend.
        public var panelColumns: [String] {
            features.flatMap { f in
                [f.group.prefix + (f.feature ?? name)] + (f.trend.map { [f.group.prefix + $0] } ?? [])
            }
        }
    }

    /// Which events a row aggregates (default: the previous period's).
    public var window: Window
    /// Metrics in file order (the order of the panel's features).
    public var metrics: [Metric]

    public init(window: Window = .previousPeriod, metrics: [Metric]) {
        self.window = window
        self.metrics = metrics
    }

    /// Every feature column, in file order.
    public var panelColumns: [String] { metrics.flatMap(\.panelColumns) }

    enum CodingKeys: String, CodingKey {
        case window, metrics
    }

    struct NameKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        window = try c.decodeIfPresent(Window.self, forKey: .window) ?? .previousPeriod
        let entries = try c.nestedContainer(keyedBy: NameKey.self, forKey: .metrics)
        var metrics: [Metric] = []
        var seen = Set<String>()
        for key in entries.allKeys {
            let name = key.stringValue
            if name.hasPrefix("milestone:") {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: entries,
                    debugDescription: "'\(name)': milestone events need no entry (milestone:<name> sets the milestone columns)")
            }
            let features: [Feature]
            if (try? entries.nestedUnkeyedContainer(forKey: key)) != nil {
                features = try entries.decode([Feature].self, forKey: key)
            } else {
                features = [try entries.decode(Feature.self, forKey: key)]
            }
            let metric = Metric(name: name, features: features)
            for column in metric.panelColumns {
                guard FeatureGroup(columnName: column) != nil, !column.contains(where: { $0 == "\n" || $0 == "\r" }) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: key, in: entries, debugDescription: "'\(name)' makes an invalid feature name '\(column)'")
                }
                guard seen.insert(column).inserted else {
                    throw DecodingError.dataCorruptedError(
                        forKey: key, in: entries, debugDescription: "'\(name)' makes feature '\(column)' a second time")
                }
            }
            metrics.append(metric)
        }
        self.metrics = metrics
    }
}
