/// How the keys of a file relate to the Swift names of the properties they fill.
///
/// Bearing's JSON outputs are written with snake_case keys (`start_arr`, `csm_id`,
/// `quota_mape`) from camelCase properties (`startARR`, `csmID`, `quotaMAPE`); the writer's
/// `JSONEncoder` and the `ConfigDecoder` that reads those files back use this one mapping, so
/// a file written by one type always decodes into the same type.
public enum KeyStyle: Sendable, Hashable {
    /// Keys are the property names (or the type's own `CodingKeys` values) as written.
    case asWritten
    /// Keys are `snakeCase(property name)`. A key spelt exactly as the property is also
    /// accepted, so dictionaries keyed by data (segment names, feature names) read back as
    /// they were written: encoders do not convert dictionary keys, and neither does this.
    case snakeCase

    /// `startARR` → `start_arr`, `csmID` → `csm_id`, `quotaMAPE` → `quota_mape`,
    /// `expansionP10` → `expansion_p10`, `churnedARRGoodFit` → `churned_arr_good_fit`.
    ///
    /// A word starts at an upper-case letter that follows a lower-case letter or a digit, and
    /// at the last upper-case letter of a run that is followed by a lower-case letter (so
    /// acronyms stay one word). Keys that are already snake_case, and keys holding anything
    /// but ASCII letters, digits and `_`, are returned unchanged.
    public static func snakeCase(_ key: String) -> String {
        let scalars = Array(key.unicodeScalars)
        guard scalars.contains(where: isUpper),
            scalars.allSatisfy({ isUpper($0) || isLower($0) || isDigit($0) || $0 == "_" })
        else { return key }
        var out = String.UnicodeScalarView()
        for (i, c) in scalars.enumerated() {
            if i > 0, isUpper(c) {
                let previous = scalars[i - 1]
                let nextIsLower = i + 1 < scalars.count && isLower(scalars[i + 1])
                if isLower(previous) || isDigit(previous) || (isUpper(previous) && nextIsLower) { out.append("_") }
            }
            out.append(isUpper(c) ? Unicode.Scalar(c.value + 32) ?? c : c)
        }
        return String(out)
    }

    /// The camelCase names whose `snakeCase` is `key` (`csm_id` → `csmId`, `csmID`): the first
    /// word as written, every later word capitalised or in capitals. Used to tell whether a
    /// key found in a file belongs to a type (for "unknown key" messages).
    public static func camelCandidates(_ key: String) -> [String] {
        let words = key.split(separator: "_", omittingEmptySubsequences: false).map(String.init)
        guard words.count > 1, words.count <= 8, words.allSatisfy({ !$0.isEmpty }) else { return [key] }
        var candidates = [words[0]]
        for word in words.dropFirst() {
            let capitalised = word.prefix(1).uppercased() + word.dropFirst()
            let capitals = word.uppercased()
            candidates = candidates.flatMap { capitals == capitalised ? [$0 + capitals] : [$0 + capitalised, $0 + capitals] }
        }
        return candidates.filter { snakeCase($0) == key }
    }

    /// The key to look up in a mapping for a property named `name`; `has` says whether the
    /// mapping holds a key.
    func fileKey(for name: String, has: (String) -> Bool) -> String {
        switch self {
        case .asWritten: return name
        case .snakeCase: return has(name) ? name : Self.snakeCase(name)
        }
    }

    private static func isUpper(_ c: Unicode.Scalar) -> Bool { c >= "A" && c <= "Z" }
    private static func isLower(_ c: Unicode.Scalar) -> Bool { c >= "a" && c <= "z" }
    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
}
