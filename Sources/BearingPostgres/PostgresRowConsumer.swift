/// Receives a query's result from ``PostgresRowSource``: the header once, then each row in order.
///
/// Cells are the server's text for each value, exactly as `psql --csv` prints it (`t`/`f` for
/// booleans, `2024-03-31` for dates, the shortest exact digits for floats, the declared scale for
/// numerics), and nil for SQL NULL, so an empty string and a NULL stay apart. Every row has as
/// many cells as the header has names. Throwing from either method stops the query, closes the
/// connection, and makes the stream rethrow that error.
public protocol PostgresRowConsumer {
    /// Column names in query order; called once, before any row, also when there are no rows.
    /// Names may repeat (`SELECT 1, 2` gives `?column?` twice); the consumer decides.
    mutating func header(_ names: [String]) throws
    /// One row's cells, `cells.count == names.count`.
    mutating func row(_ cells: [String?]) throws
}
