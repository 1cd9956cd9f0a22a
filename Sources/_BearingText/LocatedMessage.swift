/// The one-line form of a located problem in an input file, shared by the panel reader's and
/// the importers' errors: `file:line: column 5 (arr): expected a number >= 0, found "-3"`.
///
/// Header names and found values come from the file: they are shown escaped and cut
/// (`DisplayEscaping`), so NUL or control bytes never reach the terminal and a megabyte
/// header name stays a short message.
package enum LocatedMessage {
    /// `columnName` without `column` is shown as "column NAME" unless `nameIsSubject` (a
    /// missing column, which the message names itself).
    package static func text(
        file: String, line: Int?, column: Int?, columnName: String?, nameIsSubject: Bool, expected: String,
        found: String
    ) -> String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let column {
            text += "column \(column)"
            if let columnName { text += " (\(DisplayEscaping.escaped(columnName, limit: 60)))" }
            text += ": "
        } else if let columnName, !nameIsSubject {
            text += "column \(DisplayEscaping.escaped(columnName, limit: 60)): "
        }
        text += "expected \(DisplayEscaping.escaped(expected, limit: 1000))"
        if !found.isEmpty { text += ", found \(DisplayEscaping.escaped(found, limit: 1000))" }
        return text
    }
}
