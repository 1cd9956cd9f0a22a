/// Health-score signs chosen by the user, overriding the direction the training data shows
/// (`bearing calibrate|backtest --signs FILE`). The file is one JSON (or YAML) object from
/// feature name to +1 (more is healthier) or −1 (more is worse):
///
///     {"experience.tech_support": 1, "experience.ces": -1}
///
/// Features it does not name keep the training data's sign. Only the `health` baseline uses it.
public struct HealthSignOverrides: Sendable, Hashable, Codable {
    /// Feature name → +1 or −1.
    public var signs: [String: Int]

    /// Throws when a sign is not +1 or −1.
    public init(_ signs: [String: Int]) throws(CalibrationError) {
        if let bad = signs.sorted(by: { $0.key < $1.key }).first(where: { $0.value != 1 && $0.value != -1 }) {
            throw .invalidOption("the sign of '\(bad.key)' must be 1 or -1, found \(bad.value)")
        }
        self.signs = signs
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let signs = try container.decode([String: Int].self)
        if let bad = signs.sorted(by: { $0.key < $1.key }).first(where: { $0.value != 1 && $0.value != -1 }) {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "the sign of '\(bad.key)' must be 1 or -1, found \(bad.value)")
        }
        self.signs = signs
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(signs)
    }

    /// Throws when a named feature is not one the health score can use (a feature of `panel`).
    func check(features: [String]) throws(CalibrationError) {
        let known = Set(features)
        let unknown = signs.keys.filter { !known.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw .invalidOption(
                "the signs file names \(unknown.map { "'\($0)'" }.joined(separator: ", ")), not a feature of the history "
                    + "(its features: \(features.prefix(12).joined(separator: ", "))\(features.count > 12 ? ", …" : ""))")
        }
    }
}
