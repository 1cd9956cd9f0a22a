/// A range a number in an input file (scenario, plan) must fall in, and how to say so.
package protocol NumberRule {
    /// Completes "must be ...", e.g. "a probability in [0, 1]".
    static var requirement: String { get }
    /// How messages quote the key: scenarios write `` `persistence` ``, plan files `'cap'`.
    static var keyQuote: Character { get }
    static func accepts(_ value: Double) -> Bool
}

extension NumberRule {
    package static var keyQuote: Character { "`" }
}

/// A finite number accepted by `Rule`, decoded as a value of its own so that a value out of
/// range throws `DecodingError.dataCorrupted` from the decoder of that very value: the config
/// decoder (BearingFiles) then reports the value's line, column and full key path, and any
/// other decoder a coding path ending in the key. The message names the key, the accepted
/// range and the value found, e.g. "`persistence` must be in (-1, 1), found 1.2".
package struct CheckedNumber<Rule: NumberRule>: Decodable {
    package let value: Double

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let number = try container.decode(Double.self)
        guard number.isFinite, Rule.accepts(number) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\(decoder.quotedKey(Rule.keyQuote)) must be \(Rule.requirement), found \(number)")
        }
        value = number
    }
}

extension Decoder {
    /// The key being decoded, as range messages name it: "`persistence`" ("value" at the root).
    package func quotedKey(_ quote: Character = "`") -> String {
        codingPath.last.map { "\(quote)\($0.stringValue)\(quote)" } ?? "value"
    }
}

extension KeyedDecodingContainer {
    /// A number checked by `Rule`; `fallback` when the key is absent (required when nil).
    package func checked<Rule: NumberRule>(_ key: Key, _ rule: Rule.Type, default fallback: Double? = nil) throws -> Double {
        if let fallback {
            return try decodeIfPresent(CheckedNumber<Rule>.self, forKey: key)?.value ?? fallback
        }
        return try decode(CheckedNumber<Rule>.self, forKey: key).value
    }

    /// An optional number checked by `Rule`; nil when absent.
    package func checkedIfPresent<Rule: NumberRule>(_ key: Key, _ rule: Rule.Type) throws -> Double? {
        try decodeIfPresent(CheckedNumber<Rule>.self, forKey: key)?.value
    }
}
