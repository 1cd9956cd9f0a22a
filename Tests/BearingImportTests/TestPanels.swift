import BearingFiles
import BearingPanel
import BearingSimulation
import Foundation

/// Panels and paths shared by the import tests.
enum TestPanels {
    /// The repository root.
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var examples: URL { repository.appendingPathComponent("Scenarios/examples") }

    /// A small simulated history of the bundled saas-agency scenario (16 features, three
    /// milestones, CSMs, missing cells, churn), as the strict reader reads its CSV.
    static func simulated(customers: [Int] = [60, 30, 10], seed: UInt64 = 7, trial: Int = 0) throws -> HistoryPanel {
        var scenario = try ConfigDecoder().decode(
            Scenario.self, fromFile: repository.appendingPathComponent("Scenarios/saas-agency.yaml").path)
        for (i, n) in customers.enumerated() where i < scenario.segments.count { scenario.segments[i].customers = n }
        let panel = try MonteCarloEngine(scenario: scenario, seed: seed).historyPanel(trial: trial).panel
        return try HistoryCSVReader.read(bytes: HistoryCSVWriter.encode(panel), fileName: "clean.csv")
    }

    /// The clean panel's CSV cells by header name, one dictionary per row (ids and segment
    /// names of simulated panels hold no commas or quotes, so a plain split is exact).
    static func cleanCells(_ panel: HistoryPanel) -> (header: [String], rows: [[String]]) {
        let text = String(decoding: HistoryCSVWriter.encode(panel), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return (header, Array(rows))
    }
}
