import BearingPanel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A probability per period as a logistic function of a customer's latent state:
///
///     p = 1 / (1 + exp(-(intercept + direction·d + experience·e + dark·k + fit[f])))
///
/// where `d` and `e` are the customer's latent direction and experience at the start of the
/// period, `k` is 1 when the customer is dark (0 otherwise) and `f` its fit. Every key but
/// `intercept` defaults to 0, so `{intercept: -3}` is a constant hazard of logistic(-3) ≈ 4.7%.
public struct LogisticEffect: Sendable, Hashable, Codable {
    public var intercept: Double
    public var direction: Double
    public var experience: Double
    public var dark: Double
    public var fit: FitEffect

    public init(intercept: Double, direction: Double = 0, experience: Double = 0, dark: Double = 0, fit: FitEffect = FitEffect()) {
        self.intercept = intercept
        self.direction = direction
        self.experience = experience
        self.dark = dark
        self.fit = fit
    }

    /// A constant probability `p` in (0, 1): intercept = logit(p), all slopes 0.
    public static func constant(_ p: Double) -> LogisticEffect {
        LogisticEffect(intercept: log(p / (1 - p)))
    }

    /// The probability for one latent state (double precision reference; the engine uses a
    /// Float32 form with the same inputs).
    public func probability(direction d: Double, experience e: Double, dark k: Bool, fit f: Fit) -> Double {
        let eta = intercept + direction * d + experience * e + (k ? dark : 0) + fit[f]
        return 1 / (1 + exp(-eta))
    }

    enum CodingKeys: String, CodingKey {
        case intercept, direction, experience, dark, fit
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        intercept = try c.finite(.intercept)
        direction = try c.finite(.direction, default: 0)
        experience = try c.finite(.experience, default: 0)
        dark = try c.finite(.dark, default: 0)
        fit = try c.decodeIfPresent(FitEffect.self, forKey: .fit) ?? FitEffect()
    }
}
