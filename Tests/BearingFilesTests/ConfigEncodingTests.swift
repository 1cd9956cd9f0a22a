import Foundation
import Testing

@testable import BearingFiles

/// Files that are not UTF-8 text, and input characters that must not reach a terminal raw:
/// the expected messages are written out by hand.
struct ConfigEncodingTests {
    func bytesError(_ bytes: [UInt8], file: String = "plan.yaml") -> ConfigError? {
        do {
            _ = try ConfigDecoder().decode(Scenario.self, fromBytes: bytes, file: file)
            return nil
        } catch {
            return error
        }
    }

    static let utf16LE: [UInt8] = Array(scenarioYAML.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }

    @Test func utf16AndBinaryFilesAreNamedAsSuch() throws {
        let bom = try #require(bytesError([0xFF, 0xFE] + Self.utf16LE))
        #expect(bom.description == "plan.yaml:1:1: expected UTF-8 text, found a UTF-16 byte order mark: this looks like UTF-16 (convert it to UTF-8)")
        #expect(bom.kind == .unreadable)
        let noBOM = try #require(bytesError(Self.utf16LE, file: "plan.json"))
        #expect(
            noBOM.description == "plan.json:1:1: expected UTF-8 text, found a NUL in every other byte: this looks like UTF-16 (convert it to UTF-8)")
        let binary = try #require(bytesError([0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xAB]))
        #expect(
            binary.description == "plan.yaml:1:1: expected UTF-8 text, found NUL bytes near the start: this looks like a binary file, not YAML/JSON")
    }

    @Test func otherBytesThatAreNotUTF8AreLocated() throws {
        let text = Array("name: base\nnote: Caf".utf8) + [0xE9] + Array(" au lait\nseed: 1\n".utf8)
        let error = try #require(bytesError(text))
        #expect(error.description == "plan.yaml:2:10: expected UTF-8 text, found \"note: Caf\\xE9 au lait\" (save the file as UTF-8)")
    }

    @Test func aUTF8ByteOrderMarkIsNotPartOfTheDocument() throws {
        let scenario = try ConfigDecoder().decode(Scenario.self, fromBytes: [0xEF, 0xBB, 0xBF] + Array(scenarioYAML.utf8), file: "s.yaml")
        #expect(scenario.name == "baseline")
        let error = try #require(bytesError([0xEF, 0xBB, 0xBF] + Array("name: x\nseeed: 1\n".utf8), file: "s.yaml"))
        #expect(error.line == 2 && error.column == 1, "\(error)")
    }

    /// Keys and values quoted in messages show control characters escaped.
    @Test func controlCharactersInKeysAndValuesAreEscaped() throws {
        let key = try #require(decodeError(Scenario.self, scenarioYAML + "\n\"grow\\tth\\u001B[2J\": 1\n"))
        #expect(key.description.hasPrefix("scenario.yaml:25:1: grow\\tth\\x1B[2J: unknown key 'grow\\tth\\x1B[2J'"), "\(key)")
        let value = try #require(
            decodeError(Scenario.self, scenarioYAML.replacingOccurrences(of: "tier: smb", with: "tier: \"s\\0mb\\r\"")))
        #expect(value.description.contains("'s\\x00mb\\r'"), "\(value)")
        #expect(!value.description.unicodeScalars.contains { $0.value < 0x20 }, "\(value)")
        let long = try #require(
            decodeError(Scenario.self, scenarioYAML.replacingOccurrences(of: "tier: smb", with: "tier: " + String(repeating: "x", count: 500))))
        #expect(long.description.contains("'" + String(repeating: "x", count: 40) + "…'"), "\(long)")
    }
}
