/// How many bootstrap resamples to draw, from which seed, for intervals at which confidence.
/// Zero resamples turns the bootstrap off (values are reported without intervals).
public struct BootstrapSettings: Sendable, Hashable, Codable {
    /// Resamples (default 1,000; 0 = off).
    public var resamples: Int
    /// Seed of the resample streams: the same seed gives the same intervals.
    public var seed: UInt64
    /// Two-sided confidence level of the intervals (default 0.95).
    public var confidence: Double

    public static let defaultResamples = 1000
    public static let defaultSeed: UInt64 = 20_261_201

    public init(resamples: Int = defaultResamples, seed: UInt64 = defaultSeed, confidence: Double = 0.95) {
        self.resamples = resamples
        self.seed = seed
        self.confidence = confidence
    }

    /// Off: no resamples.
    public static let off = BootstrapSettings(resamples: 0)

    public var isOn: Bool { resamples > 0 }

    /// Why the settings cannot be used, or nil.
    public var problem: String? {
        if resamples < 0 { return "bootstrap resamples must be 0 (off) or more, found \(resamples)" }
        if resamples > 1_000_000 { return "bootstrap resamples must be at most 1,000,000, found \(resamples)" }
        if !(confidence > 0 && confidence < 1) { return "bootstrap confidence must lie strictly between 0 and 1, found \(confidence)" }
        return nil
    }

    /// The confidence level as sentences print it ("95%").
    public var confidenceLabel: String { Self.label(confidence) }

    /// A confidence level as a percentage ("95%", "99.5%").
    public static func label(_ confidence: Double) -> String {
        let percent = (confidence * 1000).rounded() / 10
        return percent == percent.rounded() ? "\(Int(percent))%" : "\(percent)%"
    }
}
