import Foundation
import _BearingText

/// Base/variable split of on-target earnings, as fractions that sum to 1 (80/20 is base 0.8,
/// variable 0.2).
///
/// Decodes from a `"80/20"` string (percentages, summing to 100) or a mapping
/// `{base: 0.8, variable: 0.2}` (fractions, summing to 1 within 1e-9).
public struct PaySplit: Sendable, Hashable, Decodable {
    public var base: Double
    public var variable: Double

    public init(base: Double, variable: Double) {
        self.base = base
        self.variable = variable
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case base, variable
    }

    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
            // Digits and a decimal point only: `Double(String)` stops at a NUL ("80\0" reads as 80).
            let parts = text.split(separator: "/").map { part -> Double? in
                let number = part.trimmingCharacters(in: .whitespaces)
                guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) else { return nil }
                return Double(number)
            }
            guard parts.count == 2, let b = parts[0], let v = parts[1], b >= 0, v >= 0, abs(b + v - 100) < 1e-9
            else {
                throw DecodingError.dataCorruptedError(
                    in: single,
                    debugDescription:
                        "'split' must be base/variable percentages summing to 100 like \"80/20\", found \(DisplayEscaping.singleQuoted(text))")
            }
            self.init(base: b / 100, variable: v / 100)
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let base = try c.checked(.base, Fraction.self)
        let variable = try c.checked(.variable, Fraction.self)
        guard abs(base + variable - 1) < 1e-9 else {
            throw c.rangeError(.variable, "plus 'base' must equal 1 (fractions), found \(base) + \(variable)")
        }
        self.init(base: base, variable: variable)
    }
}
