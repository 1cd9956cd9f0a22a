import Foundation
import Testing

@testable import BearingFiles

@Suite struct KeyStyleTests {
    @Test(arguments: [
        ("startARR", "start_arr"), ("csmID", "csm_id"), ("quotaMAPE", "quota_mape"), ("expansionP10", "expansion_p10"),
        ("churnedARRGoodFit", "churned_arr_good_fit"), ("aucCILow", "auc_ci_low"), ("p5", "p5"), ("cohort_rule", "cohort_rule"),
        ("schemaVersion", "schema_version"), ("x1Y", "x1_y"), ("URLPath", "url_path"), ("name", "name"),
        ("Small Agency", "Small Agency"), ("outcome.usageTrend", "outcome.usageTrend"), ("", ""),
    ])
    func snakeCase(_ pair: (String, String)) {
        #expect(KeyStyle.snakeCase(pair.0) == pair.1)
    }

    @Test func camelCandidatesInvertSnakeCase() {
        for name in ["startARR", "csmID", "quotaMAPE", "expansionP10", "churnedARRGoodFit", "topDecileLift"] {
            #expect(KeyStyle.camelCandidates(KeyStyle.snakeCase(name)).contains(name), "\(name)")
        }
    }

    struct Inner: Codable, Equatable {
        var startARR: Double
        var csmID: String
    }

    struct Document: Codable, Equatable {
        var quotaMAPE: Double
        var bySegment: [String: Inner]
        var expansionP10: Double?
        var rows: [Inner]
    }

    @Test func snakeCaseJSONReadsBackIntoTheWritingType() throws {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .custom { path in KeyStyleTests.Key(KeyStyle.snakeCase(path.last?.stringValue ?? "")) }
        encoder.outputFormatting = [.sortedKeys]
        let value = Document(
            quotaMAPE: 0.5, bySegment: ["Small Agency": Inner(startARR: 1, csmID: "a"), "bigBiz": Inner(startARR: 2, csmID: "b")],
            expansionP10: nil, rows: [Inner(startARR: 3, csmID: "c")])
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        #expect(text.contains("\"quota_mape\"") && text.contains("\"start_arr\"") && text.contains("\"bigBiz\""))
        var decoder = ConfigDecoder()
        decoder.keyStyle = .snakeCase
        #expect(try decoder.decode(Document.self, from: text, file: "doc.json") == value)
    }

    @Test func unknownSnakeKeyIsStillReported() {
        var decoder = ConfigDecoder()
        decoder.keyStyle = .snakeCase
        let text = #"{"start_arr": 1, "csm_id": "a", "stray_key": 2}"#
        #expect(throws: ConfigError.self) { try decoder.decode(Inner.self, from: text, file: "inner.json") }
        do {
            _ = try decoder.decode(Inner.self, from: text, file: "inner.json")
        } catch {
            #expect(error.message.contains("stray_key"))
        }
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
