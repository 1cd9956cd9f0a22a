/// New customers a segment acquires (`segments[].new_logos`): from the second simulated period
/// on, each period brings a count of new logos drawn from Poisson(`mean`), or, with `sd` above
/// `√mean`, from a negative binomial with that mean and standard deviation (a Gamma-mixed
/// Poisson, for acquisition that comes in good and bad periods). The customers acquired in one
/// period are an acquisition cohort: their first panel row is that period.
///
/// A new logo is set up like a starting customer of its segment (fit, CSM, latent state at its
/// stationary mean plus spread, contract) except: `fit` and `arr` default to the segment's but
/// may differ; it starts engaged (not dark); `start_shift` moves its starting latent state
/// (e.g. `{direction: -0.6}` for customers still onboarding, which fades with the latent
/// persistence and so concentrates churn early in the customer's life); and with `ramp` it
/// starts at `ramp.start` of its ARR and reaches the full amount in `ramp.periods` equal steps,
/// each recorded as `expansion_arr`.
public struct NewLogoSpec: Sendable, Hashable, Codable {
    /// Linear ramp from a share of the contracted ARR to all of it.
    public struct Ramp: Sendable, Hashable, Codable {
        /// Share of the ARR at acquisition, in (0, 1].
        public var start: Double
        /// Periods to reach the full ARR.
        public var periods: Int

        public init(start: Double, periods: Int) {
            self.start = start
            self.periods = periods
        }

        enum CodingKeys: String, CodingKey { case start, periods }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            start = try c.probability(.start)
            if start == 0 { throw c.invalid(.start, "`start` must be in (0, 1], found 0") }
            periods = try c.count(.periods, atMost: PeriodCountLimit.self)
        }
    }

    /// Added to a new logo's starting latent state.
    public struct StartShift: Sendable, Hashable, Codable {
        public var direction: Double
        public var experience: Double

        public init(direction: Double = 0, experience: Double = 0) {
            self.direction = direction
            self.experience = experience
        }

        enum CodingKeys: String, CodingKey { case direction, experience }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            direction = try c.finite(.direction, default: 0)
            experience = try c.finite(.experience, default: 0)
        }
    }

    /// Expected new logos per period.
    public var mean: Double
    /// Standard deviation of the count per period; nil for Poisson (`√mean`).
    public var sd: Double?
    public var arr: SegmentSpec.ARRDistribution?
    public var fit: SegmentSpec.FitMix?
    public var ramp: Ramp?
    public var startShift: StartShift?

    public init(
        mean: Double, sd: Double? = nil, arr: SegmentSpec.ARRDistribution? = nil, fit: SegmentSpec.FitMix? = nil,
        ramp: Ramp? = nil, startShift: StartShift? = nil
    ) {
        self.mean = mean
        self.sd = sd
        self.arr = arr
        self.fit = fit
        self.ramp = ramp
        self.startShift = startShift
    }

    enum CodingKeys: String, CodingKey {
        case mean, sd, arr, fit, ramp
        case startShift = "start_shift"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mean = try c.nonNegative(.mean)
        if mean > 1e7 { throw c.invalid(.mean, "`mean` must be at most 10,000,000 new logos a period, found \(mean)") }
        sd = try c.checkedIfPresent(.sd, NonNegative.self)
        if let sd, sd * sd < mean * (1 - 1e-12) {
            throw c.invalid(
                .sd, "`sd` must be at least sqrt(mean) = \(mean.squareRoot()) (a Poisson count's); omit it for Poisson, found \(sd)")
        }
        arr = try c.decodeIfPresent(SegmentSpec.ARRDistribution.self, forKey: .arr)
        fit = try c.decodeIfPresent(SegmentSpec.FitMix.self, forKey: .fit)
        ramp = try c.decodeIfPresent(Ramp.self, forKey: .ramp)
        startShift = try c.decodeIfPresent(StartShift.self, forKey: .startShift)
    }

    /// Gamma shape of the negative binomial's mixing distribution, `mean² / (sd² − mean)`; nil
    /// for Poisson (no `sd`, or `sd² = mean`).
    var gammaShape: Double? {
        guard let sd, sd * sd > mean * (1 + 1e-12), mean > 0 else { return nil }
        return mean * mean / (sd * sd - mean)
    }
}
