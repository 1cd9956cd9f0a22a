import Testing

@testable import BearingForecast

/// Values printed by `reference/sbg_reference.py` (scipy 1.17: Nelder–Mead then BFGS on the
/// log-parameters, closed forms through `scipy.special.betaln` and `hyp2f1`); output kept in
/// `reference/sbg_reference.json`.
enum SBGReference {
    /// Fader & Hardie (2007), Table 1: survivors of 1000 customers, years 0–12. The paper fits
    /// years 0–7 and reports regular α = 0.704, β = 1.182; high end α = 0.668, β = 3.806.
    static let regular = [1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173]
    static let highEnd = [1000, 869, 743, 653, 593, 551, 517, 491, 468, 445, 427, 409, 394]

    static let regularAlpha = 0.7040773019438622, regularBeta = 1.1820430307075578
    static let regularLogLikelihood = -1680.265188463286
    static let highEndAlpha = 0.6680883728764352, highEndBeta = 3.806095381726049
    static let highEndLogLikelihood = -1611.1581473911551
    /// Delta-method standard errors from a finite-difference Hessian (step 1e-4 in log space).
    static let regularStandardErrors = [0.0655988915456226, 0.15247544253382983]
    static let highEndStandardErrors = [0.1037340403014926, 0.7855252257357301]
    static let pooledAlpha = 0.5807397639464084, pooledBeta = 1.6785541196029252
    static let pooledLogLikelihood = -3393.4017248188316
    /// Projected survival S(8)…S(12) at the scipy high-end fit.
    static let highEndSurvival8to12 = [0.4604396849292861, 0.4357796024771058, 0.4141724097258401, 0.39505535442273454, 0.3779990823040881]
    /// DERL(d = 0.1) for a high-end customer with 7 renewals (paper: "n = 8"); jdmaturen's
    /// shifted_beta_geometric_py quotes 7.530.
    static let highEndDERL10After7 = 7.529628045103329
    static let highEndDEL10 = 5.9222536076703545
    static let regularDERL10After0 = 2.9643992621912783
    /// At α = 0.7, β = 1.2.
    static let p1to5 = [0.36842105263157876, 0.15245009074410157, 0.08599748708641629, 0.05616162421970044, 0.039979461308939285]
    static let s1to5 = [0.6315789473684208, 0.47912885662431925, 0.39313136953790295, 0.33696974531820245, 0.2969902840092633]
    static let regularLogLikelihoodAt11 = -1741.7302621770139
}

