extension ConfidenceInterval {
    /// The Wilson score interval for a proportion `successes / trials` (Wilson 1927), as
    /// `statsmodels.stats.proportion.proportion_confint(method="wilson")`:
    /// centre (p̂ + z²/2n) / (1 + z²/n), half-width z·√(p̂(1 − p̂)/n + z²/4n²) / (1 + z²/n).
    /// Unlike the Wald interval it stays inside [0, 1] and is not degenerate at 0 or n
    /// successes, which is why it is used for churn rates of small groups. Nil without trials.
    public static func wilson(successes: Int, trials: Int, confidence: Double = 0.95) -> ConfidenceInterval? {
        guard trials > 0, successes >= 0, successes <= trials else { return nil }
        let n = Double(trials)
        let p = Double(successes) / n
        let z = NormalDistribution.critical(confidence: confidence)
        let z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
        return ConfidenceInterval(low: max(0, centre - half), high: min(1, centre + half))
    }
}
