import _BearingText

/// The statements that make the server hand back every value as its own text, and the way back
/// from a position in those statements to a line and column of the user's query.
///
/// postgres-nio asks for every result column in binary, and converting binary values to the
/// text `psql` prints would mean reimplementing the server's output functions (float digits,
/// `DateStyle`, `TimeZone`, intervals, arrays...). Instead the user's query runs inside a
/// projection that applies each column's output function on the server — `format('%s', v)`
/// calls it (unlike `v::text`, which prints `true` for `t` and trims `char(n)`) — so the
/// binary result is a text value whose bytes are the text. Two round trips:
///
/// 1. ``describeSQL`` returns one row of NULLs shaped like the query (`LIMIT 0` inside, so the
///    query is planned but not run): the column names and types, also for an empty result.
/// 2. ``dataSQL(columnTypes:)`` renames the columns by position (`AS q(c1, …)`, so repeated
///    names are fine) and converts each one: text types pass through, common built-in types
///    take the cheaper `::text` (see ``ioCastTypeOIDs``), the rest `format`.
///
/// The outer projection neither joins nor sorts, so rows keep the order the query gives them
/// (a subquery with ORDER BY stays a sorted subquery scan).
struct TextQuery: Sendable {
    /// The user's query less trailing blanks and semicolons (a subquery cannot end in `;`).
    let body: String

    init(_ query: String) {
        var scalars = Substring(query).unicodeScalars
        while let last = scalars.last, last == ";" || last.properties.isWhitespace { scalars.removeLast() }
        body = String(scalars)
    }

    var isEmpty: Bool { body.unicodeScalars.allSatisfy(\.properties.isWhitespace) }

    // The newline before `)` ends a `--` comment on the query's last line.
    static let describePrefix = "SELECT q.* FROM (VALUES (0)) AS bearing_one(x) LEFT JOIN (SELECT * FROM (\n"
    static let describeSuffix = "\n) AS bearing_described LIMIT 0) AS q ON true"

    var describeSQL: String { Self.describePrefix + body + Self.describeSuffix }

    /// Text-like types whose binary form is already the text (UTF-8 with client_encoding UTF8):
    /// text, varchar, bpchar (padded, as printed), name.
    static let textTypeOIDs: Set<UInt32> = [25, 1043, 1042, 19]

    /// Built-in types without a cast to text of their own (`pg_cast`), so `v::text` is an I/O
    /// conversion — the output function, as psql prints — and cheaper on the server than
    /// `format`: int2/4/8, oid, float4/8, numeric, money, date, time, timetz, timestamp,
    /// timestamptz, interval, uuid, json, jsonb. (Domains arrive as their base type.) Other
    /// types go through `format`: bool, inet and cidr have casts that print differently, and
    /// an extension's type may too.
    static let ioCastTypeOIDs: Set<UInt32> = [
        20, 21, 23, 26, 700, 701, 1700, 790, 1082, 1083, 1266, 1114, 1184, 1186, 2950, 114, 3802,
    ]

    /// The projection for columns of these type OIDs, and where the user's query starts in it.
    func dataSQL(columnTypes: [UInt32]) -> (sql: String, bodyOffset: Int) {
        var prefix = "SELECT "
        for (index, type) in columnTypes.enumerated() {
            let column = "q.c\(index + 1)"
            if index > 0 { prefix += ", " }
            if Self.textTypeOIDs.contains(type) {
                prefix += column
            } else if Self.ioCastTypeOIDs.contains(type) {
                prefix += "\(column)::text"
            } else {
                // num_nulls, not IS NULL: a composite whose fields are all NULL is not NULL.
                prefix += "CASE WHEN num_nulls(\(column)) = 0 THEN format('%s', \(column)) END"
            }
        }
        prefix += " FROM (\n"
        let aliases = (1...max(columnTypes.count, 1)).map { "c\($0)" }.joined(separator: ", ")
        return (prefix + body + "\n) AS q(\(aliases))", prefix.unicodeScalars.count)
    }

    /// Line and column (1-based) in the user's query of a 1-based character position the server
    /// reported in a statement whose user part starts after `bodyOffset` characters; nil when
    /// the position lies in the wrapper.
    func lineAndColumn(serverPosition: Int, bodyOffset: Int) -> (line: Int, column: Int)? {
        let index = serverPosition - 1 - bodyOffset
        let scalars = Array(body.unicodeScalars)
        guard index >= 0, index <= scalars.count else { return nil }
        return TextPosition.lineAndColumn(after: scalars[..<index])
    }
}
