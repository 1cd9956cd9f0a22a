import Foundation

/// Pretty-printed JSON with sorted keys and a final newline: the same value always gives the
/// same bytes. For the library types' own `jsonData()` (tests and library users); the files
/// commands write go through `BearingContracts.ContractJSON` (snake_case keys, schema versions).
package enum SortedJSON {
    package static func data(_ value: some Encodable) throws -> Data {
        var data = try encoder().encode(value)
        data.append(0x0A)
        return data
    }

    /// The one encoder configuration of Bearing's JSON: pretty-printed, keys sorted, slashes
    /// as they are. `ContractJSON` adds its snake_case keys to it.
    package static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
