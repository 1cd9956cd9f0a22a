/// A data table: header, body rows, optional row classes (e.g. a separated bad-fit row or a
/// bold roll-up). Every cell is escaped; numeric columns are right-aligned.
package struct HTMLTable: Sendable {
    package var header: [String]
    package var rows: [[String]]
    /// CSS class per row (same count as rows, or empty).
    package var rowClasses: [String]
    /// Columns (by index) aligned right, for numbers.
    package var numericColumns: Set<Int>
    package var caption: String?

    package init(header: [String], rows: [[String]], rowClasses: [String] = [], numericColumns: Set<Int> = [], caption: String? = nil) {
        self.header = header
        self.rows = rows
        self.rowClasses = rowClasses
        self.numericColumns = numericColumns
        self.caption = caption
    }

    package func html() -> String {
        var s = "<div class=\"table-wrap\"><table>"
        if let caption { s += "<caption>\(HTML.escape(caption))</caption>" }
        s += "<thead><tr>"
        for (i, h) in header.enumerated() { s += "<th\(numericColumns.contains(i) ? " class=\"num\"" : "")>\(HTML.escape(h))</th>" }
        s += "</tr></thead><tbody>"
        for (r, row) in rows.enumerated() {
            let cls = r < rowClasses.count && !rowClasses[r].isEmpty ? " class=\"\(HTML.escape(rowClasses[r]))\"" : ""
            s += "<tr\(cls)>"
            for (i, cell) in row.enumerated() { s += "<td\(numericColumns.contains(i) ? " class=\"num\"" : "")>\(HTML.escape(cell))</td>" }
            s += "</tr>"
        }
        return s + "</tbody></table></div>"
    }
}
