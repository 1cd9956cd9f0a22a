import Testing

@testable import BearingPostgres

struct TextQueryTests {
    @Test func trailingSemicolonsAndBlanksAreDropped() {
        #expect(TextQuery("SELECT 1;").body == "SELECT 1")
        #expect(TextQuery("SELECT 1 ; ;\n\t").body == "SELECT 1")
        #expect(TextQuery("  \n").isEmpty)
        #expect(TextQuery(";").isEmpty)
    }

    @Test func describeStatementWrapsTheQueryOnItsOwnLines() {
        let query = TextQuery("SELECT a FROM t -- last line comment")
        #expect(query.describeSQL.contains("(\nSELECT a FROM t -- last line comment\n)"))
    }

    @Test func dataStatementConvertsAllButTextColumns() {
        // 25 text, 23 int4, 1043 varchar, 16 bool.
        let (sql, offset) = TextQuery("SELECT * FROM t").dataSQL(columnTypes: [25, 23, 1043, 16])
        #expect(
            sql == """
                SELECT q.c1, q.c2::text, q.c3, CASE WHEN num_nulls(q.c4) = 0 THEN format('%s', q.c4) END FROM (
                SELECT * FROM t
                ) AS q(c1, c2, c3, c4)
                """)
        #expect(Array(sql.unicodeScalars)[offset] == "S")
    }

    /// The server counts positions in characters from 1; a hand count of "SELEC x\nFROM nowhere":
    /// position 14 of the user's text is the `n` of `nowhere` (line 2, column 6).
    func position(_ query: TextQuery, _ server: Int, _ offset: Int) throws -> [Int] {
        let found = try #require(query.lineAndColumn(serverPosition: server, bodyOffset: offset))
        return [found.line, found.column]
    }

    @Test func serverPositionsMapToLineAndColumnOfTheUserQuery() throws {
        let query = TextQuery("SELEC x\nFROM nowhere")
        let offset = TextQuery.describePrefix.unicodeScalars.count
        #expect(try position(query, offset + 1, offset) == [1, 1])
        #expect(try position(query, offset + 14, offset) == [2, 6])
        #expect(query.lineAndColumn(serverPosition: 3, bodyOffset: offset) == nil)
        // Multi-byte characters count once, as the server counts them.
        let accented = TextQuery("SELECT 'é', nope")
        #expect(try position(accented, 13, 0) == [1, 13])
    }
}
