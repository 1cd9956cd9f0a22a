import Foundation
import Yams
import _BearingText

/// Decodes configuration files (scenarios, milestone catalogues, comp plans, weights) from
/// YAML or JSON into `Decodable` types, strictly:
///
/// - a key that the type never asks for (via `decode`, `decodeIfPresent` or `contains`) is an
///   error naming it, with the keys that were expected — misspelt options never pass silently;
/// - a missing key or a value of the wrong type is an error with path, line and column;
/// - `ConfigValueError` thrown from `init(from:)` (range checks) is located the same way;
/// - booleans are only `true`/`false`; numbers are decimal (`1e6` is fine), `.inf`/`.nan` only
///   when `allowsNonFiniteNumbers`; quoted numbers are text; `~`, `null` or nothing is null;
/// - an empty document, a syntax error or a duplicate key is an error.
///
/// Mappings keep file order for `OrderedMapping` and `allKeys`. YAML anchors and aliases are
/// expanded; merge keys (`<<`) are not supported and are reported as unknown keys.
public struct ConfigDecoder: Sendable {
    /// Accept `.inf`, `-.inf` and `.nan` for floating-point values.
    public var allowsNonFiniteNumbers = false

    /// How the file's keys spell the properties (`.snakeCase` for Bearing's JSON outputs).
    public var keyStyle: KeyStyle = .asWritten

    /// Keys of the top-level mapping that are not the type's and are not errors (an envelope's
    /// own keys, such as `schema_version`, checked by the caller).
    public var rootKeysAllowed: Set<String> = []

    /// Passed to every `Decoder` (`decoder.userInfo`), for types that need context such as a
    /// default granularity or the directory of the file.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    public init() {}

    /// Decodes `text`; `file` names it in errors, and picks the format when `format` is nil
    /// (see `ConfigFormat.init(fileName:)`).
    public func decode<T: Decodable>(
        _ type: T.Type, from text: String, file: String, format: ConfigFormat? = nil
    ) throws(ConfigError) -> T {
        var source = text
        if (format ?? ConfigFormat(fileName: file)) == .json {
            // JSON allows tabs between tokens, which libyaml takes for (illegal) indentation.
            // A JSON string cannot hold a raw tab, so replacing every tab is safe, and columns
            // stay the same.
            source = source.replacingOccurrences(of: "\t", with: " ")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: source)
        } catch let error as YamlError {
            throw Self.syntaxError(error, file: file, text: source)
        } catch {
            throw ConfigError(kind: .syntax, file: file, line: 0, column: 0, path: "", message: "\(error)")
        }
        // A document of only `---` or `~` has a null root: as empty as no document at all.
        guard let root, !Scalars.isNull(root) else {
            throw ConfigError(
                kind: .empty, file: file, line: 1, column: 1, path: "",
                message: "the file has no content (expected \(describe(expected: T.self)))")
        }
        let session = DecodingSession(
            file: file, allowsNonFiniteNumbers: allowsNonFiniteNumbers, keyStyle: keyStyle, rootKeysAllowed: rootKeysAllowed,
            userInfo: userInfo)
        let value = try session.decode(T.self, from: root, path: [])
        if let unknown = session.unknownKeyError() { throw unknown }
        return value
    }

    /// Reads and decodes the file at `path` (UTF-8, with or without a byte order mark); errors
    /// name the path as given. A UTF-16, UTF-32 or binary file is refused as such, and other
    /// bytes that are not UTF-8 at their line and column.
    public func decode<T: Decodable>(_ type: T.Type, fromFile path: String) throws(ConfigError) -> T {
        try decode(type, fromBytes: Self.bytes(ofFile: path), file: path)
    }

    /// The bytes of the file at `path`, or an `unreadable` error naming the path as given.
    package static func bytes(ofFile path: String) throws(ConfigError) -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ConfigError(
                kind: .unreadable, file: path, line: 0, column: 0, path: "",
                message: "cannot read the file: \(error.localizedDescription)")
        }
    }

    /// Decodes a file's bytes, checking that they are UTF-8 text first (see `decode(_:fromFile:)`).
    public func decode<T: Decodable>(_ type: T.Type, fromBytes bytes: [UInt8], file: String) throws(ConfigError) -> T {
        try decode(type, from: Self.text(fromBytes: bytes, file: file), file: file)
    }

    /// A file's bytes as text, or a located error when they are not UTF-8 (UTF-16, binary, an
    /// invalid byte); a UTF-8 byte order mark is dropped.
    public static func text(fromBytes bytes: [UInt8], file: String) throws(ConfigError) -> String {
        let kind = ConfigFormat(fileName: file) == .json ? "JSON" : "YAML/JSON"
        if let problem = DisplayEscaping.encodingProblem(prefix: bytes, kind: kind) {
            throw ConfigError(
                kind: .unreadable, file: file, line: 1, column: 1, path: "",
                message: "expected UTF-8 text, found \(problem)")
        }
        if let offset = DisplayEscaping.firstInvalidUTF8Offset(bytes) {
            // The bytes before the first invalid one are valid UTF-8, so they locate it.
            let before = String(decoding: bytes[..<offset], as: UTF8.self)
            let place = Self.position(ofUTF8Offset: offset, in: before)
            // Show the bad byte with a little of its line before it (from a character start).
            var start = max(offset - 20, bytes[..<offset].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0)
            while start < offset, bytes[start] & 0xC0 == 0x80 { start += 1 }
            let end = bytes[offset...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            throw ConfigError(
                kind: .unreadable, file: file, line: place.line, column: place.column, path: "",
                message: "expected UTF-8 text, found \(DisplayEscaping.quoted(bytes: bytes[start..<end], limit: 40)) (save the file as UTF-8)")
        }
        var text = String(decoding: bytes, as: UTF8.self)
        // A UTF-8 byte order mark is not part of the document (columns count from after it).
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        return text
    }

    static func syntaxError(_ error: YamlError, file: String, text: String) -> ConfigError {
        func located(_ mark: Mark, _ message: String) -> ConfigError {
            ConfigError(kind: .syntax, file: file, line: mark.line, column: mark.column, path: "", message: message)
        }
        func located(_ position: (line: Int, column: Int), _ message: String) -> ConfigError {
            ConfigError(kind: .syntax, file: file, line: position.line, column: position.column, path: "", message: message)
        }
        func phrase(_ problem: String, _ context: YamlError.Context?) -> String {
            guard let context else { return "syntax error: \(problem)" }
            return "syntax error: \(problem) (\(context.text) at \(context.mark.line):\(context.mark.column))"
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            return located(mark, phrase(problem, context))
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { DisplayEscaping.singleQuoted($0) }.joined(separator: ", ")
            return located(context.mark, "duplicate key \(keys) in one mapping")
        case let .reader(problem, offset, _, _):
            let place = offset.map { position(ofUTF8Offset: $0, in: text) } ?? (line: 0, column: 0)
            return located(place, "unreadable text: \(problem)")
        default:
            return ConfigError(kind: .syntax, file: file, line: 0, column: 0, path: "", message: "\(error)")
        }
    }

    /// Line and column (1-based, column in Unicode scalars) of a UTF-8 byte offset.
    static func position(ofUTF8Offset offset: Int, in text: String) -> (line: Int, column: Int) {
        // The scalars that start before the offset (one the offset falls inside counts).
        var bytes = 0
        let before = text.unicodeScalars.prefix { scalar in
            guard bytes < offset else { return false }
            bytes += scalar.utf8.count
            return true
        }
        return TextPosition.lineAndColumn(after: before)
    }
}
