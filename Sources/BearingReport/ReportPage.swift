/// The whole report: one self-contained HTML document (inline CSS and SVG, no scripts, no
/// network), readable at 1280 px and printable. It opens with the answers (above the fold of a
/// 1280 x 800 screen), then the contents, then the sections with the detail.
package struct ReportPage: Sendable {
    package var title: String
    /// Facts under the title (source folder, scenario, generation), printed on one line.
    package var subtitle: [String]
    /// The questions the report answers, in order; none leaves the block out.
    package var answers: [ReportAnswer]
    package var sections: [ReportSection]

    package init(title: String, subtitle: [String] = [], answers: [ReportAnswer] = [], sections: [ReportSection]) {
        self.title = title
        self.subtitle = subtitle
        self.answers = answers
        self.sections = sections
    }

    package func html() -> String {
        var s = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        s += "<title>\(HTML.escape(title))</title><style>\(Self.css)</style></head><body><main>"
        s += "<header><h1>\(HTML.escape(title))</h1>"
        if !subtitle.isEmpty { s += "<p class=\"subtitle\">\(subtitle.map(HTML.escape).joined(separator: " · "))</p>" }
        s += "</header>"
        if !answers.isEmpty {
            s += "<section id=\"answers\" class=\"answers\" aria-label=\"Answers\"><ol>"
            for (i, answer) in answers.enumerated() { s += answer.html(number: i + 1) }
            s += "</ol></section>"
        }
        s += "<nav aria-label=\"Contents\"><ol>"
        for section in sections {
            s +=
                "<li><a href=\"#\(HTML.escape(section.id))\">\(HTML.escape(section.title))</a>\(section.blocks.isEmpty ? " <span class=\"muted\">(no data)</span>" : "")</li>"
        }
        s += "</ol></nav>"
        for section in sections { s += section.html() }
        s += "</main></body></html>\n"
        return s
    }

    static let css = """
        :root{--ink:#1d2733;--muted:#5f6b7a;--line:#d9dee5;--bg:#ffffff;--panel:#f6f8fa;--accent:#4e79a7}
        *{box-sizing:border-box}
        body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
        main{max-width:1200px;margin:0 auto;padding:24px 32px 64px}
        h1{font-size:26px;margin:4px 0 2px}
        h2{font-size:22px;margin:40px 0 8px;padding-top:12px;border-top:2px solid var(--line)}
        h3{font-size:16px;margin:20px 0 6px}
        .subtitle{margin:2px 0 12px;color:var(--muted);font-size:13px}
        .answers ol{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:10px}
        .answer{display:flex;gap:16px;align-items:flex-start;border:1px solid var(--line);border-left:6px solid var(--accent);border-radius:6px;padding:10px 16px;background:#fff}
        .answer .badge{flex:0 0 116px;text-align:center;font-weight:700;font-size:14px;border-radius:4px;padding:6px 4px;color:#fff;background:var(--accent)}
        .answer-body{flex:1}
        .answer p{margin:0}
        .answer .question{font-size:13px;font-weight:600;color:var(--muted);text-transform:none}
        .answer .sentence{font-size:17px;line-height:1.4;margin:2px 0}
        .answer .answer-detail{font-size:13px;color:var(--muted)}
        .answer a{color:var(--accent);white-space:nowrap}
        .status-clear{border-left-color:#2e7d32}.status-clear .badge{background:#2e7d32}
        .status-against{border-left-color:#c62828}.status-against .badge{background:#c62828}
        .status-unclear{border-left-color:#b07d00}.status-unclear .badge{background:#b07d00}
        .answer.greyed{background:#f3f4f6;border-left-color:#9aa1ab;color:#6b7280}
        .answer.greyed .badge{background:#9aa1ab}
        .answer.greyed .sentence{color:#6b7280}
        nav ol{margin:14px 0 0;padding-left:20px;columns:3}
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
        svg .grid{stroke:#e6e9ee;stroke-width:1}
        svg .baseline{stroke:#999;stroke-width:1}
        svg .reference{stroke:#888;stroke-width:1.2;stroke-dasharray:4 4}
        svg .flow line{stroke:#222;stroke-opacity:.75;stroke-width:1.3}
        svg .threshold{stroke:#222;stroke-width:1.6}
        svg .region{font-size:13px;font-weight:700;paint-order:stroke;stroke:#fff;stroke-width:4px;stroke-linejoin:round}
        svg .points .mark{fill-opacity:.85}
        .table-wrap{overflow-x:auto}
        table{border-collapse:collapse;margin:6px 0 18px;font-size:14px;min-width:60%}
        caption{text-align:left;color:var(--muted);font-size:13px;padding-bottom:4px}
        th,td{padding:5px 10px;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}
        th{background:var(--panel);font-weight:600}
        tr.groups th{text-align:center;border-bottom:1px solid #bbb}
        tr.groups th.blank{background:none;border-bottom:none}
        td.insufficient,tr.insufficient td{color:#9aa1ab;background:#f3f4f6}
        td.reason{white-space:normal;min-width:260px;color:#6b7280;font-size:13px}
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
          .answer{break-inside:avoid;page-break-inside:avoid}
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
