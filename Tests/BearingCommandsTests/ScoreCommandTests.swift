import ArgumentParser
import BearingContracts
import Foundation
import Testing
import _TestSupport

@testable import BearingCommands

@Suite struct ScoreCommandTests {
    static let history = """
        customer_id,period,segment,fit,arr,churned,expansion_arr,contraction_arr,outcome.usage_trend,experience.nps,engagement.days_since_contact
        a,2025-Q1,smb,good,100,0,20,0,1.5,8,10
        a,2025-Q2,smb,good,120,0,0,0,2.0,,12
        b,2025-Q1,"ent, eu",bad,50,0,0,0,-1.0,3,20
        b,2025-Q2,"ent, eu",bad,50,1,0,0,-2.0,2,30
        c,2025-Q1,smb,stretch,80,0,0,10,0.0,6,120
        c,2025-Q2,smb,stretch,70,0,0,0,0.5,7,15

        """

    func run(_ dir: URL, _ extra: [String], threads: Int = 1) throws -> (csv: String, json: [String: Any], text: String) {
        let historyURL = dir.appendingPathComponent("history.csv")
        try Self.history.write(to: historyURL, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("scores.csv").path
        let command = try #require(
            try Bearing.parseAsRoot(["score", historyURL.path, "--out", out, "--threads", String(threads), "--quiet"] + extra)
                as? ScoreCommand)
        let text = try command.execute()
        let csv = try String(contentsOfFile: out, encoding: .utf8)
        let data = try Data(contentsOf: dir.appendingPathComponent("scores.summary.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return (csv, json, text)
    }

    @Test func writesScoresSummaryAndTable() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (csv, json, text) = try run(dir, [])
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "customer_id,period,direction,magnitude,category,cohort,churn_probability,segment,fit")
        #expect(lines.count == 8)  // header, 6 rows, final newline
        // c has 120 days since contact in Q1: ghost; stretch counts as good fit → gone dark.
        #expect(lines[5].contains(",ghost,good-fit gone dark,"))
        // b is bad fit whatever its vector; its segment name is quoted.
        #expect(lines[3].contains(",bad-fit,") && lines[3].hasSuffix(",\"ent, eu\",bad"))
        #expect(json["rows"] as? Int == 6)
        #expect(json["model_kind"] as? String == "vector")
        #expect(json["schema_version"] as? Int == SchemaVersion.current)
        #expect((json["missing"] as? [String: Int])?["experience.nps"] == 1)
        #expect(text.contains("good-fit gone dark"))
        #expect(text.contains("Cohorts at 2025-Q1"))
        #expect(text.contains("Missing cells (imputed to the weights' training mean: z = 0, no contribution): experience.nps 1"))
    }

    @Test func explainColumnsAddUp() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (csv, _, _) = try run(dir, ["--explain"])
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        #expect(header.contains("direction.outcome.usage_trend") && header.contains("magnitude_change.experience.nps"))
        let raw = try #require(header.firstIndex(of: "direction_raw"))
        let contribution = try #require(header.firstIndex(of: "direction.outcome.usage_trend"))
        let change = try #require(header.firstIndex(of: "direction_raw_change"))
        // One outcome feature and no bias: its contribution is direction_raw.
        let a1 = lines[1]
        #expect(abs(Double(a1[raw])! - Double(a1[contribution])!) < 1e-6)
        #expect(a1[change].isEmpty)  // no previous period
        let a2 = lines[2]
        #expect(abs(Double(a2[change])! - (Double(a2[raw])! - Double(a1[raw])!)) < 1e-6)
        // Missing NPS in a's Q2 is imputed: contribution 0, and said so (unlike an average value).
        let nps = try #require(header.firstIndex(of: "magnitude.experience.nps"))
        #expect(Double(a2[nps]) == 0)
        let imputed = try #require(header.firstIndex(of: "imputed"))
        #expect(a2[imputed] == "experience.nps")
        #expect(a1[imputed].isEmpty)
        // c has 120 days since contact in Q1: the ghost rule that fired is named.
        let ghost = try #require(header.firstIndex(of: "ghost_rule"))
        let c1 = lines[5]
        #expect(c1[ghost].hasPrefix("engagement.days_since_contact > "), "\(c1[ghost])")
    }

    @Test func outputDoesNotDependOnThreads() throws {
        let dir1 = try TestSupport.temporaryDirectory()
        let dir2 = try TestSupport.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: dir1)
            try? FileManager.default.removeItem(at: dir2)
        }
        let one = try run(dir1, ["--explain"], threads: 1)
        let two = try run(dir2, ["--explain"], threads: 2)
        #expect(one.csv == two.csv)
        #expect(one.text == two.text)
    }

    @Test func badInputLeavesNoFiles() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: (any Error).self) { try run(dir, ["--period", "2024-Q4"]) }
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(files == ["history.csv"])
        #expect(throws: (any Error).self) { try Bearing.parseAsRoot(["score", "h.csv", "--out", "s.txt"]) }
        #expect(throws: (any Error).self) { try Bearing.parseAsRoot(["score", "h.csv", "--out", "s.csv", "--period", "2025-Q5"]) }
    }
}
