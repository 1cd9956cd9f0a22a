import ArgumentParser
import BearingContracts
import BearingPanel
import Foundation
import Testing
import _TestSupport

@testable import BearingCommands

/// A history with a missing period, a customer absent then back, and an `--until` past its last
/// period: the commands warn about the first two and refuse the third, naming the range.
@Suite struct DataQualityCommandTests {
    static let history = """
        customer_id,period,segment,fit,csm_id,arr,churned,expansion_arr,contraction_arr,outcome.usage_trend,experience.nps
        a,2025-Q1,smb,good,c1,100,0,0,0,0.1,8
        a,2025-Q2,smb,good,c1,100,0,0,0,0.2,7
        a,2025-Q4,smb,good,c1,100,0,0,0,0.1,6
        b,2025-Q1,smb,good,c1,100,0,0,0,-0.1,3
        b,2025-Q4,smb,good,,100,1,0,0,-0.3,2
        c,2025-Q1,smb,bad,c1,100,0,0,0,0.0,5
        c,2025-Q2,smb,bad,c1,100,0,0,0,0.0,5

        """

    @Test func gapsAndReturnsAreFoundAndAnUntilPastTheDataIsRefused() throws {
        let dir = try TestSupport.temporaryDirectory("quality")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("history.csv")
        try Self.history.write(to: path, atomically: true, encoding: .utf8)
        let input = try HistoryArgument.parse([path.path]).read(ProgressReporter(quiet: true))
        let lines = BearingPanel.PanelQuality(panel: input.panel, index: input.index).lines.joined(separator: "\n")
        #expect(lines.contains("2025-Q3"), "\(lines)")  // the missing period
        #expect(lines.contains("absent"), "\(lines)")  // a and b leave and come back
        #expect(lines.contains("no CSM") || lines.contains("without a CSM"), "\(lines)")
        do {
            _ = try CalibrateCommand.parse([path.path, "--until", "2026-Q2", "--out", dir.appendingPathComponent("w.json").path, "--quiet"])
                .execute()
            Issue.record("an --until past the data was accepted")
        } catch {
            #expect("\(error)".contains("--until 2026-Q2 is outside"), "\(error)")
            #expect("\(error)".contains("2025-Q1...2025-Q4"), "\(error)")
        }
    }
}
