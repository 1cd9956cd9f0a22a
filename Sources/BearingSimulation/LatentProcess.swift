#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The AR(1) process of one latent axis (direction or experience) of every customer.
///
/// From the start of period p to the start of period p + 1:
///
///     x[p+1] = persistence·x[p] + input + noise·ε,   ε ~ Normal(0, 1)
///     input  = drift + fit[f] + segment effect + csm_skill·s
///
/// where `f` is the customer's fit and `s` the latent skill of its CSM (Normal(0, csm_skill_sd)
/// of its segment). With |persistence| < 1 the process is stationary around
/// `input / (1 - persistence)` with standard deviation `noise / sqrt(1 - persistence²)`.
/// A customer starts (period 0) at its stationary mean plus `initial_sd·ε`; without
/// `initial_sd` the stationary standard deviation is used, so the base starts in equilibrium.
public struct LatentProcess: Sendable, Hashable, Codable {
    public var drift: Double
    /// In (-1, 1).
    public var persistence: Double
    /// Standard deviation of the innovation, >= 0.
    public var noise: Double
    /// Spread of the starting values; nil means the stationary standard deviation.
    public var initialSD: Double?
    /// Added to the input for each fit.
    public var fit: FitEffect
    /// Input per unit of CSM skill.
    public var csmSkill: Double

    public init(
        drift: Double = 0, persistence: Double, noise: Double, initialSD: Double? = nil,
        fit: FitEffect = FitEffect(), csmSkill: Double = 0
    ) {
        self.drift = drift
        self.persistence = persistence
        self.noise = noise
        self.initialSD = initialSD
        self.fit = fit
        self.csmSkill = csmSkill
    }

    /// Standard deviation of the stationary distribution: noise / sqrt(1 - persistence²).
    public var stationarySD: Double { noise / (1 - persistence * persistence).squareRoot() }

    /// The starting spread actually used.
    public var startSD: Double { initialSD ?? stationarySD }

    /// Stationary mean for a given constant input.
    public func stationaryMean(input: Double) -> Double { input / (1 - persistence) }

    enum CodingKeys: String, CodingKey {
        case drift, persistence, noise
        case initialSD = "initial_sd"
        case fit
        case csmSkill = "csm_skill"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        drift = try c.finite(.drift, default: 0)
        persistence = try c.checked(.persistence, OpenSymmetricUnitInterval.self)
        noise = try c.nonNegative(.noise)
        initialSD = try c.checkedIfPresent(.initialSD, NonNegative.self)
        fit = try c.decodeIfPresent(FitEffect.self, forKey: .fit) ?? FitEffect()
        csmSkill = try c.finite(.csmSkill, default: 0)
    }
}

/// The latent state of every customer: two AR(1) axes, direction (heading toward or away from
/// its required outcome) and experience (strength of the appropriate experience carrying it).
/// The two innovations are independent.
public struct LatentDynamics: Sendable, Hashable, Codable {
    public var direction: LatentProcess
    public var experience: LatentProcess

    public init(direction: LatentProcess, experience: LatentProcess) {
        self.direction = direction
        self.experience = experience
    }
}
