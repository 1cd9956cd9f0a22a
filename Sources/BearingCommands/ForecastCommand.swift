import ArgumentParser
import BearingForecast
import BearingPanel
import Foundation

/// `bearing forecast`: next-period expansion and churn from milestone cohorts and Success
/// Vectors, next to the expansion quota forecast.
public struct ForecastCommand: ParsableCommand {
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
            --quota x book ARR. Monte Carlo gives P10/P50/P90: each trial draws the rates and \
            values from their posteriors and a drift factor per milestone, then the customers \
            (docs/forecast-validation.md). A customer "took" the upsell when \
            its row that reached the milestone has expansion_arr > 0. Churned ARR is shown for \
            good-fit and bad-fit customers apart.

            Writes DIR/forecast.json and DIR/milestone-cohorts.csv.

            Example:
              bearing forecast history.csv --weights weights.json \\
                --milestones Scenarios/milestones-example.yaml --quota 0.05 --trials 2000 --out forecast
            """)

    @OptionGroup var model: ForecastModelOptions

    @Option(help: "Past period to forecast from its own rows, e.g. 2025-Q3 (default: the period after HISTORY).")
    var period: String?

    @Option(help: "Output directory.")
    var out: String

    @Flag(help: "No progress messages.")
    var quiet = false

    public init() {}

    public func validate() throws {
        if let period, Period(label: period) == nil {
            throw ValidationError("--period must look like 2025-Q3 or 2025-07, got '\(period)'")
        }
    }

    public func run() throws {
        print(try execute(), terminator: "")
    }

    /// Does the work and writes the files; returns the text `run` prints (the workbench
    /// calls this in process).
    func execute() throws -> String {
        let progress = Progress(quiet: quiet)
        let inputs = try model.loadInputs(progress: progress)
        let options = model.forecasterOptions
        progress.note("simulating \(model.trials) trials")
        let forecast: ExpansionForecast
        if let target = period.flatMap({ Period(label: $0) }) {
            forecast = try ExpansionForecaster.forecast(
                panel: inputs.panel, index: inputs.index, categories: inputs.categories,
                churnProbabilities: inputs.churnProbabilities, catalogue: inputs.catalogue, period: target,
                options: options, strength: model.kappa, halfLife: model.recencyHalfLife, includeActuals: true)
        } else {
            forecast = try ExpansionForecaster.forecastNextPeriod(
                panel: inputs.panel, index: inputs.index, categories: inputs.categories,
                churnProbabilities: inputs.churnProbabilities, catalogue: inputs.catalogue, options: options, strength: model.kappa,
                halfLife: model.recencyHalfLife)
        }
        let report = ForecastReport(
            history: model.history, weights: inputs.weightsSource, milestones: model.milestones, kappa: model.kappa,
            halfLife: model.recencyHalfLife, bearingVersion: BearingVersion.current, forecast: forecast)
        try OutputDirectory.write(
            [("forecast.json", try OutputDirectory.json(report)), ("milestone-cohorts.csv", Self.cohortCSV(forecast))], into: out)
        return Self.render(forecast)
    }

    static func cohortCSV(_ f: ExpansionForecast) -> [UInt8] {
        var s = "period,milestone,horizon,segment,category,customers,expected_reachers,expected_reachers_within_horizon,reach_probability,upsell_arr,realised_upsell_arr,take_rate,expected_expansion_arr\n"
        for c in f.cohorts {
            s += [
                f.period, csvCell(c.milestone), csvCell(c.horizon.description), csvCell(c.segment), c.category, String(c.customers),
                csvNumber(c.expectedReachers), csvNumber(c.expectedReachersWithinHorizon), csvNumber(c.reachProbability),
                csvNumber(c.upsellARR), csvNumber(c.realisedUpsellARR), csvNumber(c.takeRate), csvNumber(c.expectedExpansionARR),
            ].joined(separator: ",") + "\n"
        }
        return Array(s.utf8)
    }

    static func render(_ f: ExpansionForecast) -> String {
        var s = "Forecast for \(f.period) (\(f.trials) trials, seed \(f.seed), quota rate \(TextTable.percent(f.quotaRate)))\n\n"
        s += "Expansion ARR\n"
        s += TextTable.render(
            ["segment", "customers", "book ARR", "quota", "vector E", "P10", "P50", "P90"],
            f.segments.map {
                [$0.segment, String($0.customers), TextTable.money($0.bookARR), TextTable.money($0.quotaExpansionARR),
                 TextTable.money($0.expectedExpansionARR), TextTable.money($0.expansionP10), TextTable.money($0.expansionP50),
                 TextTable.money($0.expansionP90)]
            })
        if let total = f.total, let actual = total.actualExpansionARR, let churned = total.actualChurnedARR {
            s += "Actual: expansion \(TextTable.money(actual)), churned \(TextTable.money(churned)) (all segments)\n"
        }
        s += "\nChurned ARR\n"
        s += TextTable.render(
            ["segment", "expected", "good fit", "bad fit", "P10", "P50", "P90"],
            f.segments.map {
                [$0.segment, TextTable.money($0.expectedChurnedARR), TextTable.money($0.expectedChurnedARRGoodFit),
                 TextTable.money($0.expectedChurnedARRBadFit), TextTable.money($0.churnedP10),
                 TextTable.money($0.churnedP50), TextTable.money($0.churnedP90)]
            })
        s += "\nMilestone cohorts\n"
        if !f.milestonesWithoutHistory.isEmpty {
            s += "note: no history for \(f.milestonesWithoutHistory.joined(separator: ", ")): reach and take rates are those pooled over all milestones\n"
        }
        s += TextTable.render(
            ["milestone", "segment", "category", "customers", "reach next", "within horizon", "list upsell", "realised upsell", "take",
             "expected ARR"],
            f.cohorts.map {
                [$0.milestone, $0.segment, $0.category, String($0.customers), String(format: "%.1f", $0.expectedReachers),
                 String(format: "%.1f (\($0.horizon))", $0.expectedReachersWithinHorizon), TextTable.money($0.upsellARR),
                 TextTable.money($0.realisedUpsellARR), TextTable.percent($0.takeRate), TextTable.money($0.expectedExpansionARR)]
            })
        return s
    }
}

/// `forecast.json`: the forecast with where it came from.
struct ForecastReport: Codable {
    var history: String
    var weights: String
    var milestones: String
    var kappa: Double
    /// Recency half-life in periods; absent when all periods weigh the same.
    var halfLife: Double?
    var bearingVersion: String
    var forecast: ExpansionForecast
}
