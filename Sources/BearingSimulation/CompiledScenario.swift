import BearingPanel

/// Which keyed stream a draw comes from. The raw values are part of the output contract:
/// changing one changes every simulation.
enum DrawPurpose: UInt32 {
    /// Per customer, period 0: fit, ARR, CSM, starting latent state, starting dark state.
    case customerSetup = 1
    /// Per CSM (in place of the customer index), period 0: latent skill.
    case csmSkill = 2
    /// Per customer-period: churn, contraction, milestone, dark transition, latent innovations.
    case dynamics = 3
    /// Per customer-period: feature noise, then missingness.
    case features = 4
    /// Per segment (in place of the customer index) and period: the number of new logos.
    case newLogos = 5
}

/// A contract term compiled for the hot loop.
struct CompiledContract: Sendable {
    /// Cumulative share of the segment's contracts before this one and up to it (1 for its last).
    var lowerCut: Double
    var cut: Double
    var termMonths: Int
    /// Calendar month 0...11 in which starting customers' terms end, or -1 (spread out).
    var renewalMonth: Int
    var earlyTermination: Float
    var upliftMean: Double
    var upliftSD: Double
    var hasUplift: Bool { upliftMean > 0 || upliftSD > 0 }
}

/// A logistic function of the latent state in Float32, with the fit effect folded into the
/// intercept (indexed by `Fit.rawValue`, so the hot loop resolves a customer's fit once).
struct CompiledLogistic: Sendable {
    var intercepts: SIMD4<Float>
    var direction: Float
    var experience: Float
    var dark: Float

    init(_ effect: LogisticEffect) {
        intercepts = SIMD4(
            Float(effect.intercept + effect.fit.good), Float(effect.intercept + effect.fit.stretch),
            Float(effect.intercept + effect.fit.bad), 0)
        direction = Float(effect.direction)
        experience = Float(effect.experience)
        dark = Float(effect.dark)
    }

    /// The linear predictor given the customer's fit-specific intercept.
    @inline(__always)
    func eta(_ intercept: Float, d: Float, e: Float, isDark: Bool) -> Float {
        intercept + direction * d + experience * e + (isDark ? dark : 0)
    }
}

/// The scenario turned into flat Float32 tables for the hot loop.
struct CompiledScenario: Sendable {
    struct Segment: Sendable {
        var firstCustomer: Int
        var customers: Int
        var goodCut: Double
        var stretchCut: Double
        var arrMedian: Double
        var arrSigma: Double
        var firstCSM: Int
        var csms: Int
        var skillSD: Double
        var upsellMultiplier: Double
        /// Latent AR(1) input without the CSM-skill term, indexed by `Fit.rawValue`.
        var directionInput: SIMD4<Float>
        var experienceInput: SIMD4<Float>
        /// The segment's contracts in `CompiledScenario.contracts` (count 0 without contracts).
        /// Indices, not an array, so the segment stays a plain value the hot loop copies freely.
        var firstContract: Int
        var contractCount: Int
        /// New logos per period: mean (0 = none) and the negative binomial's Gamma shape (0 = Poisson).
        var newLogoMean: Double
        var newLogoShape: Double
        var newLogoGoodCut: Double
        var newLogoStretchCut: Double
        var newLogoARRMedian: Double
        var newLogoARRSigma: Double
        /// Ramp: share of ARR at acquisition and periods to the full amount (1, 0 = no ramp).
        var rampStart: Double
        var rampPeriods: Int
        var startShiftDirection: Float
        var startShiftExperience: Float
    }

    struct Milestone: Sendable {
        var reach: CompiledLogistic
        /// Indexed by `VectorCategory.rawValue`.
        var take: SIMD4<Float>
        var upsell: Double
    }

