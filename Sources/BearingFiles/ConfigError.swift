import _BearingText

/// A problem with a configuration file, located for the user: file, line, column (1-based;
/// 0 when there is no position, e.g. the file cannot be read) and the key path inside the
/// document, such as `segments[1].arr.sigma`.
///
/// `description` reads like a compiler diagnostic:
/// `scenario.yaml:12:5: segments[1].arr.sigmaa: unknown key 'sigmaa' (expected one of: mean, sigma)`.
public struct ConfigError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong, for callers that react differently (tests, `--strict` flags).
    public enum Kind: String, Sendable {
        /// The file could not be read.
        case unreadable
        /// The file has no document (empty, or only comments).
        case empty
        /// YAML/JSON syntax, including duplicate keys.
        case syntax
        /// A key the target type never asked for (misspelt or misplaced).
        case unknownKey
        /// A required key is absent.
        case missingKey
        /// The value has the wrong shape or type (list for mapping, text for number, ...).
        case typeMismatch
        /// The value has the right type but is not allowed (out of range, not a known case).
        case invalidValue
    }

    public var kind: Kind
    /// The file name as given to the decoder.
    public var file: String
    /// 1-based line; 0 if unknown.
    public var line: Int
    /// 1-based column (in Unicode scalars); 0 if unknown.
    public var column: Int
    /// Key path from the document root, e.g. `segments[1].arr.sigma`; empty at the root.
    public var path: String
    /// What is wrong and, where possible, what was expected.
    public var message: String

    public init(kind: Kind, file: String, line: Int, column: Int, path: String, message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    /// Keys in `path` and values quoted in `message` come from the file: both are shown
    /// escaped (`DisplayEscaping`), so NUL or control characters never reach the terminal.
    public var description: String {
        var text = file
        if line > 0 { text += ":\(line):\(column)" }
        text += ": "
        if !path.isEmpty { text += "\(DisplayEscaping.escaped(path, limit: 200)): " }
        return text + DisplayEscaping.escaped(message, limit: 2000)
    }
}

/// Thrown from a type's `init(from:)` when a value decodes but is not acceptable (a
/// probability outside [0, 1], a negative count). `ConfigDecoder` turns it into a
/// `ConfigError` located at the value being decoded — or, with `key`, at that key's value
/// inside the mapping being decoded.
public struct ConfigValueError: Error, CustomStringConvertible, Sendable {
    public var message: String
    /// The key (in the mapping being decoded) whose value is at fault, if any.
    public var key: String?

    public init(_ message: String) {
        self.message = message
        self.key = nil
    }

    public init(_ message: String, key: some CodingKey) {
        self.message = message
        self.key = key.stringValue
    }

    public var description: String { message }
}
