/// How the Newton solver of `LogisticRegression` decides that it has converged.
///
/// Newton's gradient shrinks quadratically near the optimum, |g'| ≈ κ|g|² per row, with κ
/// measured on the fit's last full step (or, before the first, carried from the fit the start
/// comes from: `LogisticRegression.solve(rate:)`). When κ predicts that the next point passes
/// the gradient test with a factor of 10 to spare, the pass at that point only confirms it.
package enum NewtonStopping: Sendable, Hashable {
    /// Every stop is confirmed by a pass at the returned point: `maxAbsGradient` and `objective`
    /// are measured there. What `calibrate` uses, so its weights are reproducible bit for bit.
    case verified
    /// The predicted last step is taken without the confirming pass (a fifth of a walk-forward's
    /// Newton passes). The returned point is the one `verified` would return whenever the
    /// prediction holds; `objective` is the quadratic model's value there, f + ½ g·δ, and
    /// `maxAbsGradient` the prediction. A prediction missed by a factor of 100 still leaves the
    /// mean gradient below 1e-9 per row, coefficients within ~1e-8 of the optimum on
    /// standardised features: far below what AUC, Brier or the C choice can resolve
    /// (`FitSession.cTieTolerance`).
    case predicted
}
