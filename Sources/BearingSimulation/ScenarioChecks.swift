/// Range checks used while decoding a scenario.
///
/// Each checked number is decoded through `Checked<Rule>`, a value type of its own, so a
/// value out of range throws `DecodingError.dataCorrupted` from the decoder of that very value:
/// a file decoder (`BearingFiles`) reports it at the value's line and column with the full key
/// path, and the message names the key, the accepted range and the value found, e.g.
/// "`persistence` must be in (-1, 1), found 1.2".
protocol RangeRule {
    /// Completes "must be ...".
    static var expectation: String { get }
    static func accepts(_ value: Double) -> Bool
}

enum AnyFinite: RangeRule {
    static var expectation: String { "a finite number" }
    static func accepts(_ value: Double) -> Bool { true }
}

enum UnitInterval: RangeRule {
    static var expectation: String { "a probability in [0, 1]" }
    static func accepts(_ value: Double) -> Bool { (0...1).contains(value) }
}

enum NonNegative: RangeRule {
    static var expectation: String { ">= 0" }
    static func accepts(_ value: Double) -> Bool { value >= 0 }
}

enum Positive: RangeRule {
    static var expectation: String { "> 0" }
    static func accepts(_ value: Double) -> Bool { value > 0 }
}

enum OpenSymmetricUnitInterval: RangeRule {
    static var expectation: String { "in (-1, 1)" }
    static func accepts(_ value: Double) -> Bool { value > -1 && value < 1 }
}

enum AtLeastOne: RangeRule {
    static var expectation: String { "an integer >= 1" }
    static func accepts(_ value: Double) -> Bool { value >= 1 }
}

/// The largest value a count in a scenario may take, and what that size means. Sizes beyond
/// these are typos (`1000000000` periods) that would otherwise fail much later, with a failed
/// allocation instead of a located error.
protocol CountLimit {
    static var maximum: Int { get }
    /// Completes "must be at most N (...)", e.g. "100 years of monthly periods".
    static var meaning: String { get }
}

/// `periods.count`: the per-customer work and every per-period table grow with it.
enum PeriodCountLimit: CountLimit {
    static let maximum = 1200
    static let meaning = "100 years of monthly periods"
}

/// `segments[i].customers`: one segment's base (the whole base is also limited, see `Scenario.validate`).
enum CustomerCountLimit: CountLimit {
    static let maximum = 100_000_000
    static let meaning = "customers in one segment"
}

/// `segments[i].contracts[j].term_months`: one contract term.
enum ContractTermLimit: CountLimit {
    static let maximum = 1200
    static let meaning = "months: a 100-year contract"
}

/// `segments[i].csms`: one segment's CSMs (ids and skills are held per CSM).
enum CSMCountLimit: CountLimit {
    static let maximum = 1_000_000
    static let meaning = "CSMs in one segment"
}

/// An integer in 1...`Limit.maximum`, decoded from a single value (located like `Checked`).
struct CheckedCount<Limit: CountLimit>: Decodable {
    let value: Int

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let key = decoder.codingPath.last.map { "`\($0.stringValue)`" } ?? "value"
        let count = try container.decode(Int.self)
        guard count >= 1 else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\(key) must be \(AtLeastOne.expectation), found \(count)")
        }
        guard count <= Limit.maximum else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\(key) must be at most \(Limit.maximum) (\(Limit.meaning)), found \(count)")
        }
        value = count
    }
}

/// A finite number accepted by `Rule`, decoded from a single value.
struct Checked<Rule: RangeRule>: Decodable {
    let value: Double

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let key = decoder.codingPath.last.map { "`\($0.stringValue)`" } ?? "value"
        let number = try container.decode(Double.self)
        guard number.isFinite, Rule.accepts(number) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\(key) must be \(Rule.expectation), found \(number)")
        }
        value = number
    }
}

extension KeyedDecodingContainer {
    /// A number checked by `Rule`; `fallback` when the key is absent (required when nil).
    func checked<Rule: RangeRule>(_ key: Key, _ rule: Rule.Type, default fallback: Double? = nil) throws -> Double {
        if let fallback {
            return try decodeIfPresent(Checked<Rule>.self, forKey: key)?.value ?? fallback
        }
        return try decode(Checked<Rule>.self, forKey: key).value
    }

    /// An optional number checked by `Rule`; nil when absent.
    func checkedIfPresent<Rule: RangeRule>(_ key: Key, _ rule: Rule.Type) throws -> Double? {
        try decodeIfPresent(Checked<Rule>.self, forKey: key)?.value
    }

    func finite(_ key: Key, default fallback: Double? = nil) throws -> Double {
        try checked(key, AnyFinite.self, default: fallback)
    }

    func probability(_ key: Key, default fallback: Double? = nil) throws -> Double {
        try checked(key, UnitInterval.self, default: fallback)
    }

    func nonNegative(_ key: Key, default fallback: Double? = nil) throws -> Double {
        try checked(key, NonNegative.self, default: fallback)
    }

    func positive(_ key: Key, default fallback: Double? = nil) throws -> Double {
        try checked(key, Positive.self, default: fallback)
    }

    /// An integer in 1...`Limit.maximum`.
    func count<Limit: CountLimit>(_ key: Key, atMost _: Limit.Type) throws -> Int {
        try decode(CheckedCount<Limit>.self, forKey: key).value
    }

    /// A range error located at `key` (for checks involving several keys).
    func invalid(_ key: Key, _ message: String) -> DecodingError {
        DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: message)
    }
}
