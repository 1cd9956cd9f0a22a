import ArgumentParser
import BearingContracts
import BearingPipeline
import BearingReport
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
        _ = try ScoreCommand.parse([history.path, "--out", dir.appendingPathComponent("scores.csv").path, "--quiet"]).execute()
        let out = dir.appendingPathComponent("site/report.html")
        let command = try ReportCommand.parse([dir.path, "--out", out.path])
        _ = try command.execute()
        let html = try String(contentsOf: out, encoding: .utf8)
        let lastPeriodRows = ForecastCommandTests.historyCSV().split(separator: "\n").filter { $0.contains(",2025-Q4,") }.count
        #expect(html.contains("Vector map, 2025-Q4"))
        // Every customer of the last period is in the map's density.
        let map = html.components(separatedBy: "<section id=\"vector-map\">")[1].components(separatedBy: "</section>")[0]
        #expect(map.contains("All \(lastPeriodRows) customers scored in 2025-Q4"))
        #expect(html.contains("ROC: how well the churn probability ranks churners"))
        #expect(html.contains("Retention by cohort"))
        #expect(html.contains("no backtest found"))
        #expect(html.contains("no forecast comparison found"))
        #expect(html.contains("no plan comparison found"))
        #expect(!html.contains("<script"))
    }

    /// A folder with no Bearing outputs is an error that says what was looked for; no page is written.
    @Test func emptyFolderIsAnErrorAndWritesNothing() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "not bearing".write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("report.html")
        do {
            _ = try ReportCommand.parse([dir.path, "--out", out.path]).execute()
            Issue.record("a folder without outputs gave a report")
        } catch let error as ContractError {
            #expect(error.description.contains("no Bearing outputs"))
            #expect(error.description.contains("backtest.json"))
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func missingFolderIsAnErrorNamingIt() throws {
        let path = "/nonexistent/bearing-\(UUID().uuidString)"
        #expect(throws: ContractError.self) { _ = try ReportCommand.parse([path, "--out", "/tmp/x.html"]).execute() }
    }

    /// compare-forecasts and comp both write comparison.json; the report tells them apart by content.
    @Test func comparisonFilesAreToldApartByContent() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let forecastHistory = dir.appendingPathComponent("forecast-history.csv")
        try ForecastCommandTests.historyCSV().write(to: forecastHistory, atomically: true, encoding: .utf8)
        _ = try CompareForecastsCommand.parse([
            forecastHistory.path, "--milestones", ForecastCommandTests.catalogue, "--quota", "0.05", "--trials", "50",
            "--out", dir.appendingPathComponent("b").path, "--quiet",
        ]).execute()
        let compHistory = dir.appendingPathComponent("comp-history.csv")
        try CompCommandTests.history.write(to: compHistory, atomically: true, encoding: .utf8)
        let plan = dir.appendingPathComponent("plan.json")
        try CompCommandTests.nrr.replacingOccurrences(of: "\"name\": \"nrr\"", with: "\"name\": \"Plan <A>\"").write(
            to: plan, atomically: true, encoding: .utf8)
        _ = try CompCommand.parse([plan.path, "--history", compHistory.path, "--out", dir.appendingPathComponent("a").path, "--quiet"]).execute()
        let inputs = try ReportInputs.load(directory: dir.path)
        #expect(inputs.forecastComparison?.result.rows.isEmpty == false)
        #expect(inputs.comp?.plans.first?.name == "Plan <A>")
        #expect(inputs.problems.isEmpty)
        let html = String(decoding: ReportStage.render(inputs), as: UTF8.self)
        #expect(html.contains("Plan &lt;A&gt;"))
        #expect(html.contains("Expansion ARR per period, all segments"))
        #expect(html.contains("no stress test found"))
    }

    @Test func unreadableOutputIsReportedInItsSection() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "{\"schema_version\": 2, \"bearing_version\": \"0.2.0\"}".write(
            to: dir.appendingPathComponent("backtest.json"), atomically: true, encoding: .utf8)
        let inputs = try ReportInputs.load(directory: dir.path)
        #expect(inputs.backtest == nil)
        #expect(inputs.problems["backtest"]?.contains("missing key 'history'") == true, "\(inputs.problems)")
    }
}
