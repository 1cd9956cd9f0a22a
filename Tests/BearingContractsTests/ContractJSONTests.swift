import BearingContracts
import BearingFiles
import Foundation
import Testing

@Suite struct ContractJSONTests {
    struct Sample: Codable, Equatable {
        var startARR: Double
        var csmID: String
        var bySegment: [String: Int]
    }

    @Test func writesSnakeCaseSortedWithVersionAndReadsBack() throws {
        let value = Sample(startARR: 1200, csmID: "CSM001", bySegment: ["Small Agency": 3])
        let bytes = try ContractJSON.encode(value)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(
            text == """
                {
                  "by_segment" : {
                    "Small Agency" : 3
                  },
                  "csm_id" : "CSM001",
                  "schema_version" : \(SchemaVersion.current),
                  "start_arr" : 1200
                }

                """)
        #expect(try ContractJSON.decode(Sample.self, from: text, file: "sample.json") == value)
    }

    @Test func refusesAFileWithoutOrWithAnotherSchemaVersion() {
        for text in [#"{"startARR": 1, "csmID": "a", "bySegment": {}}"#, #"{"schema_version": 1, "start_arr": 1, "csm_id": "a", "by_segment": {}}"#] {
            do {
                _ = try ContractJSON.decode(Sample.self, from: text, file: "old.json")
                Issue.record("decoded an old file")
            } catch {
                #expect(error.description.contains("old.json"))
                #expect(error.description.contains("rerun the command"))
            }
        }
    }

    @Test func csvWriterQuotesOnlyWhenNeededAndWritesWholeNumbersBare() {
        let csv = CSVWriter(header: ["a", "b,c"])
        csv.field("x\"y")
        csv.field(1200.0)
        csv.endRow()
        csv.field(0.1)
        csv.field(Double.nan)
        csv.endRow()
        #expect(String(decoding: csv.bytes, as: UTF8.self) == "a,\"b,c\"\n\"x\"\"y\",1200\n0.1,\n")
        var reader = CSVRecordReader(bytes: csv.bytes)
        #expect(reader.all().map(\.fields) == [["a", "b,c"], ["x\"y", "1200"], ["0.1", ""]])
    }
}
