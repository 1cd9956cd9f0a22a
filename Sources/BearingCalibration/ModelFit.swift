import BearingVector

/// One model fitted on one training range: its weights and what its report says about the fit.
struct ModelFit: Sendable {
    var model: ModelKind
    var weights: Weights
    var fit: LogisticFit
    /// C of the final fit (nil for `health`).
    var c: Double?
    var notes: [String]
    var crossValidation: [CrossValidationPoint] = []
    var signs: [FeatureSign] = []
    /// Newton's convergence rate on the fit's last full step (`LogisticRegression.Solved`).
    var rate: Double?
    /// The vector's category-threshold search when its session left it to the caller
    /// (`FitSession.defersThresholds`); nil once `completeThresholds()` has run it.
    var pendingThresholds: PendingThresholds?
}
