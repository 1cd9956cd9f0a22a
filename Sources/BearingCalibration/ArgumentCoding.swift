/// Settings written in files exactly as on the command line (`expanding`, `rolling:3`,
/// `customers:5`): parsed from and encoded as that one string.
enum ArgumentCoding {
    /// The count N of `name:N`, when `argument` is that with N ≥ `minimum`.
    static func count(after name: String, in argument: String, atLeast minimum: Int) -> Int? {
        let parts = argument.split(separator: ":")
        guard parts.count == 2, parts[0] == name, let n = Int(parts[1]), n >= minimum else { return nil }
        return n
    }

    /// The value `parse` makes of the decoder's one string; `forms` says what it accepts.
    static func decode<Value>(from decoder: any Decoder, forms: String, parse: (String) -> Value?) throws -> Value {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = parse(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "expected \(forms), found \(text)"))
        }
        return value
    }

    /// Encodes `value` as its command-line string.
    static func encode(_ value: some CustomStringConvertible, to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(value.description)
    }
}
