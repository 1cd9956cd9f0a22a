import BearingPanel
import BearingPipeline
import Foundation
import Testing
import _TestSupport

/// The history's SHA-256 is the same whether it is hashed while the panel is parsed or only
/// when a stage asks for it.
@Suite struct HistoryDigestTests {
    @Test func bothTimingsGiveTheFileDigest() throws {
        let dir = try TestSupport.temporaryDirectory()
        let path = dir.appendingPathComponent("history.csv").path
        let text =
            "customer_id,period,segment,fit,arr,churned,expansion_arr,contraction_arr,outcome.a\n"
            + (1...300).map { "C\($0),2025-Q1,smb,good,\($0 * 10),0,0,0,\(Double($0) / 7)\n" }.joined()
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let expected = FileDigest.sha256(Array(text.utf8))
        let concurrent = try HistoryInput.read(path, threads: 2, hashing: .concurrent)
        let whenAsked = try HistoryInput.read(path, threads: 2, hashing: .whenAsked)
        #expect(concurrent.sha256 == expected)
        #expect(whenAsked.sha256 == expected)
        #expect(whenAsked.sha256 == expected, "asked twice")
        #expect(concurrent.panel == whenAsked.panel && concurrent.panel.rowCount == 300)
        #expect(HistoryInput(panel: concurrent.panel, path: path, sha256: "sha256:known").sha256 == "sha256:known")
    }
}
