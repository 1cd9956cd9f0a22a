import ArgumentParser
import BearingForecast

/// The inputs and model settings `forecast` and `compare-forecasts` share: the history, the
/// weights and milestone catalogue, the quota rate and the Monte Carlo and shrinkage settings.
struct ForecastModelOptions: ParsableArguments {
    @Argument(help: "History panel CSV.")
    var history: String

    @Option(help: "Calibrated weights JSON (default: the documented default weights; churn then comes from history rates).")
    var weights: String?

    @Option(help: "Milestone catalogue (YAML or JSON): name, upsell_arr, horizon, optional take_rates.")
    var milestones: String

    @Option(help: "Expansion quota rate per period, as a fraction of book ARR (0.05 = 5%).")
    var quota: Double

    @Option(help: "Monte Carlo trials (per forecast period).")
    var trials: Int = 1000

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: "Prior strength of the Beta-Binomial shrinkage, in customers.")
    var kappa: Double = ForecastRates.defaultStrength

    @Option(help: "Half-life of the recency weights of past periods in reach, take and churn rates, in periods (0 = all periods weigh the same).")
    var halfLife: Double = ForecastRates.recommendedHalfLife

    func validate() throws {
        guard quota.isFinite, quota >= 0, quota <= 10 else {
            throw ValidationError("--quota must be a rate per period between 0 and 10 (0.05 = 5% of book ARR), got \(quota)")
        }
        guard (1...1_000_000).contains(trials) else { throw ValidationError("--trials must be between 1 and 1000000, got \(trials)") }
        guard kappa.isFinite, kappa >= 0 else { throw ValidationError("--kappa must be a number >= 0, got \(kappa)") }
        guard halfLife.isFinite, halfLife >= 0 else {
            throw ValidationError("--half-life must be a number of periods >= 0 (0 = no recency weighting), got \(halfLife)")
        }
    }

    /// The half-life the library takes: nil when recency weighting is off (`--half-life 0`).
    var recencyHalfLife: Double? { halfLife > 0 ? halfLife : nil }

    var forecasterOptions: ExpansionForecaster.Options {
        .init(trials: trials, seed: seed, quotaRate: quota)
    }

    func loadInputs(progress: Progress) throws -> ForecastInputs {
        try ForecastInputs.load(history: history, weightsPath: weights, milestones: milestones, progress: progress)
    }
}
