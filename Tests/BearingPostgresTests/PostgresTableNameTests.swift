import Testing

@testable import BearingPostgres

struct PostgresTableNameTests {
    @Test(
        arguments: [
            ("subscriptions", nil, "subscriptions", #""subscriptions""#),
            ("Billing.Subscriptions", "billing", "subscriptions", #""billing"."subscriptions""#),
            (#""Billing"."Subscriptions""#, "Billing", "Subscriptions", #""Billing"."Subscriptions""#),
            (#"raw."events.v2""#, "raw", "events.v2", #""raw"."events.v2""#),
            (#""my ""odd"" table""#, nil, #"my "odd" table"#, #""my ""odd"" table""#),
            ("Zürich_Kunden", nil, "zürich_kunden", #""zürich_kunden""#),
        ] as [(String, String?, String, String)])
    func parsesAndQuotes(text: String, schema: String?, table: String, sql: String) throws {
        let name = try PostgresTableName(parsing: text)
        #expect(name.schema == schema)
        #expect(name.table == table)
        #expect(name.sql == sql)
    }

    /// Text that would change the statement if pasted into SQL is either rejected or becomes
    /// (part of) one quoted identifier.
    @Test func injectionStaysInsideTheIdentifier() throws {
        let quoted = try PostgresTableName(parsing: #""t; DROP TABLE x; --""#)
        #expect(quoted.sql == #""t; DROP TABLE x; --""#)
        let sneaky = try PostgresTableName(parsing: #""a"" FROM b; --""#)
        #expect(sneaky.sql == #""a"" FROM b; --""#)
        #expect(sneaky.table == #"a" FROM b; --"#)
    }

    @Test(arguments: [
        "t; DROP TABLE x", "", "a..b", ".t", "t.", #""unclosed"#, #""a"b"#, "a.b.c", #""""#, "x y",
    ])
    func rejects(text: String) {
        #expect {
            try PostgresTableName(parsing: text)
        } throws: { error in
            (error as? PostgresSourceError)?.kind == .invalidTableName
        }
    }
}
