/// A table (or view) name as a user types it in SQL, `table` or `schema.table`, turned into a
/// quoted identifier that can be placed in a statement without interpreting anything in it.
///
/// Parts follow SQL's rules: an unquoted part is folded to lower case (`Accounts` is
/// `accounts`, as in `psql`), a double-quoted part is taken exactly (`"Accounts"`, with `""`
/// for a quote inside). Dots separate parts only outside quotes. The SQL form quotes every
/// part, so names with spaces, dots, capitals or keywords are safe.
public struct PostgresTableName: Sendable, Hashable, CustomStringConvertible {
    /// Nil when the name has no schema (the server's `search_path` decides).
    public var schema: String?
    public var table: String

    public init(schema: String? = nil, table: String) {
        self.schema = schema
        self.table = table
    }

    /// Parses `table`, `schema.table`, or either part in double quotes.
    public init(parsing text: String) throws(PostgresSourceError) {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var partWasQuoted = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func fail(_ expected: String) -> PostgresSourceError {
            PostgresSourceError(
                .invalidTableName, message: "table name: expected \(expected), found \"\(text.prefix(200))\"")
        }
        func finishPart() throws(PostgresSourceError) {
            if current.isEmpty && !partWasQuoted { throw fail("table or schema.table with no empty part") }
            if current.isEmpty { throw fail("a non-empty quoted identifier") }
            parts.append(current)
            current = ""
            partWasQuoted = false
        }
        while let scalar = pending ?? scalars.next() {
            pending = nil
            if quoted {
                if scalar == "\"" {
                    let next = scalars.next()
                    if next == "\"" {
                        current.unicodeScalars.append("\"")
                    } else {
                        quoted = false
                        pending = next
                    }
                } else {
                    current.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"":
                if !current.isEmpty || partWasQuoted { throw fail("a quote only at the start of a part") }
                quoted = true
                partWasQuoted = true
            case ".":
                try finishPart()
            case " ", "\t", "\n", "\r":
                throw fail("no spaces outside double quotes")
            default:
                if partWasQuoted { throw fail("a dot or the end after a closing quote") }
                // SQL folds unquoted identifiers; PostgreSQL folds ASCII letters only.
                if ("A"..."Z").contains(scalar) {
                    current.unicodeScalars.append(Unicode.Scalar(UInt8(scalar.value) + 32))
                } else {
                    current.unicodeScalars.append(scalar)
                }
            }
        }
        if quoted { throw fail("a closing double quote") }
        try finishPart()
        if parts.contains(where: { $0.unicodeScalars.contains("\0") }) { throw fail("no NUL character") }
        switch parts.count {
        case 1: self.init(table: parts[0])
        case 2: self.init(schema: parts[0], table: parts[1])
        default: throw fail("table or schema.table")
        }
    }

    /// `"schema"."table"`, every part quoted, quotes inside doubled.
    public var sql: String {
        [schema, table].compactMap { $0 }.map(Self.quotedIdentifier).joined(separator: ".")
    }

    public var description: String { sql }

    /// `"name"` with `"` doubled: the one safe way to put an identifier into SQL text.
    public static func quotedIdentifier(_ name: String) -> String {
        "\"" + name.replacing("\"", with: "\"\"") + "\""
    }
}