    let periodCount: Int
    /// Months per period (3 or 1) and the month index (`year·12 + month − 1`) of the first period.
    let periodMonths: Int
    let startMonth: Int
    /// Whether any segment has contracts / new logos.
    let hasContracts: Bool
    let hasNewLogos: Bool
    /// Starting customers (new logos get the indices after them).
    let customerCount: Int
    let csmCount: Int
    let segments: [Segment]
    /// Every segment's contract terms, segment after segment.
    let contracts: [CompiledContract]
    let directionPersistence: Float
    let directionNoise: Float
    let directionStartSD: Float
    let directionSkill: Float
    let experiencePersistence: Float
    let experienceNoise: Float
    let experienceStartSD: Float
    let experienceSkill: Float
    let positiveDirection: Float
    let positiveExperience: Float
    let negativeDirection: Float
    let negativeExperience: Float
    let stretchCountsAsGood: Bool
    let darkInitial: Float
    let churn: CompiledLogistic
    let contraction: CompiledLogistic
    let goingDark: CompiledLogistic
    let recovery: CompiledLogistic
    let contractionShareMin: Double
    let contractionShareSpan: Double
    let milestones: [Milestone]
    /// Shock multipliers, index `segment * periodCount + period`.
    let churnShock: [Float]
    let darkShock: [Float]
    let contractionShock: [Float]
    let reachShock: [Float]
    // Features, one entry per feature in scenario order.
    let featureCount: Int
    let loadDirection: [Float]
    let loadExperience: [Float]
    let loadDark: [Float]
    let featureNoise: [Float]
    let featureCenter: [Float]
    let featureScale: [Float]
    let featureMissing: [Float]
    let featureMin: [Float]
    let featureMax: [Float]
    let hasLink: Bool
    let linkIntercept: Float
    let linkBeta: [Float]

