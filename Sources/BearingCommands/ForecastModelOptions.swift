import ArgumentParser
import BearingContracts
import BearingForecast
import BearingPipeline

/// The inputs and model settings `forecast` and `compare-forecasts` share: the history, the
/// weights and milestone catalogue, the quota and the Monte Carlo and shrinkage settings.
struct ForecastModelOptions: ParsableArguments {
    @OptionGroup var input: HistoryArgument

    @Option(help: "Calibrated weights JSON (default: the documented default weights; churn then comes from history rates).")
    var weights: String?

    @Option(help: "Milestone catalogue (YAML or JSON): name, upsell_arr, horizon, optional take_rates.")
    var milestones: String

    @OptionGroup var quota: QuotaOption

    @Option(help: "Monte Carlo trials (per forecast period).")
    var trials: Int = 1000

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: "Prior strength of the Beta-Binomial shrinkage, in customers.")
    var kappa: Double = ForecastRates.defaultStrength

    @Option(help: "Half-life of the recency weights of past periods in reach, take and churn rates, in periods (0 = all periods weigh the same).")
    var halfLife: Double = ForecastRates.recommendedHalfLife

    @Flag(help: "Forecast only the customers up for renewal in the period (renewal_date within it); rates still use every earlier row.")
    var renewalsOnly = false

    @OptionGroup var threads: ThreadsOption

    func validate() throws {
        guard (1...1_000_000).contains(trials) else { throw ValidationError("--trials must be between 1 and 1000000, got \(trials)") }
        guard kappa.isFinite, kappa >= 0 else { throw ValidationError("--kappa must be a number >= 0, got \(kappa)") }
        guard halfLife.isFinite, halfLife >= 0 else {
            throw ValidationError("--half-life must be a number of periods >= 0 (0 = no recency weighting), got \(halfLife)")
        }
    }

    /// The settings, with the quota file read (its errors name the file, line and column), then
    /// the inputs: the catalogue first (small; its mistakes show before a long read), then the
    /// history, scored.
    func load(_ progress: ProgressReporter) throws -> (settings: ForecastSettings, inputs: ForecastInputs) {
        let settings = ForecastSettings(
            quota: try quota.plan(), trials: trials, seed: seed, kappa: kappa, halfLife: halfLife, milestonesPath: milestones,
            renewalsOnly: renewalsOnly)
        let catalogue = try ConfigFiles.milestones(milestones)
        let history = try input.read(progress)
        let inputs = try ForecastInputs(
            history: history, weights: try weights.map(ConfigFiles.weights), weightsPath: weights, catalogue: catalogue,
            threads: threads.count, progress: progress.sink)
        return (settings, inputs)
    }
}
