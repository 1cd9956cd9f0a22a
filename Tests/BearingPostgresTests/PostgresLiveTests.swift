import Foundation
import PostgresNIO
import Testing

@testable import BearingPostgres

/// The URL of a throwaway server; `.ci/postgres-up` starts one and prints it.
let liveURL = ProcessInfo.processInfo.environment["BEARING_TEST_POSTGRES_URL"]

/// Keeps everything it is given, and counts calls.
struct RowCollector: PostgresRowConsumer {
    var headers: [[String]] = []
    var rows: [[String?]] = []

    mutating func header(_ names: [String]) throws { headers.append(names) }
    mutating func row(_ cells: [String?]) throws { rows.append(cells) }
}

/// Tests against a live server. They run one at a time: some create tables, and the memory
/// check wants a quiet process.
@Suite(
    .serialized,
    .enabled(
        if: liveURL != nil,
        "set BEARING_TEST_POSTGRES_URL to run the live PostgreSQL tests: eval \"$(bash .ci/postgres-up)\""))
struct PostgresLiveTests {
    let location: PostgresLocation

    init() throws {
        // PGTZ and PGDATESTYLE as in reference/types.sh, so timestamps print the same way.
        location = try PostgresLocation(
            url: liveURL ?? "", environment: ["PGTZ": "Europe/Paris", "PGDATESTYLE": "ISO, MDY"])
    }

    func collect(_ query: String) async throws -> RowCollector {
        try await onOwnThread { [location] in
            var collector = RowCollector()
            try PostgresRowSource(location: location).stream(query: query, into: &collector)
            return collector
        }
    }

