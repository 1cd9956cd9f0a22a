/// A metric as reports show it: the point estimate, its confidence interval, and whether the
/// sample is too small to judge by it (with the reason, said out loud).
///
/// JSON: `{"value": 0.78, "ci_low": 0.75, "ci_high": 0.81, "insufficient": false}`; undefined
/// numbers (NaN) and absent intervals are `null`, and `reason` is present only when
/// `insufficient` is true.
public struct MetricValue: Sendable, Hashable, Codable {
    /// The estimate on the full sample (NaN when undefined, e.g. AUC without churners).
    public var value: Double
    public var ciLow: Double?
    public var ciHigh: Double?
    /// True when the sample is below `SampleSufficiency`'s minimums: the value is shown but is
    /// not a verdict.
    public var insufficient: Bool
    /// Why the sample is insufficient; nil otherwise.
    public var reason: String?

    public init(value: Double, interval: ConfidenceInterval? = nil, insufficientBecause reason: String? = nil) {
        self.value = value
        self.ciLow = interval?.low
        self.ciHigh = interval?.high
        self.insufficient = reason != nil
        self.reason = reason
    }

    /// The interval, when both ends are known.
    public var interval: ConfidenceInterval? {
        guard let ciLow, let ciHigh else { return nil }
        return ConfidenceInterval(low: ciLow, high: ciHigh)
    }

    enum CodingKeys: String, CodingKey {
        case value
        case ciLow = "ci_low"
        case ciHigh = "ci_high"
        case insufficient, reason
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        value = try c.decodeIfPresent(Double.self, forKey: .value) ?? .nan
        ciLow = try c.decodeIfPresent(Double.self, forKey: .ciLow)
        ciHigh = try c.decodeIfPresent(Double.self, forKey: .ciHigh)
        insufficient = try c.decode(Bool.self, forKey: .insufficient)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(value.isFinite ? value : nil, forKey: .value)
        try c.encode(ciLow.flatMap { $0.isFinite ? $0 : nil }, forKey: .ciLow)
        try c.encode(ciHigh.flatMap { $0.isFinite ? $0 : nil }, forKey: .ciHigh)
        try c.encode(insufficient, forKey: .insufficient)
        try c.encodeIfPresent(reason, forKey: .reason)
    }
}
