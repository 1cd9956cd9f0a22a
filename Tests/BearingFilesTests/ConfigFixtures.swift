import BearingFiles

/// Types shaped like Bearing's configuration blocks, for exercising the decoder.
struct LogNormalParameters: Decodable, Equatable {
    var mean: Double
    var sigma: Double
}

enum Tier: String, Decodable, CaseIterable, Equatable {
    case smb
    case midMarket = "mid-market"
    case enterprise
}

/// A probability that refuses values outside [0, 1] — a range error from `init(from:)`.
struct Probability: Decodable, Equatable {
    var value: Double

    init(_ value: Double) { self.value = value }

    init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(Double.self)
        guard (0...1).contains(value) else {
            throw ConfigValueError("a probability must be in [0, 1], found \(value)")
        }
        self.value = value
    }
}

struct Segment: Decodable, Equatable {
    var name: String
    var customers: Int
    var tier: Tier
    var arr: LogNormalParameters
    var churn: Probability
    var note: String?
}

/// A range error that points at one key of the mapping.
struct Band: Decodable, Equatable {
    var low: Double
    var high: Double

    enum CodingKeys: String, CodingKey { case low, high }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        low = try c.decode(Double.self, forKey: .low)
        high = try c.decode(Double.self, forKey: .high)
        guard high >= low else { throw ConfigValueError("high must be at least low (\(low))", key: CodingKeys.high) }
    }
}

struct Scenario: Decodable, Equatable {
    var name: String
    var seed: UInt64
    var periods: Int
    var enabled: Bool
    var segments: [Segment]
    var growth: OrderedMapping<Double>?
    var band: Band?
    var tags: [String]?
}

/// Line and column (1-based) of the `occurrence`-th appearance of `needle`: computed from the
/// text itself, independently of the decoder.
func locate(_ needle: String, in text: String, occurrence: Int = 1) -> (line: Int, column: Int) {
    let pattern = Array(needle)
    var seen = 0
    for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        let chars = Array(line)
        guard chars.count >= pattern.count else { continue }
        for start in 0...(chars.count - pattern.count) where Array(chars[start..<start + pattern.count]) == pattern {
            seen += 1
            if seen == occurrence { return (i + 1, start + 1) }
        }
    }
    return (0, 0)
}
