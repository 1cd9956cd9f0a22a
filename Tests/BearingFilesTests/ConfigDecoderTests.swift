import Foundation
import Testing

@testable import BearingFiles

let scenarioYAML = """
    # A small scenario.
    name: baseline
    seed: 42
    periods: 24
    enabled: true
    segments:
      - name: small
        customers: 1e4
        tier: smb
        arr: {mean: 9.5, sigma: 0.8}
        churn: 0.02
      - name: large
        customers: 120
        tier: mid-market
        arr:
          mean: 11.2
          sigma: 0.5
        churn: 0.005
        note: "hand-picked"
    growth:
      q3: 0.1
      q1: 0.3
      q2: -0.05
    tags: [pilot, '2026']
    """

let scenarioJSON = """
    {
    \t"name": "baseline", "seed": 42, "periods": 24, "enabled": true,
    \t"segments": [
    \t\t{"name": "small", "customers": 1E4, "tier": "smb", "arr": {"mean": 9.5, "sigma": 0.8}, "churn": 0.02},
    \t\t{"name": "large", "customers": 120, "tier": "mid-market",
    \t\t "arr": {"mean":11.2,"sigma":0.5}, "churn": 5e-3, "note": "hand-picked"}
    \t],
    \t"growth": {"q3": 0.1, "q1": 0.3, "q2": -0.05},
    \t"tags": ["pilot", "2026"]
    }
    """

func decodeError<T: Decodable>(
    _ type: T.Type, _ text: String, file: String = "scenario.yaml",
    decoder: ConfigDecoder = ConfigDecoder()
) -> ConfigError? {
    do {
        _ = try decoder.decode(type, from: text, file: file)
        return nil
    } catch {
        return error
    }
}

struct ConfigDecoderTests {
    let expected = Scenario(
        name: "baseline", seed: 42, periods: 24, enabled: true,
        segments: [
            Segment(
                name: "small", customers: 10_000, tier: .smb, arr: .init(mean: 9.5, sigma: 0.8),
                churn: Probability(0.02), note: nil),
            Segment(
                name: "large", customers: 120, tier: .midMarket, arr: .init(mean: 11.2, sigma: 0.5),
                churn: Probability(0.005), note: "hand-picked"),
        ],
        growth: OrderedMapping([("q3", 0.1), ("q1", 0.3), ("q2", -0.05)]),
        band: nil, tags: ["pilot", "2026"])

    @Test func decodesNestedStructsArraysOptionalsAndEnums() throws {
        let scenario = try ConfigDecoder().decode(Scenario.self, from: scenarioYAML, file: "scenario.yaml")
        #expect(scenario == expected)
        #expect(scenario.growth?.keys == ["q3", "q1", "q2"])
    }

    @Test func jsonDecodesToTheSameValue() throws {
        let scenario = try ConfigDecoder().decode(Scenario.self, from: scenarioJSON, file: "scenario.json")
        #expect(scenario == expected)
    }

    @Test func unknownKeyAtDepthIsLocatedAndListsExpectedKeys() throws {
        let text = scenarioYAML.replacingOccurrences(of: "      sigma: 0.5", with: "      sigma: 0.5\n      sigmaa: 0.4")
        let error = try #require(decodeError(Scenario.self, text))
        let (line, column) = locate("sigmaa", in: text)
        #expect(error.kind == .unknownKey)
        #expect(error.path == "segments[1].arr.sigmaa")
        #expect((error.line, error.column) == (line, column))
        #expect(error.message.contains("unknown key 'sigmaa' (expected one of: mean, sigma)"))
        #expect(error.message.contains("did you mean 'sigma'?"))
        #expect(error.description.hasPrefix("scenario.yaml:\(line):\(column): segments[1].arr.sigmaa: unknown key"))
    }

