import _BearingText

/// Number formats of the fit's comments and tables.
enum FitText {
    /// `12,345`.
    static func count(_ n: Int) -> String { GroupedDigits.text(n) }

    /// `4.1%` (one decimal).
    static func percent(_ x: Double, decimals: Int = 1) -> String {
        guard x.isFinite else { return "n/a" }
        return decimal(x * 100, decimals) + "%"
    }

    /// `x` with `places` decimals, no exponent.
    static func decimal(_ x: Double, _ places: Int) -> String {
        guard x.isFinite else { return "n/a" }
        var scale = 1.0
        for _ in 0..<max(0, places) { scale *= 10 }
        let scaled = (abs(x) * scale).rounded()
        let whole = Int(scaled / scale)
        var text = String(whole)
        if places > 0 {
            let fraction = String(Int(scaled - Double(whole) * scale))
            text += "." + String(repeating: "0", count: max(0, places - fraction.count)) + fraction
        }
        return (x < 0 && scaled > 0 ? "-" : "") + text
    }
}
