/// A known link from features to churn, for checking that calibration recovers parameters.
///
/// When a scenario has one, the churn probability of a customer-period is
///
///     p = 1 / (1 + exp(-(intercept + Σ coefficients[f]·z_f)))
///
/// instead of the latent churn hazard, where `z_f = (x_f - center_f) / scale_f` is feature f's
/// standardised value with the scenario's stated `center` and `scale` (before clamping and
/// before missingness; see `FeatureSpec`). Shocks still multiply `p`.
///
/// Recovery: a calibration that standardises `x_f` with its sample mean m and standard deviation
/// s estimates `coefficients[f]·s/scale_f` (the intercept absorbs the shift of the means). In the
/// bundled `known-link.yaml` every link feature has mean `center` and sd `scale` exactly at the
/// first period; later periods drift slightly because customers with risky values churn out
/// (survivorship), so compare coefficients after that rescaling.
public struct TrueLink: Sendable, Hashable, Codable {
    public var intercept: Double
    /// Feature name -> coefficient on its standardised value.
    public var coefficients: [String: Double]

    public init(intercept: Double, coefficients: [String: Double]) {
        self.intercept = intercept
        self.coefficients = coefficients
    }

    enum CodingKeys: String, CodingKey { case intercept, coefficients }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        intercept = try c.finite(.intercept)
        coefficients = try c.decode([String: Double].self, forKey: .coefficients)
        for (name, beta) in coefficients.sorted(by: { $0.key < $1.key }) where !beta.isFinite {
            throw c.invalid(.coefficients, "coefficient of '\(name)' must be a finite number, found \(beta)")
        }
    }
}
