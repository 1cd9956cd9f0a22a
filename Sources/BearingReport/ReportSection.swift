/// One section of the report: a heading, an explanation, then figures and tables — or, when
/// its inputs are missing, a plain sentence saying which files would fill it.
package struct ReportSection: Sendable {
    package var id: String
    package var title: String
    package var intro: String
    /// Ready HTML blocks (figures, tables, notes) in order.
    package var blocks: [String]
    /// Inputs that were looked for and not found (shown instead of nothing).
    package var missing: [String]

    package init(id: String, title: String, intro: String = "", blocks: [String] = [], missing: [String] = []) {
        self.id = id
        self.title = title
        self.intro = intro
        self.blocks = blocks
        self.missing = missing
    }

    /// A chart with its heading and an explanatory caption below it.
    package static func figure(_ title: String, svg: String, caption: String = "") -> String {
        var s = "<figure class=\"chart\"><h3>\(HTML.escape(title))</h3>\(svg)"
        if !caption.isEmpty { s += "<figcaption>\(HTML.escape(caption))</figcaption>" }
        return s + "</figure>"
    }

    /// A sub-heading with a table under it.
    package static func table(_ title: String, _ table: HTMLTable, note: String = "") -> String {
        var s = "<div class=\"block\"><h3>\(HTML.escape(title))</h3>\(table.html())"
        if !note.isEmpty { s += "<p class=\"note\">\(HTML.escape(note))</p>" }
        return s + "</div>"
    }

    /// A line saying what is not shown and why.
    package static func missingNote(_ text: String) -> String {
        "<p class=\"missing\">\(HTML.escape(text))</p>"
    }

    /// Headline numbers as cards.
    package static func cards(_ items: [(label: String, value: String)]) -> String {
        var s = "<div class=\"cards\">"
        for item in items {
            s +=
                "<div class=\"card\"><div class=\"card-value\">\(HTML.escape(item.value))</div><div class=\"card-label\">\(HTML.escape(item.label))</div></div>"
        }
        return s + "</div>"
    }

    func html() -> String {
        var s = "<section id=\"\(HTML.escape(id))\"><h2>\(HTML.escape(title))</h2>"
        if !intro.isEmpty { s += "<p class=\"intro\">\(HTML.escape(intro))</p>" }
        if !missing.isEmpty {
            let what = missing.map(HTML.escape).joined(separator: "; ")
            s += "<p class=\"missing\"><strong>\(blocks.isEmpty ? "Not available" : "Partly available"):</strong> \(what)</p>"
        }
        s += blocks.joined()
        return s + "</section>"
    }
}