    @Test func unknownKeyInFlowMappingAndAtTopLevel() throws {
        let text =
            scenarioYAML.replacingOccurrences(of: "arr: {mean: 9.5, sigma: 0.8}", with: "arr: {mean: 9.5, sigma: 0.8, skew: 1}")
            + "\nperiod: 12"
        let error = try #require(decodeError(Scenario.self, text))
        // The first unknown key in file order is reported, and the rest are counted.
        #expect(error.path == "segments[0].arr.skew")
        #expect((error.line, error.column) == locate("skew", in: text))
        #expect(error.message.contains("[1 more unknown key]"))
        let top = try #require(decodeError(Scenario.self, scenarioYAML + "\nperiod: 12"))
        #expect(top.path == "period")
        #expect(top.message.contains("did you mean 'periods'?"))
        #expect((top.line, top.column) == locate("period:", in: scenarioYAML + "\nperiod: 12"))
    }

    @Test func unknownKeyInJSONIsLocated() throws {
        let text = scenarioJSON.replacingOccurrences(of: "\"churn\": 0.02}", with: "\"churn\": 0.02, \"chrun\": 0.1}")
        let error = try #require(decodeError(Scenario.self, text, file: "scenario.json"))
        #expect(error.kind == .unknownKey)
        #expect(error.path == "segments[0].chrun")
        // Tabs count as one column each, as in the file.
        #expect((error.line, error.column) == locate("\"chrun\"", in: text))
    }

    @Test func typeMismatchNamesPathExpectedAndFound() throws {
        let text = scenarioYAML.replacingOccurrences(of: "customers: 120", with: "customers: many")
        let error = try #require(decodeError(Scenario.self, text))
        #expect(error.kind == .typeMismatch)
        #expect(error.path == "segments[1].customers")
        #expect((error.line, error.column) == locate("many", in: text))
        #expect(error.message == "expected an integer, found 'many'")
    }

    @Test func shapeMismatch() throws {
        let text = scenarioYAML.replacingOccurrences(of: "arr: {mean: 9.5, sigma: 0.8}", with: "arr: [9.5, 0.8]")
        let error = try #require(decodeError(Scenario.self, text))
        #expect(error.path == "segments[0].arr")
        #expect(error.message == "expected a mapping, found a list")
        #expect((error.line, error.column) == locate("[9.5", in: text))
        let notList = try #require(decodeError(Scenario.self, scenarioYAML.replacingOccurrences(of: "tags: [pilot, '2026']", with: "tags: pilot")))
        #expect(notList.path == "tags" && notList.message == "expected a list, found 'pilot'")
    }

    @Test func missingKeyIsLocatedAtItsMapping() throws {
        let text = scenarioYAML.replacingOccurrences(of: "      sigma: 0.5\n", with: "")
        let error = try #require(decodeError(Scenario.self, text))
        #expect(error.kind == .missingKey)
        #expect(error.path == "segments[1].arr.sigma")
        #expect(error.message == "missing key 'sigma' (expected a number)")
        #expect((error.line, error.column) == locate("mean: 11.2", in: text))
    }

    @Test(arguments: ["", "\n    note:", "\n    note: ~", "\n    note: null"])
    func optionalsAcceptAbsenceAndNull(suffix: String) throws {
        let text = "name: a\ncustomers: 1\ntier: smb\narr: {mean: 1, sigma: 1}\nchurn: 0" + suffix.replacingOccurrences(of: "    ", with: "")
        let segment = try ConfigDecoder().decode(Segment.self, from: text, file: "s.yaml")
        #expect(segment.note == nil)
    }

    @Test func nullForRequiredValueIsAnError() throws {
        let error = try #require(decodeError(Segment.self, "name: ~\ncustomers: 1\ntier: smb\narr: {mean: 1, sigma: 1}\nchurn: 0"))
        #expect(error.path == "name" && error.message == "expected text, found null")
    }

