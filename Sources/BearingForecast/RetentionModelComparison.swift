/// sBG against beta-discrete-Weibull on the same counts: the sBG model is BdW with `c = 1`
/// (nested, one parameter fewer), so the likelihood-ratio statistic
/// `LR = 2 (ln L_BdW − ln L_sBG)` is asymptotically χ² with 1 degree of freedom when the
/// counts come from an sBG model (`c = 1` lies inside the parameter space, so the usual
/// boundary correction does not apply). Akaike's criterion `AIC = 2k − 2 ln L` sets the extra
/// parameter's cost at 2 log-likelihood units instead of a significance level.
public struct RetentionModelComparison: Sendable, Hashable, Codable {
    public var sbgLogLikelihood: Double
    public var bdwLogLikelihood: Double
    /// `2 (ln L_BdW − ln L_sBG)`, floored at 0 (a BdW fit can fall a rounding error short
    /// of sBG when the maximum is at `c = 1`).
    public var statistic: Double
    public var degreesOfFreedom: Int
    /// `P(χ²₁ > statistic)`.
    public var pValue: Double
    /// `2·2 − 2 ln L_sBG`.
    public var sbgAIC: Double
    /// `2·3 − 2 ln L_BdW`.
    public var bdwAIC: Double

    /// Compares two fits of the same counts.
    public init(sbg: ShiftedBetaGeometricFit, bdw: BetaDiscreteWeibullFit) {
        self.init(sbgLogLikelihood: sbg.logLikelihood, bdwLogLikelihood: bdw.logLikelihood, bdwParameters: bdw.parameterCount)
    }

    /// Compares log-likelihoods of the same counts; `bdwParameters` is 3 (2 when `c` was fixed,
    /// which leaves nothing to test: statistic 0, p-value 1).
    public init(sbgLogLikelihood: Double, bdwLogLikelihood: Double, bdwParameters: Int = 3) {
        self.sbgLogLikelihood = sbgLogLikelihood
        self.bdwLogLikelihood = bdwLogLikelihood
        degreesOfFreedom = bdwParameters - 2
        statistic = degreesOfFreedom > 0 ? max(0, 2 * (bdwLogLikelihood - sbgLogLikelihood)) : 0
        pValue = degreesOfFreedom > 0 ? SpecialFunctions.chiSquareSurvival(statistic, degreesOfFreedom: degreesOfFreedom) : 1
        sbgAIC = 2 * 2 - 2 * sbgLogLikelihood
        bdwAIC = 2 * Double(bdwParameters) - 2 * bdwLogLikelihood
    }

    /// Whether the test rejects `c = 1` at `level` (default 5%).
    public func rejectsSBG(at level: Double = 0.05) -> Bool { pValue < level }

    /// The model with the lower AIC (sBG on a tie: the simpler one).
    public var lowerAIC: RetentionModelKind { bdwAIC < sbgAIC ? .bdw : .sbg }

    enum CodingKeys: String, CodingKey {
        case sbgLogLikelihood = "sbg_log_likelihood"
        case bdwLogLikelihood = "bdw_log_likelihood"
        case statistic
        case degreesOfFreedom = "degrees_of_freedom"
        case pValue = "p_value"
        case sbgAIC = "sbg_aic"
        case bdwAIC = "bdw_aic"
    }
}

/// The contractual retention models `bearing retention` fits (`--model sbg|bdw`).
public enum RetentionModelKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Shifted-beta-geometric (Fader & Hardie 2007).
    case sbg
    /// Beta-discrete-Weibull (Fader, Hardie, Liu, Davin & Steenburgh 2018).
    case bdw

    /// The model's name in reports.
    public var title: String {
        switch self {
        case .sbg: "shifted-beta-geometric"
        case .bdw: "beta-discrete-Weibull"
        }
    }
}
