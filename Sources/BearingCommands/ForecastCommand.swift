import ArgumentParser
import BearingContracts
import BearingPanel
import BearingPipeline

/// `bearing forecast`: next-period expansion and churn from milestone cohorts and Success
/// Vectors, next to the expansion quota forecast.
public struct ForecastCommand: TextCommand {
    public static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast next-period expansion and churn: vector forecast (P10/P50/P90) vs quota forecast.",
        discussion: """
            By default the forecast is for the period after the last one in HISTORY: customers \
            still active at the end of it are carried forward (ARR plus expansion minus \
            contraction; a customer who reached its milestone moves to the next one in catalogue \
            order; category and churn probability as last scored). With --period P, period P is \
            forecast from its own start-of-period rows, fitted on earlier periods only, and shown \
            with what actually happened. Reach probability and take rate per (milestone, vector \
            category, segment) are estimated with Beta-Binomial shrinkage toward the parent cell \
            (prior strength --kappa customers), past periods weighted by recency (--half-life). \
            The upsell value per (milestone, segment) is the mean expansion_arr of past takers, \
            shrunk toward the catalogue's upsell_arr (the cohort table shows both). Vector \
            forecast = sum over customers of reach x take x upsell value; quota forecast = \
            --quota x book ARR, a quota file's annual targets spread over the year, or without \
            --quota each segment's trailing observed expansion rate (expansion ARR / starting \
            ARR over the previous 4 periods) x book ARR. Monte Carlo gives P10/P50/P90: each trial draws the rates and \
            values from their posteriors and a drift factor per milestone, then the customers \
            (docs/forecast-validation.md). A customer "took" the upsell when \
            its row that reached the milestone has expansion_arr > 0. Churned ARR is shown for \
            good-fit and bad-fit customers apart.

            Writes DIR/forecast.json and DIR/milestone-cohorts.csv.

            Example:
              bearing forecast history.csv --weights weights.json \\
                --milestones Scenarios/milestones-example.yaml --quota 0.05 \\
                --trials 2000 --out forecast
              bearing forecast history.csv --milestones Scenarios/milestones-example.yaml \\
                --quota Scenarios/examples/quota.yaml --out forecast
            """)

    @OptionGroup var model: ForecastModelOptions

    @Option(help: "Past period to forecast from its own rows, e.g. 2025-Q3 (default: the period after HISTORY).")
    var period: String?

    @OptionGroup var output: OutputFolderOption

    @OptionGroup var quiet: QuietFlag

    public init() {}

    public func validate() throws {
        if let period, Period(label: period) == nil {
            throw ValidationError("--period must look like 2025-Q3 or 2025-07, got '\(period)'")
        }
    }

    func execute() throws -> String {
        let progress = quiet.reporter
        let (settings, inputs) = try model.load(progress)
        progress.note("simulating \(model.trials) trials")
        let result = try ForecastStage.run(inputs: inputs, settings: settings, period: period)
        try OutputFolder.write(result.files, into: output.out)
        return result.text
    }
}
