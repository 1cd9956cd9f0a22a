import Foundation

/// Fixed-width text tables and number formats for the terminal: the one place commands and the
/// workbench format figures for people (files carry full precision).
public enum TextTable {
    /// Columns padded to their widest cell; the first column left-aligned, the rest right-aligned.
    public static func render(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: max(0, (i < widths.count ? widths[i] : 0) - cell.count))
                return i == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ") + "\n"
        }
        return line(header) + rows.map(line).joined()
    }

    /// Whole dollars, `n/a` when undefined.
    public static func money(_ x: Double) -> String { x.isFinite ? String(format: "%.0f", x) : "n/a" }

    /// A fraction as a percentage with one decimal, `n/a` when undefined.
    public static func percent(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "n/a" }
        return String(format: "%.1f%%", x * 100)
    }

    /// Two decimals, `n/a` when undefined.
    public static func number(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "n/a" }
        return String(format: "%.2f", x)
    }

    /// `text` padded with spaces to `width` (on the left when `right`).
    public static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        guard text.count < width else { return text }
        let fill = String(repeating: " ", count: width - text.count)
        return right ? fill + text : text + fill
    }
}
