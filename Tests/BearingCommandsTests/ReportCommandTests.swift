import ArgumentParser
import Foundation
import Testing
import _TestSupport
@testable import BearingCommands

@Suite struct ReportCommandTests {
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bearing-report-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// A folder holding one command's output (score) still gives a report: the vector map and
    /// the curves are drawn, the other sections say what is missing.
    @Test func scoreOutputAloneGivesMapCurvesAndPlainMissingNotes() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let history = dir.appendingPathComponent("history.csv")
        try ForecastCommandTests.historyCSV().write(to: history, atomically: true, encoding: .utf8)
        _ = try ScoreCommand.score(
            history: history.path, weightsPath: nil, period: nil, explain: false, grossMargin: 0.8, threads: 2,
            out: dir.appendingPathComponent("scores.csv").path, progress: false)
        let out = dir.appendingPathComponent("site/report.html")
        let command = try ReportCommand.parse([dir.path, "--out", out.path])
        try command.run()
        let html = try String(contentsOf: out, encoding: .utf8)
        let lastPeriodRows = ForecastCommandTests.historyCSV().split(separator: "\n").filter { $0.contains(",2025-Q4,") }.count
        #expect(html.contains("Vector map, 2025-Q4"))
        // One dot per customer of the last period in the map (fewer than the sampling limit).
        let map = html.components(separatedBy: "<section id=\"vector-map\">")[1].components(separatedBy: "</section>")[0]
        #expect(Self.count("<circle class=\"mark\"", in: map) == lastPeriodRows)
        #expect(html.contains("ROC: how well the churn probability ranks churners"))
        #expect(html.contains("Realised retention by cohort"))
        #expect(html.contains("no backtest found"))
        #expect(html.contains("no forecast comparison found"))
        #expect(html.contains("no plan comparison found"))
        #expect(!html.contains("<script"))
    }

    @Test func emptyFolderGivesAReportThatSaysSo() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("report.html")
        try ReportCommand.parse([dir.path, "--out", out.path]).run()
        let html = try String(contentsOf: out, encoding: .utf8)
        #expect(Self.count("<strong>Not available:</strong>", in: html) == 6)
        #expect(!html.contains("<svg"))
    }

    @Test func missingFolderIsAnErrorNamingIt() throws {
        let path = "/nonexistent/bearing-\(UUID().uuidString)"
        #expect(throws: CommandInputError.self) { try ReportCommand.parse([path, "--out", "/tmp/x.html"]).run() }
    }

    /// compare-forecasts and comp both write comparison.json; the report tells them apart by content.
    @Test func comparisonFilesAreToldApartByContent() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        for sub in ["a", "b"] {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        let forecast = """
            {"comparison": {"quotaRate": 0.05, "rows": [
              {"period": "2025-Q2", "segment": "all", "actualExpansionARR": 100, "quotaExpansionARR": 150, "vectorP10": 80, "vectorP50": 95, "vectorP90": 120},
              {"period": "2025-Q3", "segment": "all", "actualExpansionARR": 110, "quotaExpansionARR": 150, "vectorP10": 90, "vectorP50": 105, "vectorP90": 130}],
             "summaries": [{"segment": "all", "periods": 2, "quotaMAPE": 0.43, "vectorMAPE": 0.05, "quotaBias": 0.43, "vectorBias": -0.05, "coverage": 1}]}}
            """
        let comp = """
            {"history": "h.csv", "plans": [{"name": "Plan <A>", "summary": {"totalCost": 1000000, "payPerformanceCorrelation": null},
              "csms": [{"csmID": "CSM1", "nrr": 0.95, "total": 100000}, {"csmID": "CSM2", "nrr": 1.05, "total": 120000}]}]}
            """
        try forecast.write(to: dir.appendingPathComponent("b/comparison.json"), atomically: true, encoding: .utf8)
        try comp.write(to: dir.appendingPathComponent("a/comparison.json"), atomically: true, encoding: .utf8)
        let inputs = try ReportLoader.load(directory: dir.path)
        #expect(inputs.forecastComparison?.comparison.rows.count == 2)
        #expect(inputs.comp?.plans.first?.name == "Plan <A>")
        #expect(inputs.problems.isEmpty)
        let out = dir.appendingPathComponent("report.html")
        try ReportCommand.write(inputs, to: out.path)
        let html = try String(contentsOf: out, encoding: .utf8)
        #expect(html.contains("Plan &lt;A&gt;"))
        #expect(html.contains("Expansion ARR per period, all segments"))
        #expect(html.contains("no stress test found"))
    }

    @Test func unreadableOutputIsReportedInItsSection() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "{\"models\": [\"vector\"]}".write(to: dir.appendingPathComponent("backtest.json"), atomically: true, encoding: .utf8)
        let inputs = try ReportLoader.load(directory: dir.path)
        #expect(inputs.backtest == nil)
        #expect(inputs.problems["backtest"]?.contains("missing key 'overall'") == true)
    }
}
