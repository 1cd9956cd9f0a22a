/// Whole numbers with thousands separators for messages and tables: `12,345`, `-1,000`.
package enum GroupedDigits {
    package static func text(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }
}
