import Dispatch
import PostgresNIO

/// Runs a query on PostgreSQL and streams its result, as text cells, to a consumer.
///
/// The entry points are synchronous, for a command's `run()`: they connect, run the query in a
/// read-only repeatable-read transaction (one snapshot; a query cannot change data), call the
/// consumer's `header` once and `row` per row on the calling thread, in the query's order, and
/// return when the result has ended. A small event loop of its own reads the server; the
/// result is never held whole: at most ``bufferedBatches`` batches of ``batchSize`` rows wait
/// for the consumer, plus the driver's own buffer (it reads ahead at most 16,384 rows).
///
/// The query contract: one statement whose result is a table — `SELECT …`, `WITH … SELECT …`,
/// `VALUES …`, `TABLE t` — with at least one column; a trailing `;` is allowed. It is run as a
/// subquery (see ``TextQuery``), so statements that cannot be one (`SHOW`, `EXPLAIN`,
/// `INSERT … RETURNING`) are rejected by the server with a syntax error.
///
/// Errors are ``PostgresSourceError`` (one line: where, SQLSTATE, server message, line and
/// column in the query), or whatever the consumer threw.
public struct PostgresRowSource: Sendable {
    public var location: PostgresLocation
    /// Rows per hand-off from the reading task to the consumer's thread.
    public var batchSize = 256
    /// Batches that may wait for the consumer before the reader stops reading.
    public var bufferedBatches = 4

    public init(location: PostgresLocation) {
        self.location = location
    }

    /// Runs `query` and hands its header and rows to `consumer`.
    @discardableResult
    public func stream(query: String, into consumer: inout some PostgresRowConsumer) throws -> PostgresStreamSummary {
        let textQuery = TextQuery(query)
        guard !textQuery.isEmpty else {
            throw PostgresSourceError(
                .noColumns, endpoint: location.endpoint,
                message: "expected a query such as SELECT … FROM …, found an empty query")
        }
        return try run(textQuery, into: &consumer)
    }

    /// Streams a whole table or view (`SELECT * FROM "schema"."table"`), for the raw-tables
    /// path. `name` is parsed as SQL would (``PostgresTableName``) and quoted, never pasted.
    @discardableResult
    public func streamTable(
        _ name: String, into consumer: inout some PostgresRowConsumer
    ) throws
        -> PostgresStreamSummary
    {
        try streamTable(PostgresTableName(parsing: name), into: &consumer)
    }

    /// Streams a whole table or view given as schema and table.
    @discardableResult
    public func streamTable(
        _ name: PostgresTableName, into consumer: inout some PostgresRowConsumer
    ) throws
        -> PostgresStreamSummary
    {
        try run(TextQuery("SELECT * FROM \(name.sql)"), into: &consumer)
    }

    // MARK: Caller's thread

    private func run(_ query: TextQuery, into consumer: inout some PostgresRowConsumer) throws -> PostgresStreamSummary {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let eventLoop = group.next()
        let handoff = RowHandoff(capacity: bufferedBatches)
        let finished = DispatchSemaphore(value: 0)
        let reader = ServerReader(location: location, query: query, batchSize: max(batchSize, 1))
        Task(executorPreference: EventLoopTaskExecutor(eventLoop)) {
            let failure = await reader.read(into: handoff, on: eventLoop)
            _ = await handoff.put(.end(failure))
            finished.signal()
        }
        // The reader always ends (the consumer's stop makes its next hand-off fail), and the
        // connection is closed before the event loop shuts down.
        defer { finished.wait() }

        var summary = PostgresStreamSummary()
        do {
            while true {
                switch handoff.take() {
                case .header(let names):
                    summary.columnCount = names.count
                    try consumer.header(names)
                case .rows(let rows):
                    for row in rows { try consumer.row(row) }
                    summary.rowCount += rows.count
                case .end(let failure):
                    if let failure { throw failure }
                    summary.peakQueuedRows = handoff.peakQueuedRows
                    return summary
                }
            }
        } catch {
            handoff.abandon()
            throw error
        }
    }
}

/// What one stream did.
public struct PostgresStreamSummary: Sendable, Hashable {
    public var columnCount = 0
    public var rowCount = 0
    /// The most rows that waited at once between the reader and the consumer. The adapter holds
    /// at most this plus two batches (one being filled, one being consumed), and the driver its
    /// read-ahead; none of it grows with the size of the result.
    public var peakQueuedRows = 0
}