    @Test func badEnumCaseListsAllowedValues() throws {
        let text = scenarioYAML.replacingOccurrences(of: "tier: smb", with: "tier: gold")
        let error = try #require(decodeError(Scenario.self, text))
        #expect(error.kind == .invalidValue)
        #expect(error.path == "segments[0].tier")
        #expect(error.message == "invalid value 'gold' (expected one of: smb, mid-market, enterprise)")
        #expect((error.line, error.column) == locate("gold", in: text))
    }

    @Test func rangeErrorFromInitIsWrappedWithLocation() throws {
        let text = scenarioYAML.replacingOccurrences(of: "churn: 0.005", with: "churn: 1.5")
        let error = try #require(decodeError(Scenario.self, text))
        #expect(error.kind == .invalidValue)
        #expect(error.path == "segments[1].churn")
        #expect(error.message == "a probability must be in [0, 1], found 1.5")
        #expect((error.line, error.column) == locate("1.5", in: text))
    }

    @Test func rangeErrorWithKeyPointsAtThatKey() throws {
        let text = scenarioYAML + "\nband:\n  low: 3\n  high: 2"
        let error = try #require(decodeError(Scenario.self, text))
        #expect(error.path == "band.high")
        let key = locate("high: 2", in: text)
        #expect((error.line, error.column) == (key.line, key.column + 6))
        #expect(error.message == "high must be at least low (3.0)")
    }

    @Test func syntaxErrorsHaveLineAndColumn() throws {
        let bad = "name: a\nsegments:\n  - name: b\n   customers: 3\n"
        let error = try #require(decodeError(Scenario.self, bad))
        #expect(error.kind == .syntax)
        #expect(error.line == 4)
        #expect(error.message.hasPrefix("syntax error:"))
        let json = try #require(decodeError(Scenario.self, "{\"name\": \"a\",\n \"seed\": [1, 2}\n", file: "x.json"))
        #expect(json.kind == .syntax && json.line == 2)
    }

    @Test func duplicateKeyIsASyntaxError() throws {
        let error = try #require(decodeError(LogNormalParameters.self, "mean: 1\nsigma: 2\nmean: 3"))
        #expect(error.kind == .syntax)
        #expect(error.message.contains("duplicate key 'mean'"))
        #expect(error.line == 1)
    }

    @Test(arguments: ["", "\n\n", "# only a comment\n", "---\n"])
    func emptyFileIsAnError(text: String) throws {
        let error = try #require(decodeError(Scenario.self, text))
        #expect(error.kind == .empty)
        #expect(error.description.hasPrefix("scenario.yaml:1:1: the file has no content"))
    }

    @Test func scalarsAreStrict() throws {
        struct Flags: Decodable { var on: Bool; var p: Double }
        let yes = try #require(decodeError(Flags.self, "on: yes\np: 0.5"))
        #expect(yes.path == "on" && yes.message == "expected true or false, found 'yes'")
        let quoted = try #require(decodeError(Flags.self, "on: true\np: \"0.5\""))
        #expect(quoted.message == "expected a number, found '0.5' (quoted values are text; remove the quotes)")
        let inf = try #require(decodeError(Flags.self, "on: true\np: .inf"))
        #expect(inf.kind == .invalidValue && inf.message == "expected a finite number, found '.inf'")
        var lenient = ConfigDecoder()
        lenient.allowsNonFiniteNumbers = true
        let flags = try lenient.decode(Flags.self, from: "on: false\np: -.inf", file: "f.yaml")
        #expect(flags.p == -.infinity && !flags.on)
        let huge = try #require(decodeError(Flags.self, "on: true\np: 1e400"))
        #expect(huge.kind == .invalidValue)
        let hex = try #require(decodeError(Flags.self, "on: true\np: 0x10"))
        #expect(hex.kind == .typeMismatch)
    }

