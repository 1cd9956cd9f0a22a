/// A problem reading from PostgreSQL, worded as one line a user can act on.
///
/// Every error that involves a server names where it was going (host and port or socket,
/// database, user) and, when the server answered, its SQLSTATE and message. A position the
/// server reports inside the user's query becomes a 1-based line and column of that query.
/// The password never appears: errors are built from ``PostgresLocation/endpoint``, which has none.
public struct PostgresSourceError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The connection URL (or the `PG*` variables) could not be understood.
        case invalidURL
        /// A table name for ``PostgresRowSource/streamTable(_:into:)`` that is not an identifier.
        case invalidTableName
        /// The server could not be reached, or the connection broke (refused, timeout, TLS).
        case connection
        /// The server answered with an error (authentication, unknown database, SQL errors).
        case server
        /// The query returns no columns (e.g. `SELECT FROM t`); there is no header to give.
        case noColumns
        /// The server sent something this adapter did not expect (a bug here or in the driver).
        case protocolViolation
    }

    public var kind: Kind
    /// `host:port, database "d", user "u"` without the password; empty for URL errors.
    public var endpoint: String
    /// The five-character SQLSTATE of a server error (e.g. `28P01`, `42P01`).
    public var sqlState: String?
    /// The server's severity (`ERROR`, `FATAL`), when it gave one.
    public var severity: String?
    /// 1-based line and column in the user's query of a server error, when the server gave one.
    public var queryLine: Int?
    public var queryColumn: Int?
    /// What went wrong, as the server or the network put it.
    public var message: String

    public init(
        _ kind: Kind, endpoint: String = "", sqlState: String? = nil, queryLine: Int? = nil,
        queryColumn: Int? = nil, message: String
    ) {
        self.kind = kind
        self.endpoint = endpoint
        self.sqlState = sqlState
        self.queryLine = queryLine
        self.queryColumn = queryColumn
        self.message = message
    }

    /// One line, e.g. `PostgreSQL 127.0.0.1:5432, database "crm", user "bi": query line 2, column 8:
    /// ERROR 42P01: relation "acounts" does not exist`.
    public var description: String {
        var text = "PostgreSQL"
        if !endpoint.isEmpty { text += " \(endpoint)" }
        text += ": "
        if let queryLine, let queryColumn { text += "query line \(queryLine), column \(queryColumn): " }
        switch kind {
        case .connection: text += "cannot connect or lost the connection: "
        case .server: text += "\(severity ?? "ERROR") \(sqlState ?? "?????"): "
        case .invalidURL, .invalidTableName, .noColumns, .protocolViolation: break
        }
        // Server messages may span lines (DETAIL, HINT); the contract is one line.
        return text + message.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
