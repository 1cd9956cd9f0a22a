/// HTML and SVG text escaping. Everything that comes from data (segment names, plan names,
/// customer ids) goes through `escape` before it reaches the page.
package enum HTML {
    /// Escapes `&`, `<`, `>`, `"` and `'` so the result is safe both as element text and as a
    /// double- or single-quoted attribute value.
    package static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}
