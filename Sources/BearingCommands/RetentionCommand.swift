import ArgumentParser
import BearingContracts
import BearingForecast
import BearingPipeline

/// `bearing retention COUNTS.csv`: fit the shifted-beta-geometric and beta-discrete-Weibull
/// retention models to cohort
/// survivor counts, project retention and report expected lifetimes.
public struct RetentionCommand: TextCommand {
    public static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "Fit sBG and beta-discrete-Weibull retention models to cohort survivor counts; project and compare.",
        discussion: """
            COUNTS is a CSV file with a header row and the columns `period,survivors` (period 0 \
            first, whole numbers, survivors never rising); an optional `cohort` column holds \
            several cohorts, which share alpha and beta. Customers alive at a cohort's last \
            period count as still active (right-censored).

            Models: sbg (shifted-beta-geometric, Fader & Hardie 2007): each customer cancels \
            each period with probability theta, theta ~ Beta(alpha, beta) across customers; \
            retention r(t) = (beta+t-1)/(alpha+beta+t-1); E[T] = (alpha+beta-1)/(alpha-1) \
            periods, infinite when alpha <= 1. bdw (beta-discrete-Weibull, Fader, Hardie, Liu, \
            Davin & Steenburgh 2018): S(t) = B(alpha, beta + t^c) / B(alpha, beta); c > 1 means \
            churn rises with tenure for each customer, c < 1 falls, c = 1 is sBG. Both are \
            fitted and compared (likelihood ratio on 1 df, AIC); --model picks the one \
            projected. DERL(d) = sum over future periods of survival / (1+d)^k, for a \
            customer still active at the cohort's last period.

            Example:
              bearing retention Scenarios/retention-example.csv --periods 5 --out fit.json
              bearing retention out/sim/cohorts.csv --model bdw --out bdw.json
            """)

    @Argument(help: "Survivor counts CSV: `period,survivors[,cohort]`.")
    var counts: String

    @Option(help: "The model whose projection and lifetimes are shown (both are fitted and compared).")
    var model: RetentionModelKind = .sbg

    @Option(help: "Periods to project beyond the last observed period.")
    var periods: Int = 5

    @Option(help: "Discount rate per period for discounted expected (residual) lifetime, e.g. 0.1.")
    var discount: Double = 0.1

    @Option(help: "Write the fit as JSON (with `alpha`, `beta`, `c` and `log_likelihood`) to this file.")
    var out: String?

    public init() {}

    public func validate() throws {
        guard (0...1000).contains(periods) else {
            throw ValidationError("--periods must be between 0 and 1000, got \(periods)")
        }
        guard discount.isFinite, discount == 0 || (discount >= 1e-6 && discount <= 10) else {
            throw ValidationError("--discount must be 0 or between 0.000001 and 10 (a rate per period, 0.1 = 10%), got \(discount)")
        }
    }

    func execute() throws -> String {
        let result = try RetentionStage.run(countsPath: counts, model: model, periods: periods, discountRate: discount)
        if let out { try OutputFolder.write(try ContractJSON.encode(result.analysis), to: out) }
        return result.text
    }
}
