import PostgresNIO

/// The part of a stream that talks to the server: connect, describe, read, hand rows over.
/// Runs as a task on the stream's own event loop.
struct ServerReader: Sendable {
    let location: PostgresLocation
    let query: TextQuery
    let batchSize: Int

    /// Reads the whole result into `handoff` (header, then row batches). Returns the error that
    /// ended it, or nil when the result ended or the consumer stopped reading.
    func read(into handoff: RowHandoff, on eventLoop: any EventLoop) async -> PostgresSourceError? {
        let configuration: PostgresConnection.Configuration
        do {
            configuration = try location.connectionConfiguration()
        } catch {
            return error
        }
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                on: eventLoop, configuration: configuration, id: 1, logger: Self.logger)
        } catch {
            return PostgresSourceError(driverError: error, location: location)
        }
        var statementOffset: Int? = nil
        var failure: PostgresSourceError? = nil
        do {
            try await readResult(from: connection, into: handoff, statementOffset: &statementOffset)
        } catch let error as PostgresSourceError {
            failure = error
        } catch {
            failure = PostgresSourceError(driverError: error, location: location, query: query, bodyOffset: statementOffset)
        }
        // The transaction is read-only: closing without COMMIT loses nothing.
        try? await connection.close()
        return failure
    }

    private func readResult(
        from connection: PostgresConnection, into handoff: RowHandoff, statementOffset: inout Int?
    ) async throws {
        try await connection.query("START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: Self.logger)

        statementOffset = TextQuery.describePrefix.unicodeScalars.count
        var names: [String] = []
        var types: [UInt32] = []
        var describedRows = 0
        for try await row in try await connection.query(PostgresQuery(unsafeSQL: query.describeSQL), logger: Self.logger) {
            describedRows += 1
            names = row.map(\.columnName)
            types = row.map { UInt32($0.dataType.rawValue) }
        }
        guard describedRows == 1 else {
            throw PostgresSourceError(
                .protocolViolation, endpoint: location.endpoint,
                message: "describing the query gave \(describedRows) rows, expected 1")
        }
        guard !names.isEmpty else {
            throw PostgresSourceError(
                .noColumns, endpoint: location.endpoint,
                message: "expected a query that returns at least one column, found one that returns none")
        }
        guard await handoff.put(.header(names)) else { return }

        let (sql, offset) = query.dataSQL(columnTypes: types)
        statementOffset = offset
        var batch: [[String?]] = []
        batch.reserveCapacity(batchSize)
        for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Self.logger) {
            var cells: [String?] = []
            cells.reserveCapacity(names.count)
            for cell in row {
                // Every column of the data statement is text: its binary form is its UTF-8 bytes.
                cells.append(cell.bytes.map { String(buffer: $0) })
            }
            guard cells.count == names.count else {
                throw PostgresSourceError(
                    .protocolViolation, endpoint: location.endpoint,
                    message: "a row has \(cells.count) cells, expected \(names.count)")
            }
            batch.append(cells)
            if batch.count == batchSize {
                guard await handoff.put(.rows(batch)) else { return }
                batch = []
                batch.reserveCapacity(batchSize)
            }
        }
        if !batch.isEmpty {
            guard await handoff.put(.rows(batch)) else { return }
        }
        statementOffset = nil
        try await connection.query("COMMIT", logger: Self.logger)
    }

    /// The driver logs connection events at debug level and below; a command's output has no
    /// room for them, and the default handler writes to standard output.
    static let logger: Logger = {
        var logger = Logger(label: "bearing.postgres")
        logger.logLevel = .critical
        return logger
    }()
}
