/// A number that may be undefined: NaN in memory, `null` in JSON (which has no NaN).
///
/// Metrics throughout Bearing are NaN when undefined (NRR of a book with no start ARR, AUC of a
/// period without churn); wrapping such a property lets the type keep its synthesized
/// `Codable` conformance: infinities are written as `null` too, and `null` reads back as NaN.
@propertyWrapper
public struct NaNAsNull: Sendable, Hashable, Codable {
    public var wrappedValue: Double

    public init(wrappedValue: Double) {
        self.wrappedValue = wrappedValue
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? .nan : try container.decode(Double.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if wrappedValue.isFinite { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }

    /// NaN equals NaN here, so a value read back from JSON equals the one written.
    public static func == (a: NaNAsNull, b: NaNAsNull) -> Bool {
        a.wrappedValue == b.wrappedValue || (a.wrappedValue.isNaN && b.wrappedValue.isNaN)
    }

    public func hash(into hasher: inout Hasher) {
        if wrappedValue.isNaN { hasher.combine(0x7FF8 as UInt16) } else { hasher.combine(wrappedValue) }
    }
}
