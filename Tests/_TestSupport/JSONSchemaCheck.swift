import Foundation

/// Checks a JSON value against the subset of JSON Schema that `docs/schemas` uses: `type`
/// (one or a list), `properties`, `required`, `additionalProperties` (false or a schema),
/// `items`, `enum` and `propertyNames.pattern`. Returns every violation with its JSON path.
package enum JSONSchemaCheck {
    package static func violations(of value: Any, against schema: [String: Any], path: String = "$") -> [String] {
        var problems: [String] = []
        if let types = (schema["type"] as? [String]) ?? (schema["type"] as? String).map({ [$0] }),
            !types.contains(where: { matches(value, $0) })
        {
            return ["\(path): expected \(types.joined(separator: " or ")), found \(describe(value))"]
        }
        if let choices = schema["enum"] as? [Any], !choices.contains(where: { "\($0)" == "\(value)" }) {
            problems.append("\(path): \(value) is not one of \(choices)")
        }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                problems.append("\(path): missing key '\(key)'")
            }
            if let pattern = (schema["propertyNames"] as? [String: Any])?["pattern"] as? String {
                for key in object.keys where key.range(of: pattern, options: .regularExpression) == nil {
                    problems.append("\(path): key '\(key)' does not match \(pattern)")
                }
            }
            for (key, child) in object.sorted(by: { $0.key < $1.key }) {
                if let sub = properties[key] as? [String: Any] {
                    problems += violations(of: child, against: sub, path: "\(path).\(key)")
                } else if let additional = schema["additionalProperties"] as? [String: Any] {
                    problems += violations(of: child, against: additional, path: "\(path).\(key)")
                } else if (schema["additionalProperties"] as? Bool) == false {
                    problems.append("\(path): unexpected key '\(key)'")
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (i, item) in array.enumerated() { problems += violations(of: item, against: items, path: "\(path)[\(i)]") }
        }
        return problems
    }

    static func matches(_ value: Any, _ type: String) -> Bool {
        switch type {
        case "null": return value is NSNull
        case "boolean": return isBool(value)
        case "number": return value is NSNumber && !isBool(value)
        case "integer": return (value as? NSNumber).map { !isBool(value) && $0.doubleValue == $0.doubleValue.rounded() } ?? false
        case "string": return value is String
        case "array": return value is [Any]
        case "object": return value is [String: Any]
        default: return false
        }
    }

    /// JSONSerialization's booleans are NSNumbers of ObjC type `c` (on Linux `x is Bool` holds for 0 and 1 too).
    static func isBool(_ value: Any) -> Bool {
        guard let n = value as? NSNumber else { return false }
        return String(cString: n.objCType) == "c"
    }

    static func describe(_ value: Any) -> String {
        if value is NSNull { return "null" }
        if isBool(value) { return "a boolean" }
        if value is NSNumber { return "a number" }
        if value is String { return "a string" }
        if value is [Any] { return "an array" }
        return "an object"
    }
}