@Suite struct ShiftedBetaGeometricTests {
    func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }

    @Test func closedFormsMatchScipyAndRecursions() throws {
        let m = try ShiftedBetaGeometric(alpha: 0.7, beta: 1.2)
        let p = m.churnProbabilities(through: 60)
        let s = m.survivalCurve(through: 60)
        for t in 1...5 {
            #expect(relative(m.churnProbability(at: t), SBGReference.p1to5[t - 1]) < 1e-12)
            #expect(relative(m.survival(at: t), SBGReference.s1to5[t - 1]) < 1e-12)
        }
        var subtracted = 1.0
        for t in 1...60 {
            #expect(relative(p[t - 1], m.churnProbability(at: t)) < 1e-11, "P(T=\(t))")
            #expect(relative(s[t], m.survival(at: t)) < 1e-11, "S(\(t))")
            #expect(relative(m.retentionRate(at: t), s[t] / s[t - 1]) < 1e-13, "r(\(t))")
            subtracted -= p[t - 1]
            // S(t) = S(t−1) − P(T=t) up to the cancellation of 60 subtractions.
            #expect(abs(subtracted - s[t]) < 1e-14 * Double(t), "S(\(t)) by subtraction")
        }
        #expect(s[0] == 1 && m.survival(at: 0) == 1)
        #expect(relative(m.meanChurnProbability, 0.7 / 1.9) < 1e-15)
    }

    @Test func likelihoodMatchesScipyAtFixedParameters() throws {
        let m = try ShiftedBetaGeometric(alpha: 1, beta: 1)
        let ll = m.logLikelihood([SurvivalCounts(survivors: Array(SBGReference.regular[0...7]))])
        #expect(relative(ll, SBGReference.regularLogLikelihoodAt11) < 1e-12)
    }

    /// Published estimates (3 decimals) and scipy's MLE (7 significant digits) on years 0–7.
    @Test(arguments: [
        (SBGReference.regular, SBGReference.regularAlpha, SBGReference.regularBeta, SBGReference.regularLogLikelihood, 0.704, 1.182),
        (SBGReference.highEnd, SBGReference.highEndAlpha, SBGReference.highEndBeta, SBGReference.highEndLogLikelihood, 0.668, 3.806),
    ])
    func publishedCohortsRecoverPublishedEstimates(
        series: [Int], alpha: Double, beta: Double, logLikelihood: Double, paperAlpha: Double, paperBeta: Double
    ) throws {
        let fit = try ShiftedBetaGeometric.fit([SurvivalCounts(survivors: Array(series[0...7]))])
        #expect(relative(fit.alpha, alpha) < 1e-6)
        #expect(relative(fit.beta, beta) < 1e-6)
        #expect(abs(fit.logLikelihood - logLikelihood) < 1e-8)
        #expect(abs(fit.alpha - paperAlpha) < 5e-4)
        #expect(abs(fit.beta - paperBeta) < 5e-4)
        #expect(fit.iterations < 50)
        #expect(fit.standardErrors.allSatisfy { $0 > 0 && $0 < 1 })
    }

    /// Our analytic-Hessian standard errors against scipy-side finite differences (which carry
    /// about 1e-6 relative truncation error), to 1e-4.
    @Test func standardErrorsMatchFiniteDifferences() throws {
        let regular = try ShiftedBetaGeometric.fit([SurvivalCounts(survivors: Array(SBGReference.regular[0...7]))])
        let high = try ShiftedBetaGeometric.fit([SurvivalCounts(survivors: Array(SBGReference.highEnd[0...7]))])
        for i in 0..<2 {
            #expect(relative(regular.standardErrors[i], SBGReference.regularStandardErrors[i]) < 1e-4)
            #expect(relative(high.standardErrors[i], SBGReference.highEndStandardErrors[i]) < 1e-4)
        }
    }

    @Test func cohortsShareParameters() throws {
        let fit = try ShiftedBetaGeometric.fit([
            SurvivalCounts(cohort: "regular", survivors: Array(SBGReference.regular[0...7])),
            SurvivalCounts(cohort: "high end", survivors: Array(SBGReference.highEnd[0...7])),
        ])
        #expect(relative(fit.alpha, SBGReference.pooledAlpha) < 1e-6)
        #expect(relative(fit.beta, SBGReference.pooledBeta) < 1e-6)
        #expect(abs(fit.logLikelihood - SBGReference.pooledLogLikelihood) < 1e-8)
        #expect(fit.customers == 2000 && fit.cohorts == 2)
    }

    /// Cohorts of different lengths (a triangle of acquisition years) fit as well.
    @Test func unevenCohortsFit() throws {
        let fit = try ShiftedBetaGeometric.fit([
            SurvivalCounts(cohort: "2019", survivors: Array(SBGReference.highEnd[0...7])),
            SurvivalCounts(cohort: "2023", survivors: Array(SBGReference.highEnd[0...3])),
        ])
        #expect(fit.alpha > 0.3 && fit.alpha < 1.5 && fit.beta > 2 && fit.beta < 8)
    }

    @Test func projectionsMatchScipy() throws {
        let m = try ShiftedBetaGeometric(alpha: SBGReference.highEndAlpha, beta: SBGReference.highEndBeta)
        let s = m.survivalCurve(through: 12)
        for (i, ref) in SBGReference.highEndSurvival8to12.enumerated() {
            #expect(relative(s[8 + i], ref) < 1e-12)
        }
    }

    @Test func lifetimesMatchClosedFormsAndScipy() throws {
        let high = try ShiftedBetaGeometric(alpha: SBGReference.highEndAlpha, beta: SBGReference.highEndBeta)
        #expect(relative(high.discountedExpectedResidualLifetime(discountRate: 0.1, renewals: 7), SBGReference.highEndDERL10After7) < 1e-10)
        #expect(relative(high.discountedExpectedLifetime(discountRate: 0.1), SBGReference.highEndDEL10) < 1e-10)
        let regular = try ShiftedBetaGeometric(alpha: SBGReference.regularAlpha, beta: SBGReference.regularBeta)
        #expect(relative(regular.discountedExpectedResidualLifetime(discountRate: 0.1, renewals: 0), SBGReference.regularDERL10After0) < 1e-10)
        // α ≤ 1: infinite mean lifetime.
        #expect(high.expectedLifetime == .infinity)
        #expect(high.expectedResidualLifetime(renewals: 3) == .infinity)
        // α > 1: E[T] = (α+β−1)/(α−1) against a direct sum of S(t) (tail ~ t^−α, so sum far).
        let m = try ShiftedBetaGeometric(alpha: 3.5, beta: 2)
        let s = m.survivalCurve(through: 200_000)
        let direct = s.reduce(0, +)
        #expect(relative(m.expectedLifetime, direct) < 1e-9)
        #expect(relative(m.expectedLifetime, 4.5 / 2.5) < 1e-15)
        // Residual after n renewals = Σ_{t>n} S(t)/S(n) = (β+n)/(α−1).
        let residual = s[6...].reduce(0, +) / s[5]
        #expect(relative(m.expectedResidualLifetime(renewals: 5), residual) < 1e-8)
        // DERL by direct discounted sum; and DEL = 1 + DERL(0) discounted by one period.
        var derl = 0.0, factor = 1.0
        for t in 6..<2000 { derl += s[t] / s[5] * factor; factor /= 1.08 }
        #expect(relative(m.discountedExpectedResidualLifetime(discountRate: 0.08, renewals: 5), derl) < 1e-12)
        let del = m.discountedExpectedLifetime(discountRate: 0.08)
        #expect(relative(del, 1 + m.discountedExpectedResidualLifetime(discountRate: 0.08, renewals: 0) / 1.08) < 1e-12)
        // Updating after survival is the same model with β + n.
        #expect(m.afterSurviving(5).beta == 7)
    }

    @Test func invalidInputsThrowTypedErrors() {
        #expect(throws: RetentionModelError.invalidParameters(alpha: 0, beta: 1)) { try ShiftedBetaGeometric(alpha: 0, beta: 1) }
        #expect(throws: RetentionModelError.noCohorts) { try ShiftedBetaGeometric.fit([]) }
        #expect(throws: RetentionModelError.tooFewPeriods(cohort: "all", periods: 1, needed: 2)) {
            try ShiftedBetaGeometric.fit([SurvivalCounts(survivors: [10])])
        }
        #expect(throws: RetentionModelError.increasingSurvivors(cohort: "all", period: 2, previous: 5, count: 6)) {
            try ShiftedBetaGeometric.fit([SurvivalCounts(survivors: [10, 5, 6])])
        }
        #expect(throws: RetentionModelError.negativeCount(cohort: "all", period: 1, count: -1)) {
            try ShiftedBetaGeometric.fit([SurvivalCounts(survivors: [10, -1])])
        }
        #expect(throws: RetentionModelError.emptyCohort(cohort: "all")) { try ShiftedBetaGeometric.fit([SurvivalCounts(survivors: [0, 0])]) }
        #expect(throws: RetentionModelError.noChurn) { try ShiftedBetaGeometric.fit([SurvivalCounts(survivors: [10, 10, 10])]) }
    }

    /// Counts that are exactly geometric (constant 50% churn) or where everyone leaves at once
    /// have no interior maximum; the fit says so instead of returning arbitrary numbers.
    @Test func boundaryMaximaAreReported() {
        #expect(throws: RetentionModelError.self) { try ShiftedBetaGeometric.fit([SurvivalCounts(survivors: [1000, 0])]) }
        #expect(throws: RetentionModelError.self) {
            try ShiftedBetaGeometric.fit([SurvivalCounts(survivors: [1024, 512, 256, 128, 64, 32])])
        }
    }
}
