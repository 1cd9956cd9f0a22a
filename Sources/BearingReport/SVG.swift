import Foundation

/// Small helpers for writing SVG text by hand.
enum SVG {
    /// A coordinate with at most one decimal (sub-pixel precision is invisible, bytes are not).
    static func f(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let r = (x * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(format: "%.1f", r)
    }

    static func text(
        _ s: String, x: Double, y: Double, anchor: String = "middle", cls: String = "", extra: String = ""
    ) -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\"\(cls.isEmpty ? "" : " class=\"\(cls)\"")\(extra.isEmpty ? "" : " " + extra)>\(HTML.escape(s))</text>"
    }

    static func open(width: Double, height: Double, title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\"><title>\(HTML.escape(title))</title>"
    }
}
