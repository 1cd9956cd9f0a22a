/// "Did you mean" hints for mistyped names (YAML keys, export headers): the closest known name
/// by edit distance, ignoring case.
package enum Suggestion {
    /// The candidate closest to `name` within `limit` edits (the first of equally close ones),
    /// or nil.
    package static func closest(to name: String, in candidates: [String], within limit: Int) -> String? {
        var best: (String, Int)?
        for candidate in candidates {
            let d = editDistance(name, candidate)
            if d <= limit, d < (best?.1 ?? .max) { best = (candidate, d) }
        }
        return best?.0
    }

    /// Levenshtein distance between the lower-cased texts (insert, delete, substitute).
    package static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased())
        let b = Array(b.lowercased())
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
