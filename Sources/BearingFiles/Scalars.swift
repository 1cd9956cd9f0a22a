import Yams
import _BearingText

/// How YAML/JSON scalars become Swift values. Strict on purpose: only `true`/`false` are
/// booleans (not YAML 1.1's yes/no/on/off), numbers must be written as numbers (a quoted
/// "0.5" is text), and `.inf`/`.nan` are refused unless the decoder allows them.
enum Scalars {
    /// Plain `~`, `null`, `Null`, `NULL` or an empty plain value.
    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        switch scalar.string {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    /// The unquoted text of a scalar, or nil if the node is quoted or not a scalar.
    static func plainText(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return nil }
        return scalar.string
    }

    static func bool(_ node: Node) -> Bool? {
        switch plainText(node) {
        case "true": true
        case "false": false
        default: nil
        }
    }

    /// A decimal number: `[-+]? (digits [. digits?] | . digits) ([eE] [-+]? digits)?`.
    static func isDecimalNumber(_ text: String) -> Bool {
        var chars = Substring(text).utf8[...]
        if let c = chars.first, c == UInt8(ascii: "-") || c == UInt8(ascii: "+") { chars = chars.dropFirst() }
        func digits() -> Int {
            let n = chars.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
            chars = chars.dropFirst(n)
            return n
        }
        var mantissaDigits = digits()
        if chars.first == UInt8(ascii: ".") {
            chars = chars.dropFirst()
            mantissaDigits += digits()
        }
        guard mantissaDigits > 0 else { return false }
        if let c = chars.first, c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            chars = chars.dropFirst()
            if let s = chars.first, s == UInt8(ascii: "-") || s == UInt8(ascii: "+") { chars = chars.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return chars.isEmpty
    }

    enum NumberProblem: Error {
        case notANumber
        case nonFinite
        case outOfRange
        case notAnInteger
    }

    static func double(_ node: Node, allowsNonFinite: Bool) -> Result<Double, NumberProblem> {
        guard let text = plainText(node) else { return .failure(.notANumber) }
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
            return allowsNonFinite ? .success(.infinity) : .failure(.nonFinite)
        case "-.inf", "-.Inf", "-.INF":
            return allowsNonFinite ? .success(-.infinity) : .failure(.nonFinite)
        case ".nan", ".NaN", ".NAN":
            return allowsNonFinite ? .success(.nan) : .failure(.nonFinite)
        default:
            break
        }
        guard isDecimalNumber(text), let value = Double(text) else { return .failure(.notANumber) }
        // Decimal text that overflows (1e400) is a typo, not an infinity.
        return value.isFinite ? .success(value) : .failure(.outOfRange)
    }

    /// An integer of type `I`: decimal digits, or a number written in another form whose value
    /// is exactly an integer (`1e6`, `2.0`) — convenient for counts.
    static func integer<I: FixedWidthInteger>(_ node: Node, as type: I.Type) -> Result<I, NumberProblem> {
        guard let text = plainText(node) else { return .failure(.notANumber) }
        if let value = I(text, radix: 10) { return .success(value) }
        guard isDecimalNumber(text), let value = Double(text) else { return .failure(.notANumber) }
        guard value.isFinite, value == value.rounded(.towardZero) else { return .failure(.notAnInteger) }
        guard let exact = I(exactly: value) else { return .failure(.outOfRange) }
        return .success(exact)
    }

    /// Any non-null scalar as text, quoted or not (`2024-01`, `1.10` stay as written).
    static func string(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node, !isNull(node) else { return nil }
        return scalar.string
    }
}

/// How a node reads in an error message: `null`, `a mapping`, `a list`, or the text in quotes.
func describe(found node: Node) -> String {
    switch node {
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    case .scalar(let scalar):
        if Scalars.isNull(node) { return "null" }
        return DisplayEscaping.singleQuoted(scalar.string, limit: 40)
    }
}

/// How a type reads in an error message's "expected ...".
func describe(expected type: Any.Type) -> String {
    if type == String.self { return "text" }
    if type == Bool.self { return "true or false" }
    if type == Double.self || type == Float.self { return "a number" }
    if type is any FixedWidthInteger.Type { return "an integer" }
    if let names = caseNames(type) { return "one of: \(names.joined(separator: ", "))" }
    if let optional = type as? any OptionalProtocol.Type { return describe(expected: optional.wrappedType) }
    if type is any ListProtocol.Type { return "a list" }
    if type is any MappingProtocol.Type { return "a mapping" }
    return "\(type)"
}

/// Names of the cases of a `CaseIterable` type: raw values where it has them.
func caseNames(_ type: Any.Type) -> [String]? {
    guard let iterable = type as? any CaseIterable.Type else { return nil }
    func names<C: CaseIterable>(_ type: C.Type) -> [String] {
        type.allCases.map { value in
            if let raw = value as? any RawRepresentable { "\(raw.rawValue)" } else { "\(value)" }
        }
    }
    return names(iterable)
}

protocol OptionalProtocol { static var wrappedType: Any.Type { get } }
extension Optional: OptionalProtocol { static var wrappedType: Any.Type { Wrapped.self } }
protocol ListProtocol {}
extension Array: ListProtocol {}
extension Set: ListProtocol {}
protocol MappingProtocol {}
extension Dictionary: MappingProtocol {}
extension OrderedMapping: MappingProtocol {}
