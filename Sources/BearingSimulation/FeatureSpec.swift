import BearingPanel

/// One observed feature column (`outcome.*`, `experience.*` or `engagement.*`) and how it
/// loads on the latent state.
///
/// Each customer-period, with `d`, `e` the latent direction and experience at the start of the
/// period and `k` = 1 when the customer is dark:
///
///     z = loadings.direction·d + loadings.experience·e + loadings.dark·k + noise·ε,  ε ~ Normal(0, 1)
///     x = center + scale·z, then clamped to [min, max] when given
///
/// `z` is the feature's *standardised value*: the `true_link` uses exactly `z`, i.e.
/// `(x - center) / scale` before clamping. With a stationary latent state of unit variance,
/// loadings and noise whose squares sum to 1, and no dark loading, `z` has mean 0 and
/// standard deviation 1, so `center` and `scale` are the feature's mean and standard
/// deviation. The cell is then left empty (missing) with probability `missing`,
/// independently of everything else; missingness never changes what the link saw.
public struct FeatureSpec: Sendable, Hashable, Codable {
    public struct Loadings: Sendable, Hashable, Codable {
        public var direction: Double
        public var experience: Double
        public var dark: Double

        public init(direction: Double = 0, experience: Double = 0, dark: Double = 0) {
            self.direction = direction
            self.experience = experience
            self.dark = dark
        }

        enum CodingKeys: String, CodingKey { case direction, experience, dark }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            direction = try c.finite(.direction, default: 0)
            experience = try c.finite(.experience, default: 0)
            dark = try c.finite(.dark, default: 0)
        }
    }

    public var name: String
    public var group: FeatureGroup
    public var center: Double
    public var scale: Double
    public var loadings: Loadings
    public var noise: Double
    public var missing: Double
    public var min: Double?
    public var max: Double?

    public init(
        name: String, center: Double = 0, scale: Double = 1, loadings: Loadings, noise: Double,
        missing: Double = 0, min: Double? = nil, max: Double? = nil
    ) {
        self.name = name
        self.group = FeatureGroup(columnName: name) ?? .outcome
        self.center = center
        self.scale = scale
        self.loadings = loadings
        self.noise = noise
        self.missing = missing
        self.min = min
        self.max = max
    }

    enum CodingKeys: String, CodingKey {
        case name, center, scale, loadings, noise, missing, min, max
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        guard let group = FeatureGroup(columnName: name) else {
            throw c.invalid(.name, "feature name '\(name)' must start with outcome., experience. or engagement.")
        }
        self.group = group
        center = try c.finite(.center, default: 0)
        scale = try c.positive(.scale, default: 1)
        loadings = try c.decodeIfPresent(Loadings.self, forKey: .loadings) ?? Loadings()
        noise = try c.nonNegative(.noise)
        missing = try c.probability(.missing, default: 0)
        min = try c.checkedIfPresent(.min, AnyFinite.self)
        max = try c.checkedIfPresent(.max, AnyFinite.self)
        if let min, let max, min > max { throw c.invalid(.max, "`max` (\(max)) must be >= `min` (\(min))") }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(center, forKey: .center)
        try c.encode(scale, forKey: .scale)
        try c.encode(loadings, forKey: .loadings)
        try c.encode(noise, forKey: .noise)
        try c.encode(missing, forKey: .missing)
        try c.encodeIfPresent(min, forKey: .min)
        try c.encodeIfPresent(max, forKey: .max)
    }
}
