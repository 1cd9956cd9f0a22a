import BearingVector

/// Turns `ReportInputs` into the report: the three answers first, then one section per topic
/// (`ReportBuilder+VectorMap.swift`, `+Cohorts`, `+Calibration`, `+Forecasts`, `+Comp`,
/// `+Files`). Every section is always present; when its inputs are missing it says which
/// command writes them. A pure function of its inputs, so `bearing report DIR` and the
/// workbench's in-memory report are the same bytes.
package enum ReportBuilder {
    package static func page(_ inputs: ReportInputs, generatedBy: String) -> ReportPage {
        var subtitle = ["Source: \(inputs.source)"]
        if let sim = inputs.simulation {
            subtitle.append("Scenario \(sim.scenario), seed \(sim.seed), \(ReportFormat.count(sim.trials)) Monte Carlo trials")
        }
        subtitle.append(generatedBy)
        return ReportPage(
            title: "Customer Success Vectors — Bearing report", subtitle: subtitle,
            answers: [weightsAnswer(inputs), forecastAnswer(inputs), compAnswer(inputs)],
            sections: [
                vectorMapSection(inputs), cohortSection(inputs), calibrationSection(inputs), forecastSection(inputs),
                compSection(inputs), filesSection(inputs),
            ])
    }

    static let categories = ["positive", "neutral", "negative", "ghost"]
    static let cohorts = ["good-fit positive", "good-fit neutral", "good-fit negative", "good-fit gone dark"]

    /// Segments in first-seen order with the roll-up (`all`) last.
    static func orderedSegments(_ names: [String]) -> [String] {
        var seen: [String] = []
        for n in names where !seen.contains(n) && n != "all" { seen.append(n) }
        return names.contains("all") ? seen + ["all"] : seen
    }

    static func modelName(_ m: ModelKind) -> String {
        switch m {
        case .vector: "Success Vector"
        case .logistic: "Logistic (reference)"
        case .health: "Health score (baseline)"
        }
    }
}