    init(_ s: Scenario) {
        periodCount = s.periods.count
        var segs: [Segment] = []
        var firstCustomer = 0
        var firstCSM = 0
        var contracts: [CompiledContract] = []
        let dir = s.latent.direction
        let exp = s.latent.experience
        for spec in s.segments {
            func input(_ p: LatentProcess, _ shift: Double, _ fit: Fit) -> Float {
                Float(p.drift + p.fit[fit] + shift)
            }
            var cut = 0.0
            let firstContract = contracts.count
            for (k, term) in spec.contracts.enumerated() {
                cut += term.share
                contracts.append(
                    CompiledContract(
                        // The last cut is 1 exactly, so a uniform draw always finds a term.
                        lowerCut: cut - term.share, cut: k == spec.contracts.count - 1 ? 1 : cut, termMonths: term.termMonths,
                        renewalMonth: (term.renewalMonth ?? 0) - 1, earlyTermination: Float(term.earlyTermination),
                        upliftMean: term.uplift?.mean ?? 0, upliftSD: term.uplift?.sd ?? 0))
            }
            let newLogos = spec.newLogos
            let newFit = newLogos?.fit ?? spec.fit
            segs.append(
                Segment(
                    firstCustomer: firstCustomer, customers: spec.customers,
                    goodCut: spec.fit.good, stretchCut: spec.fit.good + spec.fit.stretch,
                    arrMedian: spec.arr.median, arrSigma: spec.arr.sigma,
                    firstCSM: firstCSM, csms: spec.csms, skillSD: spec.csmSkillSD,
                    upsellMultiplier: spec.upsellMultiplier,
                    directionInput: SIMD4(
                        input(dir, spec.directionEffect, .good), input(dir, spec.directionEffect, .stretch),
                        input(dir, spec.directionEffect, .bad), 0),
                    experienceInput: SIMD4(
                        input(exp, spec.experienceEffect, .good), input(exp, spec.experienceEffect, .stretch),
                        input(exp, spec.experienceEffect, .bad), 0),
                    firstContract: firstContract, contractCount: spec.contracts.count,
                    newLogoMean: newLogos?.mean ?? 0, newLogoShape: newLogos?.gammaShape ?? 0,
                    newLogoGoodCut: newFit.good, newLogoStretchCut: newFit.good + newFit.stretch,
                    newLogoARRMedian: newLogos?.arr?.median ?? spec.arr.median,
                    newLogoARRSigma: newLogos?.arr?.sigma ?? spec.arr.sigma,
                    rampStart: newLogos?.ramp?.start ?? 1, rampPeriods: newLogos?.ramp?.periods ?? 0,
                    startShiftDirection: Float(newLogos?.startShift?.direction ?? 0),
                    startShiftExperience: Float(newLogos?.startShift?.experience ?? 0)))
            firstCustomer += spec.customers
            firstCSM += spec.csms
        }
        segments = segs
        self.contracts = contracts
        periodMonths = s.periods.start.months
        startMonth = s.periods.start.firstMonthIndex
        hasContracts = !contracts.isEmpty
        hasNewLogos = s.periods.count > 1 && segs.contains { $0.newLogoMean > 0 }
        customerCount = firstCustomer
        csmCount = firstCSM
        directionPersistence = Float(dir.persistence)
        directionNoise = Float(dir.noise)
        directionStartSD = Float(dir.startSD)
        directionSkill = Float(dir.csmSkill)
        experiencePersistence = Float(exp.persistence)
        experienceNoise = Float(exp.noise)
        experienceStartSD = Float(exp.startSD)
        experienceSkill = Float(exp.csmSkill)
        positiveDirection = Float(s.categories.positive.direction)
        positiveExperience = Float(s.categories.positive.experience ?? -.infinity)
        negativeDirection = Float(s.categories.negative.direction)
        negativeExperience = Float(s.categories.negative.experience ?? -.infinity)
        stretchCountsAsGood = s.stretchCountsAsGood
        darkInitial = Float(s.dark.initial)
        churn = CompiledLogistic(s.hazards.churn)
        contraction = CompiledLogistic(s.hazards.contraction)
        goingDark = CompiledLogistic(s.dark.goingDark)
        recovery = CompiledLogistic(s.dark.recovery)
        contractionShareMin = s.hazards.contractionShare.min
        contractionShareSpan = s.hazards.contractionShare.max - s.hazards.contractionShare.min
        milestones = s.milestones.map {
            Milestone(
                reach: CompiledLogistic($0.reach),
                take: SIMD4(Float($0.take.positive), Float($0.take.neutral), Float($0.take.negative), Float($0.take.ghost)),
                upsell: $0.upsellARR)
        }
        let t = s.periods.count
        var churnShock = [Float](repeating: 1, count: s.segments.count * t)
        var darkShock = churnShock
        var contractionShock = churnShock
        var reachShock = churnShock
        for shock in s.shocks {
            guard let p = s.periods.offset(of: shock.period) else { continue }
            for (i, spec) in s.segments.enumerated() where shock.segments?.contains(spec.name) ?? true {
                churnShock[i * t + p] *= Float(shock.churn)
                darkShock[i * t + p] *= Float(shock.goingDark)
                contractionShock[i * t + p] *= Float(shock.contraction)
                reachShock[i * t + p] *= Float(shock.milestoneReach)
            }
        }
        self.churnShock = churnShock
        self.darkShock = darkShock
        self.contractionShock = contractionShock
        self.reachShock = reachShock
        let f = s.features
        featureCount = f.count
        loadDirection = f.map { Float($0.loadings.direction) }
        loadExperience = f.map { Float($0.loadings.experience) }
        loadDark = f.map { Float($0.loadings.dark) }
        featureNoise = f.map { Float($0.noise) }
        featureCenter = f.map { Float($0.center) }
        featureScale = f.map { Float($0.scale) }
        featureMissing = f.map { Float($0.missing) }
        featureMin = f.map { Float($0.min ?? -.infinity) }
        featureMax = f.map { Float($0.max ?? .infinity) }
        hasLink = s.trueLink != nil
        linkIntercept = Float(s.trueLink?.intercept ?? 0)
        linkBeta = f.map { Float(s.trueLink?.coefficients[$0.name] ?? 0) }
    }

    /// Whole periods in `months ≥ 0` months (a division by a constant, not a runtime divisor).
    @inline(__always)
    func periods(months: Int) -> Int {
        periodMonths == 3 ? months / 3 : months
    }

    @inline(__always)
    func category(d: Float, e: Float, isDark: Bool) -> VectorCategory {
        if isDark { return .ghost }
        if d <= negativeDirection || e <= negativeExperience { return .negative }
        if d >= positiveDirection && e >= positiveExperience { return .positive }
        return .neutral
    }

    func segmentIndex(ofCustomer c: Int) -> Int {
        segments.lastIndex(atMost: c) { $0.firstCustomer }
    }

    /// `segmentIndex(ofCustomer:)` walking on from `index`, the segment of a customer at or
    /// before `c` (the kernels visit customers in order).
    @inline(__always)
    func segmentIndex(ofCustomer c: Int, from index: Int) -> Int {
        var s = index
        while c >= segments[s].firstCustomer + segments[s].customers { s += 1 }
        return s
    }
}
