import _BearingText

/// Range checks used while decoding a scenario.
///
/// Each checked number is decoded through `CheckedNumber<Rule>` (`_BearingText`), so a value
/// out of range is reported at its own line and column, e.g.
/// "`persistence` must be in (-1, 1), found 1.2".
enum AnyFinite: NumberRule {
    static var requirement: String { "a finite number" }
    static func accepts(_ value: Double) -> Bool { true }
}

enum UnitInterval: NumberRule {
    static var requirement: String { "a probability in [0, 1]" }
    static func accepts(_ value: Double) -> Bool { (0...1).contains(value) }
}

enum NonNegative: NumberRule {
    static var requirement: String { ">= 0" }
    static func accepts(_ value: Double) -> Bool { value >= 0 }
}

enum Positive: NumberRule {
    static var requirement: String { "> 0" }
    static func accepts(_ value: Double) -> Bool { value > 0 }
}

enum OpenSymmetricUnitInterval: NumberRule {
    static var requirement: String { "in (-1, 1)" }
    static func accepts(_ value: Double) -> Bool { value > -1 && value < 1 }
}

enum AtLeastOne: NumberRule {
    static var requirement: String { "an integer >= 1" }
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
        let key = decoder.quotedKey()
        let count = try container.decode(Int.self)
        guard count >= 1 else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\(key) must be \(AtLeastOne.requirement), found \(count)")
        }
        guard count <= Limit.maximum else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\(key) must be at most \(Limit.maximum) (\(Limit.meaning)), found \(count)")
        }
        value = count
    }
}

extension KeyedDecodingContainer {
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
