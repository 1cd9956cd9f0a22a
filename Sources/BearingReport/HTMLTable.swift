/// A data table: header (optionally under grouped headings), body rows, optional row and cell
/// classes (e.g. a separated bad-fit row, a bold roll-up, a greyed value from too small a
/// sample). Every cell is escaped; numeric columns are right-aligned.
package struct HTMLTable: Sendable {
    /// A heading over `span` adjacent columns (an empty title leaves the columns ungrouped).
    package struct Group: Sendable, Equatable {
        package var title: String
        package var span: Int

        package init(_ title: String, span: Int) {
            self.title = title
            self.span = span
        }
    }

    package var header: [String]
    package var rows: [[String]]
    /// CSS class per row (same count as rows, or empty).
    package var rowClasses: [String]
    /// CSS class per cell (rows of classes like `rows`; missing entries mean none).
    package var cellClasses: [[String]]
    /// Columns (by index) aligned right, for numbers.
    package var numericColumns: Set<Int>
    /// Headings above the header, covering the columns left to right.
    package var groups: [Group]
    package var caption: String?

    package init(
        header: [String], rows: [[String]], rowClasses: [String] = [], cellClasses: [[String]] = [],
        numericColumns: Set<Int> = [], groups: [Group] = [], caption: String? = nil
    ) {
        self.header = header
        self.rows = rows
        self.rowClasses = rowClasses
        self.cellClasses = cellClasses
        self.numericColumns = numericColumns
        self.groups = groups
        self.caption = caption
    }

    package func html() -> String {
        var s = "<div class=\"table-wrap\"><table>"
        if let caption { s += "<caption>\(HTML.escape(caption))</caption>" }
        s += "<thead>"
        if !groups.isEmpty {
            s += "<tr class=\"groups\">"
            for g in groups {
                let span = g.span > 1 ? " colspan=\"\(g.span)\"" : ""
                s += g.title.isEmpty ? "<th\(span) class=\"blank\"></th>" : "<th\(span) class=\"group\">\(HTML.escape(g.title))</th>"
            }
            s += "</tr>"
        }
        s += "<tr>"
        for (i, h) in header.enumerated() { s += "<th\(numericColumns.contains(i) ? " class=\"num\"" : "")>\(HTML.escape(h))</th>" }
        s += "</tr></thead><tbody>"
        for (r, row) in rows.enumerated() {
            let cls = r < rowClasses.count && !rowClasses[r].isEmpty ? " class=\"\(HTML.escape(rowClasses[r]))\"" : ""
            s += "<tr\(cls)>"
            for (i, cell) in row.enumerated() {
                var classes: [String] = numericColumns.contains(i) ? ["num"] : []
                if r < cellClasses.count, i < cellClasses[r].count, !cellClasses[r][i].isEmpty { classes.append(cellClasses[r][i]) }
                let attribute = classes.isEmpty ? "" : " class=\"\(HTML.escape(classes.joined(separator: " ")))\""
                s += "<td\(attribute)>\(HTML.escape(cell))</td>"
            }
            s += "</tr>"
        }
        return s + "</tbody></table></div>"
    }
}
