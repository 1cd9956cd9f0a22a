/// A range a number in a plan file must fall in, and how to say so.
protocol NumberRule {
    /// What the value must be, e.g. "must be a fraction in 0...1".
    static var requirement: String { get }
    static func accepts(_ x: Double) -> Bool
}

/// A finite number accepted by `Rule`, decoded as a value of its own so that a value out of
/// range throws `DecodingError.dataCorrupted` from the decoder of that very value: the config
/// decoder (BearingFiles) then reports the value's line, column and full key path, and any
/// other decoder a coding path ending in the key. The message starts with the key's name.
struct CheckedNumber<Rule: NumberRule>: Decodable {
    var value: Double

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let key = decoder.codingPath.last.map { "'\($0.stringValue)'" } ?? "the value"
        let x = try container.decode(Double.self)
        guard x.isFinite, Rule.accepts(x) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\(key) \(Rule.requirement), found \(x)")
        }
        value = x
    }
}

/// A whole number of days > 0, checked like `CheckedNumber`.
struct CheckedDays: Decodable {
    var value: Int

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let key = decoder.codingPath.last.map { "'\($0.stringValue)'" } ?? "the value"
        let x = try container.decode(Int.self)
        guard x > 0 else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(key) must be a number of days > 0, found \(x)")
        }
        value = x
    }
}

enum Fraction: NumberRule {
    static let requirement = "must be a fraction in 0...1"
    static func accepts(_ x: Double) -> Bool { (0...1).contains(x) }
}

enum Weight: NumberRule {
    static let requirement = "must be a fraction in (0, 1]"
    static func accepts(_ x: Double) -> Bool { x > 0 && x <= 1 }
}

enum AnnualEarnings: NumberRule {
    static let requirement = "must be annual on-target earnings in dollars > 0"
    static func accepts(_ x: Double) -> Bool { x > 0 }
}

enum Target: NumberRule {
    static let requirement = "must be > 0 (attainment divides by it)"
    static func accepts(_ x: Double) -> Bool { x > 0 }
}

enum Threshold: NumberRule {
    static let requirement = "must be an attainment >= 0 (0.8 = 80% of target)"
    static func accepts(_ x: Double) -> Bool { x >= 0 }
}

enum Cap: NumberRule {
    static let requirement = "must be a payout multiple > 0 (2.0 = 200% of target payout)"
    static func accepts(_ x: Double) -> Bool { x > 0 }
}

enum TierStart: NumberRule {
    static let requirement = "must be an attainment >= 0"
    static func accepts(_ x: Double) -> Bool { x >= 0 }
}

enum TierRate: NumberRule {
    static let requirement = "must be >= 0"
    static func accepts(_ x: Double) -> Bool { x >= 0 }
}

extension KeyedDecodingContainer {
    func decode<Rule: NumberRule>(_ key: Key, _: Rule.Type) throws -> Double {
        try decode(CheckedNumber<Rule>.self, forKey: key).value
    }

    func decodeIfPresent<Rule: NumberRule>(_ key: Key, _: Rule.Type) throws -> Double? {
        try decodeIfPresent(CheckedNumber<Rule>.self, forKey: key)?.value
    }
}
