import BearingComp
import BearingContracts
import Foundation
import Testing

@testable import BearingReport

struct ReportBuilderTests {
    static func point(_ id: String, _ d: Double = 0.1, category: String = "neutral") -> VectorMap.Point {
        VectorMap.Point(customerID: id, segment: "S", direction: d, magnitude: 0.5, category: category, badFit: false)
    }

    @Test func emptyInputsStillShowEverySectionAndSaySoPlainly() {
        let html = ReportBuilder.page(ReportInputs(source: "empty"), generatedBy: "test").html()
        for id in ["vector-map", "cohorts", "calibration", "forecasts", "comp", "files"] {
            #expect(html.contains("<section id=\"\(id)\">"), "section \(id)")
        }
        #expect(!html.contains("<svg"))
        #expect(occurrences(of: "<p class=\"missing\"><strong>Not available:</strong>", in: html) == 6)
        #expect(html.contains("bearing backtest"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") && !html.contains("https://"))
    }

    /// Every customer counts in the density (hexagon counts add up to the customers), and the
    /// category thresholds of the scores' weights are drawn.
    @Test func vectorMapShowsDensityOfEveryCustomer() {
        var inputs = ReportInputs(source: "x")
        let points = (0..<5_000).map { Self.point("C\($0)", Double($0 % 200) / 100 - 1, category: $0 % 2 == 0 ? "positive" : "ghost") }
        inputs.vectorMap = VectorMap(
            period: "2026-Q2", previousPeriod: "2026-Q1", points: points, categoryCounts: ["positive": 2_500, "ghost": 2_500])
        let html = ReportBuilder.page(inputs, generatedBy: "test").html()
        let map = html.components(separatedBy: "<section id=\"vector-map\">")[1].components(separatedBy: "</section>")[0]
        let counts = map.components(separatedBy: "<polygon class=\"mark\"").dropFirst().compactMap { hex in
            hex.components(separatedBy: "<title>").dropFirst().first?.split(separator: " ").first.flatMap { Int($0) }
        }
        #expect(counts.reduce(0, +) == 5_000)
        #expect(counts.count < 200, "a few hundred hexagons at most, not one mark per customer")
        #expect(map.contains("All 5,000 customers scored in 2026-Q2"))
        #expect(!map.contains("class=\"threshold\""), "no weights, no threshold lines")
        #expect(map.contains("No weights found"))
    }

    static func stress(skill: Bool) throws -> StressDocument {
        func distribution(_ values: [Double]) -> StressDistribution { StressDistribution(values) }
        func plan(_ name: String, _ median: Double) -> StressDocument.Plan {
            let q = distribution([100, 200, 300])
            let none = distribution([])
            return StressDocument.Plan(
                file: "\(name).yaml",
                stress: PlanStressSummary(
                    planName: name, trials: 50, totalCost: q, costShareOfRetainedRevenue: none, payPerformanceCorrelation: none,
                    topQuartileVariableShare: none, variablePayPerCSM: none,
                    skillCorrelation: skill ? distribution([median - 0.2, median, median + 0.1]) : nil))
        }
        return StressDocument(
            bearingVersion: "test", scenario: "s.yaml", seed: 1, trials: 50, from: nil, to: nil,
            plans: [plan("nrr", 0.31), plan("expansion", 0.42), plan("flat", -0.05)])
    }

    /// The skill chart appears, with the highest-median plan named, when stress.json has the
    /// field; an older stress.json gets a "Not available" line instead and no empty chart.
    @Test func skillCorrelationChartOrNotAvailable() throws {
        var inputs = ReportInputs(source: "x")
        inputs.stress = try Self.stress(skill: true)
        inputs.stressTrials = StressTrialsTable(values: ["nrr": ["skill_correlation": [0.1, 0.3, 0.5]]])
        let html = ReportBuilder.page(inputs, generatedBy: "test").html()
        #expect(html.contains("Does pay follow CSM skill?"))
        #expect(html.contains("expansion rewards skill best: its median correlation of variable pay with the CSM skill the simulator drew is 0.42."))
        #expect(!html.contains("Not available — stress.json has no skill_correlation"))
        let figure = try #require(html.components(separatedBy: "Does pay follow CSM skill?").last)
        let svg = try #require(figure.components(separatedBy: "</svg>").first)
        #expect(svg.contains("class=\"mark\""))

        inputs.stress = try Self.stress(skill: false)
        let old = ReportBuilder.page(inputs, generatedBy: "test").html()
        #expect(old.contains("Does pay follow CSM skill? Spearman correlation of variable pay with latent CSM skill: Not available"))
        #expect(!old.contains("rewards skill best"))
        #expect(old.contains("Stress test — Total plan cost"))
    }

    @Test func printStylesAndNoExternalResources() {
        let html = ReportPage(title: "T & <U>", sections: []).html()
        #expect(html.contains("@media print"))
        #expect(html.contains("<title>T &amp; &lt;U&gt;</title>"))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
    }
}
