import BearingFiles
import BearingPanel
import Foundation

/// The one JSON convention of every file Bearing writes, and the reader of those files.
///
/// Writing: keys in snake_case (`KeyStyle.snakeCase` of the Swift property names, so
/// `startARR` is written `start_arr`), sorted, two-space pretty printing, slashes unescaped,
/// a final line break, and `schema_version` (`SchemaVersion.current`) beside the value's own
/// keys. Numbers are Foundation's shortest round-trip text, so the same value always gives the
/// same bytes. Undefined numbers are `null` (see `NaNAsNull`): JSON has no NaN.
///
/// Reading: `ConfigDecoder` with `.snakeCase` keys, so a malformed or foreign file gets an
/// error with file, line and column, and a key the type does not know is an error too; a file
/// of another `schema_version` is refused with what to do about it.
public enum ContractJSON {
    /// The bytes of `value` (a type whose JSON is an object) in the convention above. Files
    /// users write and pass back as inputs (a milestone catalogue) have no `schema_version`:
    /// `versioned: false`.
    public static func encode(_ value: some Encodable, versioned: Bool = true) throws(ContractError) -> [UInt8] {
        do {
            var bytes = Array(try versioned ? encoder.encode(Versioned(value: value)) : encoder.encode(value))
            bytes.append(0x0A)
            return bytes
        } catch {
            throw ContractError(path: "", message: "cannot encode \(type(of: value)) as JSON: \(error)")
        }
    }

    /// Decodes a Bearing JSON file's text; `file` names it in errors.
    public static func decode<T: Decodable>(_ type: T.Type, from text: String, file: String) throws(ConfigError) -> T {
        try checkVersion(of: text, file: file)
        return try decoder.decode(T.self, from: text, file: file, format: .json)
    }

    /// Reads and decodes a Bearing JSON file; errors name `path` as given.
    public static func decode<T: Decodable>(_ type: T.Type, fromFile path: String) throws(ConfigError) -> T {
        try decode(type, from: ConfigDecoder.text(fromBytes: ConfigDecoder.bytes(ofFile: path), file: path), file: path)
    }

    /// A file without `schema_version`, or of another version, gets one clear error before any
    /// key-by-key complaint.
    private static func checkVersion(of text: String, file: String) throws(ConfigError) {
        var reader = ConfigDecoder()
        reader.keyStyle = .snakeCase
        // An empty or malformed file: the strict decode reports it with its position.
        guard let header = try? reader.decode(VersionHeader.self, from: text, file: file, format: .json) else { return }
        let found = header.schemaVersion
        guard found != SchemaVersion.current else { return }
        let what =
            found.map { $0 < SchemaVersion.current ? "schema_version \($0), from an older Bearing" : "schema_version \($0), from a newer Bearing" }
            ?? "no schema_version (a file from Bearing 0.1, with camelCase keys)"
        throw ConfigError(
            kind: .invalidValue, file: file, line: 1, column: 1, path: "schema_version",
            message: "this file has \(what); this Bearing reads schema_version \(SchemaVersion.current): rerun the command that wrote it")
    }

    private static var encoder: JSONEncoder {
        let encoder = SortedJSON.encoder()
        encoder.keyEncodingStrategy = .custom { path in ContractKey(KeyStyle.snakeCase(path.last?.stringValue ?? "")) }
        return encoder
    }

    private static var decoder: ConfigDecoder {
        var decoder = ConfigDecoder()
        decoder.keyStyle = .snakeCase
        decoder.rootKeysAllowed = ["schema_version"]
        return decoder
    }
}

/// A value with `schema_version` beside its own keys, at the same level.
private struct Versioned<Value> {
    var value: Value
}

extension Versioned: Encodable where Value: Encodable {
    func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
        var c = encoder.container(keyedBy: ContractKey.self)
        try c.encode(SchemaVersion.current, forKey: ContractKey("schemaVersion"))
    }
}

/// Only the version, read leniently before the strict decode.
private struct VersionHeader: Decodable {
    var schemaVersion: Int?

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ContractKey.self)
        schemaVersion = try c.decodeIfPresent(Int.self, forKey: ContractKey("schemaVersion"))
        // Reading every key marks them all as known, so this pass never reports unknown keys.
        _ = c.allKeys
    }
}

private struct ContractKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
