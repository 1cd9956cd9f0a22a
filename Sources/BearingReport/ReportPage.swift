/// The whole report: one self-contained HTML document (inline CSS and SVG, no scripts, no
/// network), readable at 1280 px and printable.
package struct ReportPage: Sendable {
    package var title: String
    /// Lines under the title (source folder, scenario, generation facts).
    package var subtitle: [String]
    package var sections: [ReportSection]

    package init(title: String, subtitle: [String] = [], sections: [ReportSection]) {
        self.title = title
        self.subtitle = subtitle
        self.sections = sections
    }

    package func html() -> String {
        var s = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        s += "<title>\(HTML.escape(title))</title><style>\(Self.css)</style></head><body><main>"
        s += "<header><h1>\(HTML.escape(title))</h1>"
        for line in subtitle { s += "<p class=\"subtitle\">\(HTML.escape(line))</p>" }
        s += "<nav><ol>"
        for section in sections {
            s += "<li><a href=\"#\(HTML.escape(section.id))\">\(HTML.escape(section.title))</a>\(section.blocks.isEmpty ? " <span class=\"muted\">(no data)</span>" : "")</li>"
        }
        s += "</ol></nav></header>"
        for section in sections { s += section.html() }
        s += "</main></body></html>\n"
        return s
    }

    static let css = """
        :root{--ink:#1d2733;--muted:#5f6b7a;--line:#d9dee5;--bg:#ffffff;--panel:#f6f8fa;--accent:#4e79a7}
        *{box-sizing:border-box}
        body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
        main{max-width:1200px;margin:0 auto;padding:24px 32px 64px}
        h1{font-size:28px;margin:8px 0 4px}
        h2{font-size:22px;margin:40px 0 8px;padding-top:12px;border-top:2px solid var(--line)}
        h3{font-size:16px;margin:20px 0 6px}
        .subtitle{margin:2px 0;color:var(--muted)}
        nav ol{margin:12px 0 0;padding-left:20px;columns:2}
        nav a{color:var(--accent);text-decoration:none}
        .muted{color:var(--muted)}
        .intro{max-width:900px;color:var(--ink)}
        .missing{background:#fff7e0;border-left:4px solid #e0a100;padding:8px 12px;max-width:900px}
        .note{color:var(--muted);font-size:13px;max-width:900px}
        figure.chart{margin:12px 0 24px;padding:12px;background:var(--panel);border:1px solid var(--line);border-radius:6px;break-inside:avoid;page-break-inside:avoid}
        figure.chart h3{margin:0 0 6px}
        figure.chart svg{width:100%;height:auto;display:block;background:#fff}
        figcaption{color:var(--muted);font-size:13px;margin-top:6px}
        svg text{font-family:inherit;fill:#333}
        svg .tick{font-size:12px;fill:#555}
        svg .axis-title{font-size:13px;font-weight:600;fill:#333}
        svg .legend-label{font-size:13px}
        svg .value{font-size:11px;fill:#333}
        svg .row-label{font-size:13px}
        svg .quadrant{font-size:13px;font-weight:600;fill:#5f6b7a;paint-order:stroke;stroke:#fff;stroke-width:4px;stroke-linejoin:round}
        svg .grid{stroke:#e6e9ee;stroke-width:1}
        svg .baseline{stroke:#999;stroke-width:1}
        svg .reference{stroke:#888;stroke-width:1.2;stroke-dasharray:4 4}
        svg .arrows line{stroke:#8795a6;stroke-opacity:.28;stroke-width:.8}
        svg .points circle{fill-opacity:.85}
        .table-wrap{overflow-x:auto}
        table{border-collapse:collapse;margin:6px 0 18px;font-size:14px;min-width:60%}
        caption{text-align:left;color:var(--muted);font-size:13px;padding-bottom:4px}
        th,td{padding:5px 10px;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}
        th{background:var(--panel);font-weight:600}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
        tr.badfit td{background:#fdf0f0;border-top:2px solid #c62828}
        tr.goodfit td{font-weight:600;background:#f1f7f1}
        tr.rollup td{font-weight:700;background:#eef2f7;border-top:2px solid #888}
        tr.segment-head td{font-weight:700;background:#fff;padding-top:14px;border-bottom:2px solid #888}
        .cards{display:flex;flex-wrap:wrap;gap:12px;margin:10px 0 16px}
        .card{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:10px 16px;min-width:170px}
        .card-value{font-size:22px;font-weight:700}
        .card-label{color:var(--muted);font-size:13px}
        @media print{
          body{font-size:11pt}
          main{max-width:none;padding:0}
          nav{display:none}
          h2{break-before:page;page-break-before:always;border-top:none}
          section:first-of-type h2{break-before:auto;page-break-before:auto}
          figure.chart{background:none;border:none;padding:0}
          figure.chart svg{max-height:135mm;width:auto;max-width:100%;margin:0 auto}
          h3{break-after:avoid;page-break-after:avoid}
          tr,.cards{break-inside:avoid;page-break-inside:avoid}
          a{color:inherit;text-decoration:none}
          @page{size:A4 landscape;margin:14mm}
        }
        """
}
