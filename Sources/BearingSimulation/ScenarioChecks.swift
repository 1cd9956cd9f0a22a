/// Range checks used while decoding a scenario.
///
/// A value out of range throws `DecodingError.dataCorrupted` whose coding path ends at the
/// offending key and whose message names the key, the accepted range and the value found, so
/// a file decoder can point at the line and the user knows what to change.
extension KeyedDecodingContainer {
    /// Decodes a number and checks it with `isValid`; `expectation` completes "must be ...".
    func number(
        _ key: Key, default fallback: Double? = nil, expectation: String, _ isValid: (Double) -> Bool
    ) throws -> Double {
        let value: Double
        if let fallback {
            value = try decodeIfPresent(Double.self, forKey: key) ?? fallback
        } else {
            value = try decode(Double.self, forKey: key)
        }
        guard value.isFinite, isValid(value) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self,
                debugDescription: "`\(key.stringValue)` must be \(expectation), found \(value)")
        }
        return value
    }

    /// Any finite number.
    func finite(_ key: Key, default fallback: Double? = nil) throws -> Double {
        try number(key, default: fallback, expectation: "a finite number") { _ in true }
    }

    /// A probability in [0, 1].
    func probability(_ key: Key, default fallback: Double? = nil) throws -> Double {
        try number(key, default: fallback, expectation: "a probability in [0, 1]") { (0...1).contains($0) }
    }

    /// A number >= 0.
    func nonNegative(_ key: Key, default fallback: Double? = nil) throws -> Double {
        try number(key, default: fallback, expectation: ">= 0") { $0 >= 0 }
    }

    /// A number > 0.
    func positive(_ key: Key, default fallback: Double? = nil) throws -> Double {
        try number(key, default: fallback, expectation: "> 0") { $0 > 0 }
    }

    /// An integer >= `minimum`.
    func count(_ key: Key, minimum: Int, default fallback: Int? = nil) throws -> Int {
        let value: Int
        if let fallback {
            value = try decodeIfPresent(Int.self, forKey: key) ?? fallback
        } else {
            value = try decode(Int.self, forKey: key)
        }
        guard value >= minimum else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self,
                debugDescription: "`\(key.stringValue)` must be an integer >= \(minimum), found \(value)")
        }
        return value
    }

    /// Throws a range error located at `key`.
    func invalid(_ key: Key, _ message: String) -> DecodingError {
        DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: message)
    }
}