    /// Runs setup statements over a plain driver connection (the source itself is read-only).
    func execute(_ statements: [String]) async throws {
        let connection = try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.next(), configuration: location.connectionConfiguration(), id: 1,
            logger: ServerReader.logger)
        do {
            for statement in statements {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: ServerReader.logger)
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    // MARK: Values as text

    /// The query is reference/types.sql; the expected cells are what reference/types.sh printed
    /// (`psql --csv`, PostgreSQL 15.18, NULL shown as <NULL>), CSV quoting undone.
    @Test func typesPrintAsPsqlDoes() async throws {
        let query = try String(contentsOf: Self.referenceFolder.appending(path: "types.sql"), encoding: .utf8)
        let result = try await collect(query)
        let expected: [(String, String?)] = [
            ("i2", "42"), ("i4", "-2147483648"), ("i8", "9223372036854775807"),
            ("num", "1.50"), ("num_nan", "NaN"), ("num_big", "12345678901234567890.000000000001"), ("num_exp", "1000"),
            ("f8", "0.1"), ("f8_small", "1e-07"), ("f8_big", "1.2345678901234567e+300"),
            ("f8_third", "0.3333333333333333"), ("f8_inf", "Infinity"), ("f8_negzero", "-0"), ("f4", "0.1"),
            ("f8_large_int", "1.2345678901234568e+17"),
            ("b_true", "t"), ("b_false", "f"),
            ("d", "2024-02-29"), ("ts", "2024-02-29 13:45:01.5"), ("tstz", "2024-02-29 12:45:01+01"), ("tm", "07:08:09"),
            ("t", "plain"), ("vc", #"a,b "c""#), ("ch", "ab  "), ("nm", "x"),
            ("empty", ""), ("null_text", nil), ("null_int", nil), ("null_date", nil),
            ("u", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), ("utf8", "Zürich ✓"), ("multiline", "line1\nline2"),
            ("iv", "1 day 02:03:04"), ("j", #"{"k": [1, 2]}"#), ("arr", "{1,NULL,3}"), ("rec", "(,)"),
            ("ip", "10.1.2.3"), ("vc2", "happy"),
        ]
        #expect(result.headers == [expected.map(\.0)])
        try #require(result.rows.count == 1)
        let row = result.rows[0]
        try #require(row.count == expected.count)
        for (index, (name, value)) in expected.enumerated() {
            #expect(row[index] == value, "column \(name)")
        }
    }

    /// Floats round-trip: the text cell parses back to the exact double the server holds
    /// (its IEEE bits, sent as hex by float8send).
    @Test func floatsRoundTrip() async throws {
        let result = try await collect(
            """
            SELECT x, encode(float8send(x), 'hex')
            FROM (SELECT ((random() - 0.5) * 10 ^ (random() * 600 - 300))::float8 AS x FROM generate_series(1, 2000)) s
            """)
        #expect(result.rows.count == 2000)
        for row in result.rows {
            let text = try #require(row[0])
            let bits = try #require(row[1].flatMap { UInt64($0, radix: 16) })
            #expect(Double(text)?.bitPattern == bits, "\(text)")
        }
    }

    @Test func nullIsNilAndEmptyTextIsEmpty() async throws {
        let result = try await collect("SELECT NULL::text AS a, '' AS b, NULL::numeric AS c UNION ALL SELECT 'x', NULL, 2.5")
        #expect(result.rows == [[nil, "", nil], ["x", nil, "2.5"]])
    }

    @Test func headerComesOnceEvenWithoutRowsAndNamesMayRepeat() async throws {
        let empty = try await collect("SELECT 1 AS n, 'a' AS n WHERE false;")
        #expect(empty.headers == [["n", "n"]])
        #expect(empty.rows.isEmpty)
    }

    @Test func rowsArriveInTheQueryOrder() async throws {
        let result = try await collect("SELECT g, md5(g::text) FROM generate_series(1, 5000) g ORDER BY md5(g::text) DESC")
        let hashes = result.rows.map { $0[1] ?? "" }
        #expect(hashes == hashes.sorted(by: >))
        #expect(Set(result.rows.map { $0[0] ?? "" }).count == 5000)
    }

    // MARK: Streaming

    /// 100,000 rows of 4 columns, 512 characters each: over 200 MB once they are Swift
    /// strings. The consumer keeps nothing; the resident set must stay within a fraction of
    /// that, and the hand-off queue within its bound. (Few, wide cells: a debug build of the
    /// driver spends its time per cell, not per byte, and other suites run alongside.)
    @Test func hundredThousandRowsStreamWithFlatMemory() async throws {
        struct Checker: PostgresRowConsumer {
            var columns = 0
            var count = 0
            var startRSS = 0
            var peakRSS = 0
            mutating func header(_ names: [String]) throws {
                columns = names.count
                startRSS = residentBytes()
            }
            mutating func row(_ cells: [String?]) throws {
                count += 1
                guard cells[0] == String(count) else { throw CancellationError() }
                if count % 5000 == 0 { peakRSS = max(peakRSS, residentBytes()) }
            }
        }
        let columns = (2...4).map { "repeat(md5((g + \($0))::text), 16) AS c\($0)" }.joined(separator: ", ")
        let (checker, summary) = try await onOwnThread { [location] in
            var checker = Checker()
            let summary = try PostgresRowSource(location: location).stream(
                query: "SELECT g AS c1, \(columns) FROM generate_series(1, 100000) g ORDER BY g", into: &checker)
            return (checker, summary)
        }
        #expect(checker.columns == 4)
        #expect(checker.count == 100_000)
        #expect(summary.rowCount == 100_000)
        #expect(summary.peakQueuedRows <= 4 * 256)
        let growth = checker.peakRSS - checker.startRSS
        #expect(growth < 48 << 20, "resident set grew by \(growth >> 20) MiB while streaming")
    }

    @Test func aConsumerThatThrowsStopsTheQuery() async throws {
        struct Stop: Error {}
        struct Quitter: PostgresRowConsumer {
            var seen = 0
            mutating func header(_ names: [String]) throws {}
            mutating func row(_ cells: [String?]) throws {
                seen += 1
                if seen == 10 { throw Stop() }
            }
        }
        let (seen, stopped, elapsed) = try await onOwnThread { [location] in
            var quitter = Quitter()
            var stopped = false
            let elapsed = ContinuousClock().measure {
                do {
                    // A join of two small series streams; one big series would be materialised first.
                    try PostgresRowSource(location: location).stream(
                        query: "SELECT a * 10000 + b FROM generate_series(1, 5000) a, generate_series(1, 10000) b",
                        into: &quitter)
                } catch {
                    stopped = error is Stop
                }
            }
            return (quitter.seen, stopped, elapsed)
        }
        #expect(stopped)
        #expect(seen == 10)
        // Reading 50 million rows would take minutes.
        #expect(elapsed < .seconds(5))
    }

    // MARK: Tables

    @Test func streamTableQuotesSchemaQualifiedNames() async throws {
        try await execute([
            #"CREATE SCHEMA IF NOT EXISTS "Bearing Test""#,
            #"DROP TABLE IF EXISTS "Bearing Test"."odd ""name"".v1", bearing_mixed"#,
            #"CREATE TABLE "Bearing Test"."odd ""name"".v1" (customer_id text, arr numeric, "select" boolean)"#,
            #"INSERT INTO "Bearing Test"."odd ""name"".v1" VALUES ('c1', 100.50, true), ('c2', NULL, false)"#,
            "CREATE TABLE bearing_mixed (x int)",
            "INSERT INTO bearing_mixed VALUES (7)",
        ])
        let odd = try await onOwnThread { [location] in
            var odd = RowCollector()
            try PostgresRowSource(location: location).streamTable(#""Bearing Test"."odd ""name"".v1""#, into: &odd)
            return odd
        }
        #expect(odd.headers == [["customer_id", "arr", "select"]])
        #expect(odd.rows == [["c1", "100.50", "t"], ["c2", nil, "f"]])

        let folded = try await onOwnThread { [location] in
            var folded = RowCollector()
            try PostgresRowSource(location: location).streamTable("public.Bearing_Mixed", into: &folded)
            return folded
        }
        #expect(folded.rows == [["7"]])

        await #expect {
            try await onOwnThread { [location] in
                var missing = RowCollector()
                try PostgresRowSource(location: location).streamTable("no_such_table_anywhere", into: &missing)
            }
        } throws: { error in
            (error as? PostgresSourceError)?.sqlState == "42P01"
        }
    }

    // MARK: Errors: one line, where, SQLSTATE, never the password

    func failure(_ query: String, at location: PostgresLocation? = nil) async throws -> PostgresSourceError {
        let target = location ?? self.location
        do {
            try await onOwnThread {
                var collector = RowCollector()
                try PostgresRowSource(location: target).stream(query: query, into: &collector)
            }
        } catch let error as PostgresSourceError {
            let text = error.description
            #expect(!text.contains("\n"))
            if let password = self.location.password { #expect(!text.contains(password)) }
            #expect(text.contains(#"database ""#) && text.contains(#"user ""#))
            return error
        }
        Issue.record("expected an error for \(query)")
        throw CancellationError()
    }

    @Test func wrongPassword() async throws {
        var wrong = location
        wrong.password = "not-the-password"
        let error = try await failure("SELECT 1", at: wrong)
        #expect(error.sqlState == "28P01")
        #expect(error.description.contains("FATAL 28P01: password authentication failed for user"))
        #expect(!error.description.contains("not-the-password"))
    }

    @Test func unknownDatabase() async throws {
        var elsewhere = location
        elsewhere.database = "bearing_no_such_db"
        let error = try await failure("SELECT 1", at: elsewhere)
        #expect(error.sqlState == "3D000")
        #expect(error.description.contains(#"database "bearing_no_such_db" does not exist"#))
    }

    @Test func unknownTableNamesLineAndColumn() async throws {
        let error = try await failure("SELECT customer_id\nFROM acounts")
        #expect(error.sqlState == "42P01")
        #expect(error.queryLine == 2 && error.queryColumn == 6)
        #expect(error.description.hasSuffix(#"query line 2, column 6: ERROR 42P01: relation "acounts" does not exist"#))
    }

    @Test func syntaxErrorNamesLineAndColumn() async throws {
        let error = try await failure("SELECT a,, b FROM t")
        #expect(error.sqlState == "42601")
        #expect(error.queryLine == 1 && error.queryColumn == 10)
        #expect(error.description.contains(#"ERROR 42601: syntax error at or near ",""#))
    }

    @Test func queriesThatAreNotTablesAreRejected() async throws {
        #expect(try await failure("SELECT FROM pg_class").kind == .noColumns)
        #expect(try await failure("  ;  ").kind == .noColumns)
        #expect(try await failure("SHOW server_version").sqlState == "42601")
        #expect(try await failure("SELECT 1; SELECT 2").sqlState == "42601")
        // The transaction is read-only: a query cannot change data, even through a function.
        try await execute(["CREATE SEQUENCE IF NOT EXISTS bearing_test_sequence"])
        #expect(try await failure("SELECT nextval('bearing_test_sequence')").sqlState == "25006")
        #expect(try await failure("WITH d AS (DELETE FROM pg_class RETURNING *) SELECT * FROM d").sqlState == "0A000")
    }

    @Test func errorAfterSomeRowsStillEndsTheStream() async throws {
        let (headers, error) = try await onOwnThread { [location] in
            var collector = RowCollector()
            do {
                try PostgresRowSource(location: location).stream(
                    query: "SELECT 1 / (3000 - g) FROM generate_series(1, 5000) g", into: &collector)
                return (collector.headers.count, nil as PostgresSourceError?)
            } catch let error as PostgresSourceError {
                return (collector.headers.count, error)
            }
        }
        #expect(error?.sqlState == "22012")
        #expect(headers == 1)
    }

    static let referenceFolder = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "reference")
}

/// Tests that need no server.
struct PostgresConnectionFailureTests {
    @Test func connectionRefusedIsOneLine() throws {
        let location = try PostgresLocation(
            url: "postgres://bi:pw-secret@127.0.0.1:1/crm?sslmode=disable", environment: [:])
        var collector = RowCollector()
        #expect {
            try PostgresRowSource(location: location).stream(query: "SELECT 1", into: &collector)
        } throws: { error in
            guard let error = error as? PostgresSourceError else { return false }
            return error.kind == .connection
                && error.description
                    == #"PostgreSQL 127.0.0.1:1, database "crm", user "bi": cannot connect or lost the connection: connection refused"#
        }
        #expect(collector.headers.isEmpty)
    }

    @Test func missingSocketIsOneLine() throws {
        let location = try PostgresLocation(url: "postgres://bi@%2Fnonexistent-dir/crm", environment: [:])
        var collector = RowCollector()
        #expect {
            try PostgresRowSource(location: location).stream(query: "SELECT 1", into: &collector)
        } throws: { error in
            (error as? PostgresSourceError)?.description
                == #"PostgreSQL /nonexistent-dir/.s.PGSQL.5432, database "crm", user "bi": cannot connect or lost the connection: no such file or directory"#
        }
    }
}

/// Runs a blocking call on a thread of its own and awaits it, so a live test never holds one
/// of the cooperative pool's threads (two on this machine) for seconds while other suites'
/// tasks wait for them.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result(catching: body)) }.start()
    }
}

/// This process's resident set in bytes (Linux), 0 where /proc is missing.
func residentBytes() -> Int {
    guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = statm.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}
