/// The columns of a fixed-schema table (subscriptions ledger, events): each name found by
/// header, ignoring case, spaces, `_` and `-`; other headers ignored and listed.
struct TableColumns {
    /// Column index by schema name.
    var index: [String: Int] = [:]
    var ignored: [String] = []

    init(
        header: [String], required: [String], optional: [String], fileName: String, headerLine: Int, table: String
    ) throws(ImportFailure) {
        let normalized = header.map(ExportColumnPlan.normalize)
        var errors: [ImportError] = []
        var used = Array(repeating: false, count: header.count)
        for name in required + optional {
            let found = normalized.indices.filter { normalized[$0] == name }
            if found.count > 1 {
                errors.append(
                    ImportError(
                        .ambiguousColumn, file: fileName, line: headerLine, column: found[1] + 1, columnName: header[found[1]],
                        expected: "one \(name) column in the \(table)",
                        found: "columns " + found.map { "\($0 + 1) (\"\(header[$0])\")" }.joined(separator: " and ")))
            } else if let column = found.first {
                index[name] = column
                used[column] = true
            } else if required.contains(name) {
                var text = "headers " + header.map { "\"\($0)\"" }.joined(separator: ", ")
                if let near = Cells.closest(to: name, in: normalized) { text += "; did you mean \"\(near)\"?" }
                errors.append(
                    ImportError(
                        .missingColumn, file: fileName, line: headerLine, columnName: name,
                        expected: "a \(name) column in the \(table) (\(required.joined(separator: ", ")) are required)",
                        found: text))
            }
        }
        guard errors.isEmpty else { throw ImportFailure(errors: errors) }
        ignored = header.indices.filter { !used[$0] }.map { header[$0] }
    }
}
