import Testing

@testable import BearingForecast

/// Values printed by `reference/bdw_reference.py` (scipy 1.17: Nelder–Mead then BFGS on the
/// log-parameters, several starts; `scipy.special.betaln` for the closed forms; lifetimes by
/// 100,000 terms plus an Euler–Maclaurin tail integrated with `scipy.integrate.quad`); output
/// kept in `reference/bdw_reference.json`. scipy's optimum is itself good to about 1e-7
/// relative (its sBG fit at c = 1 lands 4e-8 from the Newton one), hence the 1e-5 tolerance.
enum BdWReference {
    static let regular = SBGReference.regular
    static let highEnd = SBGReference.highEnd

    static let regularAlpha = 0.45561401913958766, regularBeta = 0.7793255556056682, regularC = 1.2834512360848123
    static let regularLogLikelihood = -1679.6028329071778
    static let regularStandardErrors = [0.16704087253210698, 0.28270898554172913, 0.29809407308846064]
    static let highEndAlpha = 0.2142533180454418, highEndBeta = 1.4265747657192691, highEndC = 1.7235649542097102
    static let highEndLogLikelihood = -1605.3142132141927
    static let highEndStandardErrors = [0.05957952871922244, 0.38140755293619644, 0.3010424823608861]
    static let pooledAlpha = 0.32593511315837803, pooledBeta = 0.9789264911714199, pooledC = 1.3721624160874164
    static let pooledLogLikelihood = -3390.76954134502
    /// S(0)…S(12) at the scipy fits (years 8–12 are the paper's holdout).
    static let regularSurvival = [
        1.0, 0.6310637148108464, 0.4674453316095586, 0.3815444789091596, 0.3277044093600573, 0.2902697316067118, 0.26244715824197756,
        0.24079059369099648, 0.22335317189672127, 0.20894542078997413, 0.19679610344885676, 0.18638128301283868, 0.17733139605318832,
    ]
    static let highEndSurvival = [
        1.0, 0.8694236646938297, 0.7403651922021627, 0.6552886490512609, 0.5961616915773105, 0.5523298924047836, 0.5182001296926196,
        0.49063706684694675, 0.4677523761779581, 0.4483379117167734, 0.4315817441661314, 0.41691588041045735, 0.4039295953650221,
    ]
    /// Likelihood-ratio statistic 2(ln L_BdW − ln L_sBG) and chi2.sf(·, 1).
    static let regularLR = 1.3247111122177557, regularP = 0.24974830035356388
    static let highEndLR = 11.68786835392666, highEndP = 0.0006290892970395893
    /// DEL(0.1) and DERL(0.1) after 7 renewals at the scipy fits.
    static let regularDEL10 = 3.7291359337543932, regularDERL10After7 = 7.18142556539169
    static let highEndDEL10 = 6.093083172048429, highEndDERL10After7 = 8.318878121792608
    /// At α = 0.7, β = 1.2: P(T=1…5) and S(1…5) with c = 0.8, S(1…5) with c = 1.5.
    static let p08 = [0.3684210526315792, 0.12190953522069625, 0.07071903435570426, 0.04793550046584083, 0.035320116753575215]
    static let s08 = [0.6315789473684208, 0.5096694121477245, 0.4389503777920203, 0.39101487732617946, 0.35569476057260424]
    static let s15 = [0.6315789473684208, 0.4051932986858155, 0.29043772888948716, 0.22408567334521237, 0.1815083978795483]
    /// ln L of years 0–7 of the regular cohort at α = β = 1, c = 1.3.
    static let regularLogLikelihoodAt1113 = -1825.3084388499688
    /// E[T] = Σ S(t) (and discounted forms) at fixed parameters.
    static let lifetimeA35B2C08 = 2.1644485449999755
    static let lifetimeA15B2C13 = 2.9421671822086806
    static let lifetimeA5B3C03 = 62.64177337142915
    static let lifetimeA105B2C1 = 40.99999999944592
    static let del05A07B12C08 = 6.074170779937502
    static let derl05After4A07B12C08 = 10.802320403902554
}