    @Test func integersAcceptExactFloatsOnly() throws {
        struct Count: Decodable { var n: Int; var u: UInt32? }
        #expect(try ConfigDecoder().decode(Count.self, from: "n: 1e6", file: "c.yaml").n == 1_000_000)
        #expect(try ConfigDecoder().decode(Count.self, from: "n: -3.0", file: "c.yaml").n == -3)
        let half = try #require(decodeError(Count.self, "n: 2.5"))
        #expect(half.message == "expected an integer, found '2.5'")
        let negative = try #require(decodeError(Count.self, "n: 1\nu: -1"))
        #expect(negative.kind == .invalidValue && negative.message == "'-1' is out of range for UInt32")
    }

    @Test func dictionariesTakeAllKeysAndOrderedMappingKeepsOrder() throws {
        struct Weights: Decodable { var weights: [String: Double]; var order: OrderedMapping<Int> }
        let w = try ConfigDecoder().decode(
            Weights.self, from: "weights: {usage: 0.4, support: -0.2}\norder:\n  z: 1\n  a: 2\n  m: 3", file: "w.yaml")
        #expect(w.weights == ["usage": 0.4, "support": -0.2])
        #expect(Array(w.order.keys) == ["z", "a", "m"] && w.order["a"] == 2)
        let bad = try #require(decodeError(Weights.self, "weights: {usage: x}\norder: {}"))
        #expect(bad.path == "weights.usage")
    }

    @Test func keysThatLookLikePathsDoNotCollide() throws {
        // `a.b` as one key and `a` → `b` nested render the same path text; each mapping must
        // still keep its own record of asked keys.
        let text = "a.b: {mean: 1, sigma: 2}\na: {b: {mean: 3, sigma: 4, extra: 5}}"
        struct Both: Decodable {
            var first: LogNormalParameters
            var nested: [String: LogNormalParameters]
            enum CodingKeys: String, CodingKey {
                case first = "a.b"
                case nested = "a"
            }
        }
        let collision = try #require(decodeError(Both.self, text))
        #expect(collision.kind == .unknownKey && collision.path == "a.b.extra")
        #expect((collision.line, collision.column) == locate("extra", in: text))
    }

    @Test func anchorsAndAliasesExpand() throws {
        let text = "a: &p {mean: 1, sigma: 2}\nb: *p"
        let pair = try ConfigDecoder().decode([String: LogNormalParameters].self, from: text, file: "a.yaml")
        #expect(pair["b"] == LogNormalParameters(mean: 1, sigma: 2))
    }

    @Test func decodesFromFileAndReportsUnreadableFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bearing-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = dir.appendingPathComponent("scenario.json").path
        try scenarioJSON.write(toFile: json, atomically: true, encoding: .utf8)
        #expect(try ConfigDecoder().decode(Scenario.self, fromFile: json) == expected)
        let missing = dir.appendingPathComponent("nope.yaml").path
        do {
            _ = try ConfigDecoder().decode(Scenario.self, fromFile: missing)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .unreadable && error.file == missing && error.line == 0)
            #expect(error.description.hasPrefix("\(missing): cannot read the file"))
        }
    }

    @Test func userInfoReachesTypes() throws {
        struct Scaled: Decodable {
            var value: Double
            static let factor = CodingUserInfoKey(rawValue: "factor")!
            init(from decoder: any Decoder) throws {
                let raw = try decoder.singleValueContainer().decode(Double.self)
                value = raw * (decoder.userInfo[Self.factor] as? Double ?? 1)
            }
        }
        var decoder = ConfigDecoder()
        decoder.userInfo[Scaled.factor] = 10.0
        #expect(try decoder.decode([Scaled].self, from: "[1, 2.5]", file: "u.yaml").map(\.value) == [10, 25])
    }

    @Test func formatFollowsFileName() {
        #expect(ConfigFormat(fileName: "a/b/Scenario.JSON") == .json)
        #expect(ConfigFormat(fileName: "plan.yml") == .yaml)
        #expect(ConfigFormat(fileName: "weights") == .yaml)
    }

    @Test func locateHelperFindsOccurrences() {
        #expect(locate("b", in: "ab\nxb b") == (1, 2))
        #expect(locate("b", in: "ab\nxb b", occurrence: 3) == (2, 4))
    }
}
