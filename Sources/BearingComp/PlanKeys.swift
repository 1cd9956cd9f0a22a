/// A coding key for any string, used to list the keys a mapping actually holds.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init?(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension Decoder {
    /// Throws `DecodingError.dataCorrupted` naming the first (alphabetically) key of the current
    /// mapping that `Keys` does not declare, so a misspelt key is an error rather than a silent default.
    func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type, in what: String) throws {
        let container = try self.container(keyedBy: AnyCodingKey.self)
        let known = Keys.allCases.map(\.stringValue)
        let unknown = container.allKeys.filter { !known.contains($0.stringValue) }
            .sorted { $0.stringValue < $1.stringValue }
        if let key = unknown.first {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: codingPath + [key],
                    debugDescription:
                        "unknown key '\(key.stringValue)' in \(what); expected one of: \(known.joined(separator: ", "))"))
        }
    }
}

extension KeyedDecodingContainer {
    /// A range error for `key`: `DecodingError.dataCorrupted` whose path ends in the key and whose
    /// message starts with the key's name.
    func rangeError(_ key: Key, _ message: String) -> DecodingError {
        DecodingError.dataCorruptedError(
            forKey: key, in: self, debugDescription: "'\(key.stringValue)' \(message)")
    }

    /// Decodes a finite number, or throws a range error naming the key.
    func decodeFinite(_ key: Key) throws -> Double {
        let value = try decode(Double.self, forKey: key)
        guard value.isFinite else { throw rangeError(key, "must be a finite number, found \(value)") }
        return value
    }

    /// Decodes one of an enum's raw values, or throws a range error listing the choices.
    func decodeChoice<E: RawRepresentable & CaseIterable>(_: E.Type, _ key: Key) throws -> E where E.RawValue == String {
        let text = try decode(String.self, forKey: key)
        guard let value = E(rawValue: text) else {
            throw rangeError(key, "must be one of \(E.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")), found '\(text)'")
        }
        return value
    }

    /// Decodes an optional finite number.
    func decodeFiniteIfPresent(_ key: Key) throws -> Double? {
        guard contains(key) else { return nil }
        return try decodeFinite(key)
    }
}

extension KeyedEncodingContainer {
    /// Encodes a number, or null when it is NaN or infinite (JSON has no such numbers; NaN
    /// means "undefined" throughout this module).
    mutating func encodeNumber(_ x: Double, forKey key: Key) throws {
        if x.isFinite { try encode(x, forKey: key) } else { try encodeNil(forKey: key) }
    }
}
