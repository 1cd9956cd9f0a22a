import BearingPanel
import Foundation

/// Renders a clean panel as a messy CRM export with every quirk the importer accepts, and the
/// mapping YAML that reads it back. The numbers keep the clean file's decimal digits exactly
/// (only notation changes), so an exact importer gives back the clean panel bit for bit.
struct MessyExport {
    enum Style {
        /// Comma delimiter, `$1,234.50`, `MM/DD/YYYY`, accounting negatives.
        case american
        /// Semicolon delimiter, decimal comma `1.234,5 €`, `DD.MM.YYYY`.
        case european
    }

    var style: Style
    /// Leave out segment, fit, expansion_arr and contraction_arr.
    var dropOptionalColumns = false
    /// Write the churned cells of this period as ordinary 0/1 (the import is told it is open).
    var openPeriod: Period?

    var delimiter: String { style == .american ? "," : ";" }
    var decimalMark: String { style == .american ? "." : "," }
    var groupMark: String { style == .american ? "," : "." }

    static let headers: [String: String] = [
        "customer_id": "Account ID", "period": "Snapshot Date", "segment": "Tier", "fit": "Fit", "csm_id": "CSM Owner",
        "arr": "ARR (USD)", "churned": "Churned?", "expansion_arr": "Expansion", "contraction_arr": "Downsell",
        "milestone": "Next Milestone", "milestone_reached": "Milestone Reached",
        "contract_term_months": "Contract Term", "outcome.usage_trend": "Usage trend 90d",
    ]

    /// Panel columns matched by their header's name rather than the mapping.
    static let matchedByName: [String: String] = ["renewal_date": "Renewal Date"]

    /// Feature header: mapped ones get a CRM-like name; the last is matched by its own name
    /// written in another case with spaces.
    func header(for name: String, isLast: Bool) -> String {
        if let h = Self.headers[name] ?? Self.matchedByName[name] { return h }
        if isLast {
            let parts = name.split(separator: ".", maxSplits: 1)
            return parts[0].capitalized + "." + parts[1].split(separator: "_").map { $0.capitalized }.joined(separator: " ")
        }
        return "Metric: " + name
    }

    func render(_ panel: HistoryPanel) -> (bytes: [UInt8], mapping: String) {
        let (header, rows) = TestPanels.cleanCells(panel)
        let features = header.filter { FeatureGroup(columnName: $0) != nil }
        let dropped: Set<String> = dropOptionalColumns ? ["segment", "fit", "expansion_arr", "contraction_arr"] : []
        let kept = header.filter { !dropped.contains($0) }
        var outHeader: [String] = ["Region"]
        var mapping = "columns:\n"
        for name in kept {
            let h = self.header(for: name, isLast: name == features.last)
            outHeader.append(h)
            if name != features.last, Self.matchedByName[name] == nil { mapping += "  \(name): \"\(h)\"\n" }
        }
        outHeader.append("Notes")
        mapping += "date_format: \(style == .american ? "MM/DD/YYYY" : "DD.MM.YYYY")\n"
        if style == .european { mapping += "decimal: \",\"\n" }

        var lines = [outHeader.map { quoteIfNeeded($0) }.joined(separator: delimiter)]
        for (r, row) in rows.enumerated() {
            var cells = ["\"Zone \(r % 4)\""]
            for (k, name) in kept.enumerated() {
                let text = row[header.firstIndex(of: name) ?? 0]
                let c = cell(name, text, r: r)
                // Some cells quoted for no reason, as spreadsheets do.
                cells.append((r + k) % 9 == 4 ? "\"" + c.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : quoteIfNeeded(c))
            }
            cells.append(r % 3 == 0 ? quoteIfNeeded("said \"hi\"\(delimiter) then\nleft") : "")
            lines.append(cells.joined(separator: delimiter))
        }
        // BOM, CRLF line ends, no final newline.
        let text = "\u{FEFF}" + lines.joined(separator: "\r\n")
        return (Array(text.utf8), mapping)
    }

