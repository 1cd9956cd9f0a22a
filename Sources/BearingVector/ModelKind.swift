/// Which calibration produced a `Weights` value. All three score through the same kernel;
/// they differ only in which parameters are non-zero (see `Weights`).
public enum ModelKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Success Vector: churn logit = intercept + b1·direction_raw + b2·magnitude_raw + b3·ghost.
    case vector
    /// Plain L2 logistic regression on all standardised features (a reference model):
    /// churn logit = intercept + Σ churn_j·z_j; direction and magnitude still categorise.
    case logistic
    /// Equal-weight health score (the baseline): the same linear form as `logistic` with
    /// equal-magnitude, domain-signed feature weights.
    case health
}
