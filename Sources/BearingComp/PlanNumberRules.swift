import _BearingText

/// A range of a plan file's numbers, each decoded through `CheckedNumber<Rule>`; plan
/// messages quote keys as 'cap'.
protocol PlanNumberRule: NumberRule {}

extension PlanNumberRule {
    static var keyQuote: Character { "'" }
}

/// A whole number of days > 0, checked like `CheckedNumber` (`_BearingText`).
struct CheckedDays: Decodable {
    var value: Int

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let key = decoder.quotedKey("'")
        let x = try container.decode(Int.self)
        guard x > 0 else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(key) must be a number of days > 0, found \(x)")
        }
        value = x
    }
}

enum Fraction: PlanNumberRule {
    static let requirement = "a fraction in 0...1"
    static func accepts(_ x: Double) -> Bool { (0...1).contains(x) }
}

enum Weight: PlanNumberRule {
    static let requirement = "a fraction in (0, 1]"
    static func accepts(_ x: Double) -> Bool { x > 0 && x <= 1 }
}

enum AnnualEarnings: PlanNumberRule {
    static let requirement = "annual on-target earnings in dollars > 0"
    static func accepts(_ x: Double) -> Bool { x > 0 }
}

enum Target: PlanNumberRule {
    static let requirement = "> 0 (attainment divides by it)"
    static func accepts(_ x: Double) -> Bool { x > 0 }
}

enum Threshold: PlanNumberRule {
    static let requirement = "an attainment >= 0 (0.8 = 80% of target)"
    static func accepts(_ x: Double) -> Bool { x >= 0 }
}

enum Cap: PlanNumberRule {
    static let requirement = "a payout multiple > 0 (2.0 = 200% of target payout)"
    static func accepts(_ x: Double) -> Bool { x > 0 }
}

enum TierStart: PlanNumberRule {
    static let requirement = "an attainment >= 0"
    static func accepts(_ x: Double) -> Bool { x >= 0 }
}

enum TierRate: PlanNumberRule {
    static let requirement = ">= 0"
    static func accepts(_ x: Double) -> Bool { x >= 0 }
}