    func quoteIfNeeded(_ s: String) -> String {
        s.contains(delimiter) || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    static let missingTokens = ["", "N/A", "#N/A", "NA", "null", "-", "  ", "n/a"]
    static let yesNo = [("yes", "no"), ("Y", "N"), ("TRUE", "FALSE"), ("1", "0"), ("True", "false"), ("y", "n")]

    func cell(_ name: String, _ text: String, r: Int) -> String {
        switch name {
        case "customer_id": return r % 5 == 0 ? "  \(text) " : text
        case "period": return period(text, r: r)
        case "segment": return r % 4 == 0 ? " \(text)" : text
        case "fit": return [text, text.capitalized, text.uppercased(), " \(text)"][r % 4]
        case "csm_id", "milestone": return text.isEmpty ? Self.missingTokens[r % Self.missingTokens.count] : text
        case "churned", "milestone_reached":
            if text.isEmpty { return ["", "N/A", " "][r % 3] }
            let pair = Self.yesNo[r % Self.yesNo.count]
            return text == "1" ? pair.0 : pair.1
        case "arr", "expansion_arr", "contraction_arr": return amount(text, r: r)
        case "contract_term_months":
            if text.isEmpty { return Self.missingTokens[r % Self.missingTokens.count] }
            return term(text, r: r)
        case "renewal_date":
            if text.isEmpty { return Self.missingTokens[(r + 3) % Self.missingTokens.count] }
            return date(text, r: r)
        case "outcome.usage_trend":
            if text.isEmpty { return Self.missingTokens[r % Self.missingTokens.count] }
            return number(text, r: r, percent: true)
        default:
            if text.isEmpty { return Self.missingTokens[(r + name.count) % Self.missingTokens.count] }
            return number(text, r: r + name.count, percent: false)
        }
    }

    /// A date inside the clean period (any month of the quarter, any day), a label, or a
    /// month label that the quarter grain moves to its quarter.
    func period(_ label: String, r: Int) -> String {
        guard let p = Period(label: label) else { return label }
        let firstMonth = p.granularity == .quarter ? (p.subperiod - 1) * 3 + 1 : p.subperiod
        let month = p.granularity == .quarter ? firstMonth + r % 3 : firstMonth
        let day = 1 + (r * 7) % DaysInMonth.of(month, p.year)
        switch r % 6 {
        case 0: return p.label.lowercased()
        case 1 where p.granularity == .quarter: return String(format: "%04d-%02d", p.year, month)
        case 2: return String(format: "%04d-%02d-%02d", p.year, month, day) + (r % 12 == 2 ? "T09:30:00Z" : "")
        default:
            return style == .american
                ? String(format: "%02d/%02d/%04d", month, day, p.year) + (r % 4 == 3 ? " 17:45" : "")
                : String(format: "%d.%d.%04d", day, month, p.year)
        }
    }

    /// A contract term as CRMs write it: `12`, `12 months`, `1 year`, `annual`, `12.0`, `monthly`.
    func term(_ text: String, r: Int) -> String {
        guard let months = Int(text) else { return text }
        switch r % 6 {
        case 1: return "\(months) months"
        case 2 where months % 12 == 0: return "\(months / 12) " + (months == 12 ? "year" : "years")
        case 3 where months == 12: return "Annual"
        case 3 where months == 1: return "monthly"
        case 4: return "\(months)\(decimalMark)0"
        case 5: return " \(months) mo"
        default: return text
        }
    }

    /// A `YYYY-MM-DD` date in this style's date format, as ISO, or with a time of day.
    func date(_ iso: String, r: Int) -> String {
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return iso }
        let (year, month, day) = (parts[0], parts[1], parts[2])
        switch r % 4 {
        case 0: return iso
        case 1: return iso + "T00:00:00Z"
        default:
            return style == .american
                ? String(format: "%02d/%02d/%04d", month, day, year) + (r % 8 == 3 ? " 23:59" : "")
                : String(format: "%d.%d.%04d", day, month, year)
        }
    }

    func amount(_ text: String, r: Int) -> String {
        let n = localized(text, grouped: r % 2 == 0)
        switch (style, r % 4) {
        case (.american, 0): return "$" + n
        case (.american, 1): return "$ " + n
        case (.european, 0): return n + " €"
        case (.european, 1): return "€" + n
        case (_, 2): return "£" + n
        default: return n
        }
    }

    func number(_ text: String, r: Int, percent: Bool) -> String {
        let negative = text.hasPrefix("-")
        var body = negative ? String(text.dropFirst()) : text
        if percent { body = Self.timesHundred(body) }
        var n = localized(body, grouped: r % 3 == 0)
        if percent { n += r % 2 == 0 ? "%" : " %" }
        guard negative else { return r % 7 == 0 ? " \(n) " : n }
        return style == .american && r % 2 == 0 ? "(\(n))" : "-" + n
    }

    /// The decimal text in this style's notation, thousands grouped when asked (and possible).
    func localized(_ text: String, grouped: Bool) -> String {
        if text.contains("e") { return text.replacingOccurrences(of: ".", with: decimalMark) }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        var integer = String(parts[0])
        if grouped, integer.count > 3 {
            var groups: [String] = []
            while integer.count > 3 {
                groups.insert(String(integer.suffix(3)), at: 0)
                integer = String(integer.dropLast(3))
            }
            integer = ([integer] + groups).joined(separator: groupMark)
        }
        return parts.count > 1 ? integer + decimalMark + parts[1] : integer
    }

    /// 100 × a non-negative decimal text, by moving the point (exact).
    static func timesHundred(_ text: String) -> String {
        if let e = text.firstIndex(of: "e") {
            let exponent = Int(text[text.index(after: e)...]) ?? 0
            return String(text[..<e]) + "e" + String(exponent + 2)
        }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        let moved = String((fraction + "00").prefix(2))
        let rest = String(fraction.dropFirst(min(2, fraction.count)))
        var integer = String(parts[0]) + moved
        while integer.count > 1, integer.hasPrefix("0") { integer.removeFirst() }
        return rest.isEmpty ? integer : integer + "." + rest
    }
}

enum DaysInMonth {
    static func of(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
