import Testing

@testable import BearingPostgres

struct PostgresLocationTests {
    /// Parses with no PG* variables and a fixed system user, so results do not depend on the machine.
    func parse(_ url: String, _ environment: [String: String] = [:]) throws -> PostgresLocation {
        try PostgresLocation(url: url, environment: environment, systemUser: "osuser")
    }

    @Test func fullURL() throws {
        let location = try parse("postgresql://bi:s3cret@db.internal:6543/crm?sslmode=require")
        #expect(location.host == "db.internal")
        #expect(location.port == 6543)
        #expect(location.user == "bi")
        #expect(location.password == "s3cret")
        #expect(location.database == "crm")
        #expect(location.sslMode == .require)
        #expect(!location.isUnixSocket)
    }

    @Test func shortSchemeAndDefaults() throws {
        let location = try parse("postgres://db.internal")
        #expect(location.port == 5432)
        #expect(location.user == "osuser")
        #expect(location.database == "osuser")  // libpq: the database defaults to the user name
        #expect(location.password == nil)
        #expect(location.sslMode == .prefer)
    }

    @Test func emptyURLFallsBackToEnvironmentThenDefaults() throws {
        let bare = try parse("postgres://")
        #expect(bare.host == PostgresLocation.defaultSocketDirectory)
        #expect(bare.isUnixSocket)
        #expect(bare.socketPath == PostgresLocation.defaultSocketDirectory + "/.s.PGSQL.5432")

        let environment = [
            "PGHOST": "pg.example", "PGPORT": "6000", "PGUSER": "envuser", "PGDATABASE": "envdb",
            "PGPASSWORD": "envpw", "PGSSLMODE": "disable", "PGTZ": "Europe/Paris", "PGDATESTYLE": "ISO, DMY",
            "PGAPPNAME": "nightly", "PGCONNECT_TIMEOUT": "7",
        ]
        let fromEnvironment = try parse("postgres://", environment)
        #expect(fromEnvironment.host == "pg.example")
        #expect(fromEnvironment.port == 6000)
        #expect(fromEnvironment.user == "envuser")
        #expect(fromEnvironment.database == "envdb")
        #expect(fromEnvironment.password == "envpw")
        #expect(fromEnvironment.sslMode == .disable)
        #expect(fromEnvironment.timeZone == "Europe/Paris")
        #expect(fromEnvironment.dateStyle == "ISO, DMY")
        #expect(fromEnvironment.applicationName == "nightly")
        #expect(fromEnvironment.connectTimeoutSeconds == 7)

        // The URL wins over the environment, part by part.
        let mixed = try parse("postgres://urluser:urlpw@urlhost/urldb?sslmode=verify-full", environment)
        #expect(mixed.host == "urlhost")
        #expect(mixed.port == 6000)
        #expect(mixed.user == "urluser")
        #expect(mixed.password == "urlpw")
        #expect(mixed.database == "urldb")
        #expect(mixed.sslMode == .verifyFull)
    }

    @Test func passwordFromPGPASSWORDWhenURLHasNone() throws {
        let location = try parse("postgres://bi@127.0.0.1:5432/crm", ["PGPASSWORD": "from-env"])
        #expect(location.password == "from-env")
        #expect(location.hasPassword)
        // libpq: an empty password is no password.
        #expect(try parse("postgres://bi:@h/crm", ["PGPASSWORD": ""]).password == nil)
    }

    @Test func percentEncodingIPv6AndSocketDirectories() throws {
        let encoded = try parse("postgres://b%40i:p%3Aw%2F%40d@h/my%20db")
        #expect(encoded.user == "b@i")
        #expect(encoded.password == "p:w/@d")
        #expect(encoded.database == "my db")

        let ipv6 = try parse("postgres://u@[::1]:5433/d")
        #expect(ipv6.host == "::1")
        #expect(ipv6.port == 5433)
        #expect(ipv6.endpoint == "[::1]:5433, database \"d\", user \"u\"")

        let socket = try parse("postgres://u@%2Ftmp%2Fpg:5444/d")
        #expect(socket.isUnixSocket)
        #expect(socket.socketPath == "/tmp/pg/.s.PGSQL.5444")
        #expect(socket.endpoint == "/tmp/pg/.s.PGSQL.5444, database \"d\", user \"u\"")

        let parameters = try parse("postgres:///?host=/var/run/postgresql&port=5999&user=p&dbname=q&password=z")
        #expect(parameters.socketPath == "/var/run/postgresql/.s.PGSQL.5999")
        #expect(parameters.user == "p")
        #expect(parameters.database == "q")
        #expect(parameters.password == "z")
    }

