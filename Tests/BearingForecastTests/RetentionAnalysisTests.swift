import Foundation
import Testing

@testable import BearingForecast

@Suite struct RetentionAnalysisTests {
    func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }

    @Test func sbgAnalysisCarriesBothFitsAndTheComparison() throws {
        let counts = [SurvivalCounts(cohort: "regular", survivors: Array(SBGReference.regular[0...7]))]
        let analysis = try RetentionAnalysis(cohorts: counts, model: .sbg, periods: 3, discountRate: 0.1)
        #expect(analysis.model == .sbg && analysis.c == 1)
        #expect(relative(analysis.alpha, SBGReference.regularAlpha) < 1e-6)
        #expect(relative(analysis.beta, SBGReference.regularBeta) < 1e-6)
        #expect(abs(analysis.logLikelihood - SBGReference.regularLogLikelihood) < 1e-8)
        let bdw = try #require(analysis.bdw)
        #expect(relative(bdw.c, BdWReference.regularC) < 1e-5)
        let comparison = try #require(analysis.comparison)
        #expect(abs(comparison.statistic - BdWReference.regularLR) < 1e-6)
        #expect(analysis.customers == 1000 && analysis.notes.isEmpty)
        #expect(analysis.projection.map(\.period) == [8, 9, 10])
        // sBG closed forms: S(8) and DERL after 7 renewals at the fit.
        let sbg = try ShiftedBetaGeometric(alpha: analysis.alpha, beta: analysis.beta)
        #expect(relative(analysis.projection[0].survival, sbg.survival(at: 8)) < 1e-12)
        #expect(
            relative(
                analysis.cohorts[0].discountedExpectedResidualLifetime ?? .nan, sbg.discountedExpectedResidualLifetime(discountRate: 0.1, renewals: 7)
            ) < 1e-12)
        #expect(analysis.expectedLifetime == nil)  // alpha <= 1
        #expect(relative(analysis.cohorts[0].fittedSurvivors[3], 1000 * sbg.survival(at: 3)) < 1e-12)

        let text = analysis.render()
        #expect(text.hasPrefix("Shifted-beta-geometric retention fit"))
        #expect(text.contains("likelihood ratio 1.325 on 1 df, p = 0.2497: no evidence against sBG"))
        #expect(text.contains("Cohort regular: survivors, actual vs fitted"))
    }

    @Test func bdwAnalysisProjectsWithBdW() throws {
        let counts = [SurvivalCounts(cohort: "high end", survivors: Array(SBGReference.highEnd[0...7]))]
        let analysis = try RetentionAnalysis(cohorts: counts, model: .bdw, periods: 5, discountRate: 0.1)
        #expect(analysis.model == .bdw)
        #expect(relative(analysis.alpha, BdWReference.highEndAlpha) < 1e-5)
        #expect(relative(analysis.c, BdWReference.highEndC) < 1e-5)
        #expect(abs(analysis.logLikelihood - BdWReference.highEndLogLikelihood) < 1e-7)
        for (i, row) in analysis.projection.enumerated() {
            #expect(relative(row.survival, BdWReference.highEndSurvival[8 + i]) < 1e-5)
        }
        #expect(relative(analysis.discountedExpectedLifetime ?? .nan, BdWReference.highEndDEL10) < 1e-5)
        #expect(relative(analysis.cohorts[0].discountedExpectedResidualLifetime ?? .nan, BdWReference.highEndDERL10After7) < 1e-5)
        #expect(analysis.comparison?.rejectsSBG() == true)
        let text = analysis.render()
        #expect(text.hasPrefix("Beta-discrete-Weibull retention fit"))
        #expect(text.contains("churn changes with tenure beyond sBG's sorting"))
        #expect(text.contains("lower AIC: BdW"))
    }

    /// The JSON contract: snake_case keys, `schema_version`, the chosen model's parameters at
    /// the top and BdW's `alpha`, `beta`, `c`, `log_likelihood`; infinite lifetimes absent.
    @Test func jsonKeysAreSnakeCase() throws {
        let counts = [SurvivalCounts(survivors: Array(SBGReference.regular[0...7]))]
        let analysis = try RetentionAnalysis(cohorts: counts, model: .bdw)
        let data = try JSONEncoder().encode(analysis)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in [
            "model", "alpha", "beta", "c", "log_likelihood", "sbg", "bdw", "comparison", "cohorts", "projection",
            "expected_lifetime_note", "discount_rate", "discounted_expected_lifetime", "customers", "notes",
        ] {
            #expect(json[key] != nil, "\(key)")
        }
        #expect(json["model"] as? String == "bdw")
        #expect(json["expected_lifetime"] == nil)  // c·alpha = 0.58 <= 1
        let bdw = try #require(json["bdw"] as? [String: Any])
        for key in ["alpha", "beta", "c", "log_likelihood", "aic", "alpha_standard_error", "c_standard_error"] {
            #expect(bdw[key] != nil, "bdw.\(key)")
        }
        let comparison = try #require(json["comparison"] as? [String: Any])
        for key in ["statistic", "degrees_of_freedom", "p_value", "sbg_aic", "bdw_aic"] { #expect(comparison[key] != nil, "comparison.\(key)") }
        let cohort = try #require((json["cohorts"] as? [[String: Any]])?.first)
        #expect(cohort["fitted_survivors"] != nil && cohort["discounted_expected_residual_lifetime"] != nil)
        #expect(try JSONDecoder().decode(RetentionAnalysis.self, from: data) == analysis)
    }

    /// Only the chosen model's failure is an error; the other one's becomes a note.
    @Test func chosenModelFailureThrows() {
        let geometric = [SurvivalCounts(survivors: [1024, 512, 256, 128, 64, 32])]
        #expect(throws: RetentionModelError.self) { try RetentionAnalysis(cohorts: geometric, model: .sbg) }
        #expect(throws: RetentionModelError.self) { try RetentionAnalysis(cohorts: geometric, model: .bdw) }
        #expect(throws: RetentionModelError.noCohorts) { try RetentionAnalysis(cohorts: []) }
    }
}
