import Foundation
import Testing

@testable import BearingForecast

/// scipy.stats.chi2.sf and scipy.special.digamma values printed by `reference/bdw_reference.py`.
enum SpecialFunctionReference {
    /// (x, degrees of freedom, P(χ² > x)).
    static let chiSquareSurvival: [(Double, Int, Double)] = [
        (0.001, 1, 0.9747728793699604),
        (0.001, 2, 0.9995001249791693),
        (0.001, 3, 0.9999915920809419),
        (0.001, 5, 0.9999999983185123),
        (0.001, 10, 1.0),
        (0.001, 30, 1.0),
        (0.5, 1, 0.47950012218695337),
        (0.5, 2, 0.7788007830714049),
        (0.5, 3, 0.9188914116546758),
        (0.5, 5, 0.9921232932326296),
        (0.5, 10, 0.999993388289439),
        (0.5, 30, 1.0),
        (1.0, 1, 0.31731050786291115),
        (1.0, 2, 0.6065306597126334),
        (1.0, 3, 0.8012519569012009),
        (1.0, 5, 0.9625657732472964),
        (1.0, 10, 0.9998278843700441),
        (1.0, 30, 1.0),
        (3.841458820694124, 1, 0.04999999999999989),
        (3.841458820694124, 2, 0.1465000644860843),
        (3.841458820694124, 3, 0.27910046378359765),
        (3.841458820694124, 5, 0.5724604629258029),
        (3.841458820694124, 10, 0.9542157295546657),
        (3.841458820694124, 30, 0.9999999977279901),
        (10.0, 1, 0.001565402258002549),
        (10.0, 2, 0.006737946999085468),
        (10.0, 3, 0.01856613546304325),
        (10.0, 5, 0.07523524614651217),
        (10.0, 10, 0.44049328506521257),
        (10.0, 30, 0.9997737463238232),
        (40.0, 1, 2.5396285894708634e-10),
        (40.0, 2, 2.0611536224385566e-09),
        (40.0, 3, 1.065509033425585e-08),
        (40.0, 5, 1.493367900050393e-07),
        (40.0, 10, 1.694474393006737e-05),
        (40.0, 30, 0.10486428110798468),
        (150.0, 1, 1.7336432457178413e-34),
        (150.0, 2, 2.678636961808087e-33),
        (150.0, 3, 2.6349139284880416e-32),
        (150.0, 5, 1.3351378873003031e-30),
        (150.0, 10, 3.727485055062505e-27),
        (150.0, 30, 6.706952523937869e-18),
    ]
    /// (x, ψ(x)).
    static let digamma: [(Double, Double)] = [
        (0.001, -1000.5755719318103),
        (0.1, -10.423754940411076),
        (0.5, -1.9635100260214235),
        (1.0, -0.5772156649015329),
        (2.5, 0.7031566406452432),
        (9.99, 2.250700372831201),
        (10.0, 2.251752589066721),
        (50.0, 3.9019896734278925),
        (10000.0, 9.21029037114285),
    ]
}

@Suite struct RetentionModelComparisonTests {
    func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }

    @Test func chiSquareSurvivalMatchesScipy() {
        for (x, k, p) in SpecialFunctionReference.chiSquareSurvival {
            #expect(relative(SpecialFunctions.chiSquareSurvival(x, degreesOfFreedom: k), p) < 1e-12, "x=\(x), k=\(k)")
        }
        #expect(SpecialFunctions.chiSquareSurvival(0, degreesOfFreedom: 1) == 1)
        #expect(SpecialFunctions.chiSquareSurvival(-3, degreesOfFreedom: 4) == 1)
        #expect(SpecialFunctions.chiSquareSurvival(1, degreesOfFreedom: 0).isNaN)
    }

    @Test func digammaMatchesScipy() {
        for (x, psi) in SpecialFunctionReference.digamma {
            #expect(abs(SpecialFunctions.digamma(x) - psi) < 1e-14 * max(1, abs(psi)), "ψ(\(x))")
        }
        #expect(SpecialFunctions.digamma(0).isNaN)
    }

    /// The regularised upper gamma against closed forms: Q(1, x) = e^−x, Q(1/2, x) = erfc(√x).
    @Test func incompleteGammaMatchesClosedForms() {
        for x in [0.01, 0.7, 1.5, 4.0, 30.0] {
            #expect(relative(SpecialFunctions.regularizedUpperGamma(1, x), exp(-x)) < 1e-13)
            #expect(relative(SpecialFunctions.regularizedUpperGamma(0.5, x), erfc(x.squareRoot())) < 1e-12)
        }
    }

    /// Fader & Hardie's cohorts: the regular cohort gives no evidence against sBG, the high-end
    /// cohort rejects it (scipy: LR 1.325, p = 0.250; LR 11.688, p = 0.00063).
    @Test func likelihoodRatioMatchesScipy() throws {
        for (series, lr, p) in [
            (SBGReference.regular, BdWReference.regularLR, BdWReference.regularP),
            (SBGReference.highEnd, BdWReference.highEndLR, BdWReference.highEndP),
        ] {
            let counts = [SurvivalCounts(survivors: Array(series[0...7]))]
            let comparison = RetentionModelComparison(
                sbg: try ShiftedBetaGeometric.fit(counts), bdw: try BetaDiscreteWeibull.fit(counts))
            #expect(abs(comparison.statistic - lr) < 1e-6)
            #expect(relative(comparison.pValue, p) < 1e-5)
            #expect(comparison.degreesOfFreedom == 1)
            #expect(abs(comparison.sbgAIC - (4 - 2 * comparison.sbgLogLikelihood)) < 1e-12)
            #expect(abs(comparison.bdwAIC - (6 - 2 * comparison.bdwLogLikelihood)) < 1e-12)
        }
        let regular = RetentionModelComparison(sbgLogLikelihood: -1680.265188463286, bdwLogLikelihood: -1679.6028329071778)
        #expect(!regular.rejectsSBG() && regular.lowerAIC == .sbg)
        let high = RetentionModelComparison(sbgLogLikelihood: -1611.1581473911551, bdwLogLikelihood: -1605.3142132141927)
        #expect(high.rejectsSBG() && high.lowerAIC == .bdw)
        // A BdW maximum a rounding error below sBG's: statistic 0, p = 1.
        let tie = RetentionModelComparison(sbgLogLikelihood: -100, bdwLogLikelihood: -100.000000001)
        #expect(tie.statistic == 0 && tie.pValue == 1)
    }
}