    @Test(arguments: [
        ("mysql://u@h/d", "expected a URL postgres://"),
        ("postgres://u@h:99999/d", "port a port number 1-65535, found \"99999\""),
        ("postgres://u@h:54x/d", "found \"54x\""),
        ("postgres://u@h/d?sslmode=allow", "sslmode one of disable, prefer, require, verify-ca, verify-full"),
        ("postgres://u@h/d?sslmod=require", "found \"sslmod\""),
        ("postgres://u@h1,h2/d", "expected one host"),
        ("postgres://u@[::1/d", "']' closing the IPv6 address"),
        ("postgres://u:pa%zzss@h/d", "%XX (two hex digits) in the password"),
        ("postgres://u@h/d?connect_timeout=soon", "connect_timeout in whole seconds"),
    ])
    func invalidURLs(url: String, message: String) {
        #expect {
            try parse(url)
        } throws: { error in
            guard let error = error as? PostgresSourceError else { return false }
            return error.kind == .invalidURL && error.description.contains(message)
                && error.description.hasPrefix("PostgreSQL: URL: expected ")
        }
    }

    @Test func noUserAnywhereIsAnError() {
        #expect(throws: PostgresSourceError.self) {
            try PostgresLocation(url: "postgres://h/d", environment: [:], systemUser: nil)
        }
    }

    /// The password must not leak through any way of printing a location or an error about it.
    @Test func redactionNeverShowsThePassword() throws {
        let secret = "Tr0ub4dor&3-unique"
        let location = try parse("postgres://bi:\(secret)@db.internal:6543/crm?sslmode=require&application_name=x")
        #expect(location.redacted == "postgres://bi@db.internal:6543/crm?sslmode=require")
        var dumped = ""
        dump(location, to: &dumped)
        let renderings = [
            location.redacted, location.description, location.debugDescription, location.endpoint,
            "\(location)", String(describing: location), String(reflecting: location), dumped,
            PostgresSourceError(driverError: CancellationError(), location: location).description,
        ]
        for text in renderings {
            #expect(!text.contains(secret), "\(text)")
            #expect(!text.contains("Tr0ub4dor"), "\(text)")
        }
        #expect(dumped.contains("hasPassword: true"))

        let fromEnvironment = try parse("postgres://bi@h/crm", ["PGPASSWORD": secret])
        #expect(!String(reflecting: fromEnvironment).contains(secret))

        // A URL that fails to parse is not quoted back, since it may hold the password.
        do {
            _ = try parse("postgres://bi:\(secret)@h:bad/crm")
            Issue.record("expected an error")
        } catch {
            #expect(!"\(error)".contains(secret))
        }
        do {
            _ = try parse("postgre://bi:\(secret)@h/crm")
            Issue.record("expected an error")
        } catch {
            #expect(!"\(error)".contains(secret))
        }
    }

    @Test func redactedFormsOfSocketAndIPv6Hosts() throws {
        #expect(try parse("postgres://u:pw@%2Ftmp%2Fpg:5444/d").redacted == "postgres://u@%2Ftmp%2Fpg:5444/d?sslmode=prefer")
        #expect(try parse("postgres://u:pw@[::1]/d b").redacted == "postgres://u@[::1]:5432/d%20b?sslmode=prefer")
        // What is redacted parses back to the same place.
        let original = try parse("postgres://u%20x:pw@%2Ftmp%2Fpg:5444/d%2Fb?sslmode=disable")
        let reparsed = try parse(original.redacted)
        #expect(reparsed.host == original.host && reparsed.user == original.user && reparsed.database == original.database)
        #expect(reparsed.port == original.port && reparsed.sslMode == original.sslMode)
    }
}
