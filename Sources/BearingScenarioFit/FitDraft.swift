import BearingPanel
import BearingSimulation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Everything a fit estimates except the book, and the knobs the moment matching turns; makes
/// the scenario for a given book and horizon. Every number is rounded to 4 significant digits
/// on the way out (`Rounding`).
struct FitDraft: Sendable {
    var direction: LatentProcess
    var experience: LatentProcess
    /// By panel segment index.
    var segmentDirection: [Double]
    var segmentExperience: [Double]
    var segmentSkillSD: [Double]
    var segmentUpsell: [Double]
    var categories: LatentCategoryThresholds
    var goingDark: LogisticEffect
    var recovery: LogisticEffect
    var hazards: Hazards
    var milestones: [MilestoneSpec]
    var features: [FeatureSpec]
    /// By panel segment index: contract terms (empty: every customer decides every period) and
    /// new-logo acquisition (nil: none).
    var segmentContracts: [[ContractTermSpec]] = []
    var segmentNewLogos: [NewLogoSpec?] = []

    /// The scenario of `book` over `count` periods from `start`; without `newLogos` the segments
    /// acquire nobody (the matching simulates the starting book only).
    func scenario(
        name: String, description: String?, book: BookSnapshot, start: Period, count: Int, darkInitial: Double,
        stretchCountsAsGood: Bool, newLogos: Bool = true
    ) -> Scenario {
        let r = { (x: Double) in Rounding.significant(x) }
        let segments = book.segments.map { s in
            let mix = Rounding.shares(s.fits)
            return SegmentSpec(
                name: s.name, customers: s.customers,
                arr: .init(median: s.positiveARR > 0 ? r(exp(s.logMean)) : 1, sigma: r(s.logSD)),
                fit: .init(good: mix[0], stretch: mix[1], bad: mix[2]), csms: max(1, s.csms),
                csmSkillSD: r(segmentSkillSD[s.index]), directionEffect: r(segmentDirection[s.index]),
                experienceEffect: r(segmentExperience[s.index]), upsellMultiplier: r(segmentUpsell[s.index]),
                contracts: s.index < segmentContracts.count ? segmentContracts[s.index].map(Self.rounded) : [],
                newLogos: newLogos && s.index < segmentNewLogos.count ? segmentNewLogos[s.index].map(Self.rounded) : nil)
        }
        return Scenario(
            name: name, description: description, periods: ScenarioPeriods(start: start, count: count), segments: segments,
            latent: LatentDynamics(direction: Self.rounded(direction), experience: Self.rounded(experience)),
            categories: LatentCategoryThresholds(
                positive: .init(direction: r(categories.positive.direction), experience: categories.positive.experience.map(r)),
                negative: .init(direction: r(categories.negative.direction), experience: categories.negative.experience.map(r))),
            dark: DarkDynamics(
                initial: min(1, max(0, r(darkInitial))), goingDark: Self.rounded(goingDark), recovery: Self.rounded(recovery)),
            hazards: Hazards(
                churn: Self.rounded(hazards.churn), contraction: Self.rounded(hazards.contraction),
                contractionShare: .init(min: r(hazards.contractionShare.min), max: r(hazards.contractionShare.max))),
            milestones: milestones.map { m in
                MilestoneSpec(
                    name: m.name, upsellARR: r(m.upsellARR), reach: Self.rounded(m.reach),
                    take: .init(
                        positive: min(1, r(m.take.positive)), neutral: min(1, r(m.take.neutral)),
                        negative: min(1, r(m.take.negative)), ghost: min(1, r(m.take.ghost))))
            },
            features: features.map { f in
                FeatureSpec(
                    name: f.name, center: r(f.center), scale: r(f.scale),
                    loadings: .init(direction: r(f.loadings.direction), experience: r(f.loadings.experience), dark: r(f.loadings.dark)),
                    noise: r(f.noise), missing: min(1, r(f.missing)), min: f.min.map(r), max: f.max.map(r))
            },
            shocks: [], trueLink: nil, stretchCountsAsGood: stretchCountsAsGood)
    }

    static func rounded(_ e: LogisticEffect) -> LogisticEffect {
        let r = { (x: Double) in Rounding.significant(x) }
        return LogisticEffect(
            intercept: r(e.intercept), direction: r(e.direction), experience: r(e.experience), dark: r(e.dark),
            fit: FitEffect(good: r(e.fit.good), stretch: r(e.fit.stretch), bad: r(e.fit.bad)))
    }

    static func rounded(_ c: ContractTermSpec) -> ContractTermSpec {
        let r = { (x: Double) in Rounding.significant(x) }
        return ContractTermSpec(
            termMonths: c.termMonths, share: c.share, renewalMonth: c.renewalMonth,
            uplift: c.uplift.map { .init(mean: r($0.mean), sd: r($0.sd)) }, earlyTermination: min(1, r(c.earlyTermination)))
    }

    static func rounded(_ n: NewLogoSpec) -> NewLogoSpec {
        let r = { (x: Double) in Rounding.significant(x) }
        let mean = r(n.mean)
        // A rounded sd below √mean would not be a negative binomial's: Poisson then.
        let sd = n.sd.map(r).flatMap { $0 * $0 >= mean ? $0 : nil }
        return NewLogoSpec(
            mean: mean, sd: sd, arr: n.arr.map { .init(median: r($0.median), sigma: r($0.sigma)) }, fit: n.fit,
            ramp: n.ramp.map { .init(start: min(1, max(0.0001, r($0.start))), periods: $0.periods) },
            startShift: n.startShift.map { .init(direction: r($0.direction), experience: r($0.experience)) })
    }

    static func rounded(_ p: LatentProcess) -> LatentProcess {
        let r = { (x: Double) in Rounding.significant(x) }
        return LatentProcess(
            drift: r(p.drift), persistence: r(p.persistence), noise: r(p.noise), initialSD: p.initialSD.map(r),
            fit: FitEffect(good: r(p.fit.good), stretch: r(p.fit.stretch), bad: r(p.fit.bad)), csmSkill: r(p.csmSkill))
    }
}