@Suite struct BetaDiscreteWeibullTests {
    func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }
    func years0to7(_ series: [Int], _ name: String = "all") -> SurvivalCounts {
        SurvivalCounts(cohort: name, survivors: Array(series[0...7]))
    }

    @Test func closedFormsMatchScipy() throws {
        let m = try BetaDiscreteWeibull(alpha: 0.7, beta: 1.2, c: 0.8)
        let steep = try BetaDiscreteWeibull(alpha: 0.7, beta: 1.2, c: 1.5)
        for t in 1...5 {
            #expect(relative(m.churnProbability(at: t), BdWReference.p08[t - 1]) < 1e-12, "P(T=\(t))")
            #expect(relative(m.survival(at: t), BdWReference.s08[t - 1]) < 1e-12, "S(\(t))")
            #expect(relative(steep.survival(at: t), BdWReference.s15[t - 1]) < 1e-12, "S(\(t)), c = 1.5")
            #expect(relative(m.retentionRate(at: t), m.survival(at: t) / m.survival(at: t - 1)) < 1e-13)
            // P(T=t) = S(t−1) − S(t).
            #expect(abs(m.churnProbability(at: t) - (m.survival(at: t - 1) - m.survival(at: t))) < 1e-15)
        }
        #expect(m.survival(at: 0) == 1 && m.churnProbability(at: 0) == 0)
        #expect(m.survivalCurve(through: 5).count == 6)
        #expect(relative(m.meanChurnProbability, m.churnProbability(at: 1)) < 1e-14)
    }

    /// c = 1 is the sBG model: the same survival, churn and retention, 60 periods out.
    @Test func shapeOneIsShiftedBetaGeometric() throws {
        let bdw = try BetaDiscreteWeibull(alpha: 0.7, beta: 1.2, c: 1)
        let sbg = try #require(bdw.shiftedBetaGeometric)
        for t in 1...60 {
            #expect(relative(bdw.survival(at: t), sbg.survival(at: t)) < 1e-12, "S(\(t))")
            #expect(relative(bdw.churnProbability(at: t), sbg.churnProbability(at: t)) < 1e-11, "P(T=\(t))")
            #expect(relative(bdw.retentionRate(at: t), sbg.retentionRate(at: t)) < 1e-13, "r(\(t))")
        }
        let counts = [years0to7(SBGReference.regular)]
        #expect(abs(bdw.logLikelihood(counts) - sbg.logLikelihood(counts)) < 1e-9)
        #expect(try BetaDiscreteWeibull(alpha: 0.7, beta: 1.2, c: 1.1).shiftedBetaGeometric == nil)
    }

    @Test func likelihoodMatchesScipyAtFixedParameters() throws {
        let m = try BetaDiscreteWeibull(alpha: 1, beta: 1, c: 1.3)
        #expect(relative(m.logLikelihood([years0to7(SBGReference.regular)]), BdWReference.regularLogLikelihoodAt1113) < 1e-12)
    }

    @Test(arguments: [
        (
            SBGReference.regular, BdWReference.regularAlpha, BdWReference.regularBeta, BdWReference.regularC,
            BdWReference.regularLogLikelihood, BdWReference.regularStandardErrors
        ),
        (
            SBGReference.highEnd, BdWReference.highEndAlpha, BdWReference.highEndBeta, BdWReference.highEndC,
            BdWReference.highEndLogLikelihood, BdWReference.highEndStandardErrors
        ),
    ])
    func publishedCohortsMatchScipy(
        series: [Int], alpha: Double, beta: Double, c: Double, logLikelihood: Double, standardErrors: [Double]
    ) throws {
        let fit = try BetaDiscreteWeibull.fit([years0to7(series)])
        #expect(relative(fit.alpha, alpha) < 1e-5, "alpha \(fit.alpha)")
        #expect(relative(fit.beta, beta) < 1e-5, "beta \(fit.beta)")
        #expect(relative(fit.c, c) < 1e-5, "c \(fit.c)")
        // Our maximum is at least as high as scipy's, and no higher than its rounding.
        #expect(fit.logLikelihood >= logLikelihood - 1e-9 && fit.logLikelihood - logLikelihood < 1e-7)
        #expect(fit.iterations < 60 && fit.parameterCount == 3 && !fit.fixedShape)
        // Finite-difference Hessians on both sides (ours on the analytic gradient): 1e-3.
        for i in 0..<3 { #expect(relative(fit.standardErrors[i], standardErrors[i]) < 1e-3, "se[\(i)]") }
    }

    @Test func cohortsShareParameters() throws {
        let fit = try BetaDiscreteWeibull.fit([years0to7(SBGReference.regular, "regular"), years0to7(SBGReference.highEnd, "high end")])
        #expect(relative(fit.alpha, BdWReference.pooledAlpha) < 1e-5)
        #expect(relative(fit.beta, BdWReference.pooledBeta) < 1e-5)
        #expect(relative(fit.c, BdWReference.pooledC) < 1e-5)
        #expect(abs(fit.logLikelihood - BdWReference.pooledLogLikelihood) < 1e-7)
        #expect(fit.customers == 2000 && fit.cohorts == 2)
    }

    /// With c fixed at 1 the BdW fit is the sBG fit: same parameters (from a different start and
    /// a different likelihood code path) and the same likelihood.
    @Test(arguments: [SBGReference.regular, SBGReference.highEnd])
    func fixedShapeOneEqualsShiftedBetaGeometric(series: [Int]) throws {
        let counts = [years0to7(series)]
        let sbg = try ShiftedBetaGeometric.fit(counts)
        let bdw = try BetaDiscreteWeibull.fit(counts, fixedC: 1)
        #expect(relative(bdw.alpha, sbg.alpha) < 1e-8)
        #expect(relative(bdw.beta, sbg.beta) < 1e-8)
        #expect(bdw.c == 1 && bdw.fixedShape && bdw.parameterCount == 2)
        #expect(abs(bdw.logLikelihood - sbg.logLikelihood) < 1e-8)
        for i in 0..<2 { #expect(relative(bdw.standardErrors[i], sbg.standardErrors[i]) < 1e-4) }
    }

    @Test func projectionsMatchScipy() throws {
        let regular = try BetaDiscreteWeibull(alpha: BdWReference.regularAlpha, beta: BdWReference.regularBeta, c: BdWReference.regularC)
        let high = try BetaDiscreteWeibull(alpha: BdWReference.highEndAlpha, beta: BdWReference.highEndBeta, c: BdWReference.highEndC)
        let r = regular.survivalCurve(through: 12), h = high.survivalCurve(through: 12)
        for t in 0...12 {
            #expect(relative(r[t], BdWReference.regularSurvival[t]) < 1e-12)
            #expect(relative(h[t], BdWReference.highEndSurvival[t]) < 1e-12)
        }
    }

    @Test func lifetimesMatchClosedFormsAndScipy() throws {
        // c = 1: the sBG closed forms, including the slowly converging α = 1.05 (cα near 1).
        for (a, b) in [(1.05, 2.0), (1.5, 2.0), (3.5, 2.0), (12.0, 0.5)] {
            let bdw = try BetaDiscreteWeibull(alpha: a, beta: b, c: 1)
            let sbg = try ShiftedBetaGeometric(alpha: a, beta: b)
            #expect(relative(bdw.expectedLifetime, sbg.expectedLifetime) < 1e-9, "E[T] α=\(a)")
            #expect(relative(bdw.discountedExpectedLifetime(discountRate: 0.1), sbg.discountedExpectedLifetime(discountRate: 0.1)) < 1e-12)
            #expect(
                relative(
                    bdw.discountedExpectedResidualLifetime(discountRate: 0.02, renewals: 6),
                    sbg.discountedExpectedResidualLifetime(discountRate: 0.02, renewals: 6)) < 1e-10)
        }
        #expect(relative(try BetaDiscreteWeibull(alpha: 1.05, beta: 2, c: 1).expectedLifetime, BdWReference.lifetimeA105B2C1) < 1e-9)
        #expect(relative(try BetaDiscreteWeibull(alpha: 3.5, beta: 2, c: 0.8).expectedLifetime, BdWReference.lifetimeA35B2C08) < 1e-9)
        #expect(relative(try BetaDiscreteWeibull(alpha: 1.5, beta: 2, c: 1.3).expectedLifetime, BdWReference.lifetimeA15B2C13) < 1e-9)
        #expect(relative(try BetaDiscreteWeibull(alpha: 5, beta: 3, c: 0.3).expectedLifetime, BdWReference.lifetimeA5B3C03) < 1e-8)
        let m = try BetaDiscreteWeibull(alpha: 0.7, beta: 1.2, c: 0.8)
        #expect(m.expectedLifetime == .infinity)  // cα = 0.56 ≤ 1
        #expect(relative(m.discountedExpectedLifetime(discountRate: 0.05), BdWReference.del05A07B12C08) < 1e-10)
        #expect(relative(m.discountedExpectedResidualLifetime(discountRate: 0.05, renewals: 4), BdWReference.derl05After4A07B12C08) < 1e-10)
        #expect(m.discountedExpectedResidualLifetime(discountRate: 0, renewals: 4) == .infinity)
        let regular = try BetaDiscreteWeibull(alpha: BdWReference.regularAlpha, beta: BdWReference.regularBeta, c: BdWReference.regularC)
        #expect(relative(regular.discountedExpectedLifetime(discountRate: 0.1), BdWReference.regularDEL10) < 1e-10)
        #expect(relative(regular.discountedExpectedResidualLifetime(discountRate: 0.1, renewals: 7), BdWReference.regularDERL10After7) < 1e-10)
    }

    @Test func invalidInputsThrowTypedErrors() {
        #expect(throws: RetentionModelError.invalidShape(c: 0)) { try BetaDiscreteWeibull(alpha: 1, beta: 1, c: 0) }
        #expect(throws: RetentionModelError.invalidParameters(alpha: -1, beta: 1)) { try BetaDiscreteWeibull(alpha: -1, beta: 1, c: 1) }
        #expect(throws: RetentionModelError.noCohorts) { try BetaDiscreteWeibull.fit([]) }
        #expect(throws: RetentionModelError.noChurn) { try BetaDiscreteWeibull.fit([SurvivalCounts(survivors: [10, 10, 10])]) }
        #expect(throws: RetentionModelError.invalidShape(c: -1)) { try BetaDiscreteWeibull.fit([years0to7(SBGReference.regular)], fixedC: -1) }
        #expect(throws: RetentionModelError.self) { try BetaDiscreteWeibull.fit([SurvivalCounts(survivors: [1000, 0])]) }
    }
}
