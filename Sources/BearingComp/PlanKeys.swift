import _BearingText

extension KeyedDecodingContainer {
    /// A range error for `key`: `DecodingError.dataCorrupted` whose path ends in the key and whose
    /// message starts with the key's name.
    func rangeError(_ key: Key, _ message: String) -> DecodingError {
        DecodingError.dataCorruptedError(
            forKey: key, in: self, debugDescription: "'\(key.stringValue)' \(message)")
    }

    /// Decodes one of an enum's raw values, or throws a range error listing the choices.
    func decodeChoice<E: RawRepresentable & CaseIterable>(_: E.Type, _ key: Key) throws -> E where E.RawValue == String {
        let text = try decode(String.self, forKey: key)
        guard let value = E(rawValue: text) else {
            throw rangeError(
                key, "must be one of \(E.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")), found \(DisplayEscaping.singleQuoted(text))")
        }
        return value
    }
}
