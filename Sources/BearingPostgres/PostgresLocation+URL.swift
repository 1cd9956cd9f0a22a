extension PostgresLocation {
    /// Parses a `postgres://` or `postgresql://` URL, filling what it leaves out from
    /// `environment` (the `PG*` variables; pass `ProcessInfo.processInfo.environment`) and
    /// libpq's defaults. See the type's documentation for the grammar.
    ///
    /// Errors never quote the password: they name the part that is wrong, not the whole URL.
    public init(
        url: String, environment: [String: String], systemUser: String? = PostgresLocation.currentSystemUser()
    ) throws(PostgresSourceError) {
        let parts = try URLParts(url)
        func env(_ name: String) -> String? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            return value
        }

        let host = parts.host ?? env("PGHOST") ?? Self.defaultSocketDirectory
        if host.contains(",") {
            throw Self.urlError(expected: "one host", found: "a list of hosts \"\(host)\"")
        }
        var port = 5432
        if let urlPort = parts.port {
            port = urlPort
        } else if let text = env("PGPORT") {
            port = try Self.port(text, source: "PGPORT")
        }
        guard let user = parts.user ?? env("PGUSER") ?? systemUser else {
            throw Self.urlError(expected: "a user name in the URL or PGUSER", found: "neither")
        }
        self.init(
            host: host, port: port, user: user, database: parts.database ?? env("PGDATABASE") ?? user,
            password: parts.password ?? env("PGPASSWORD"))

        if let mode = parts.sslMode ?? env("PGSSLMODE") {
            guard let parsed = SSLMode(rawValue: mode) else {
                throw Self.urlError(
                    expected: "sslmode one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))",
                    found: "\"\(mode)\"")
            }
            sslMode = parsed
        }
        if let timeout = parts.connectTimeout ?? env("PGCONNECT_TIMEOUT") {
            guard let seconds = Int(timeout), seconds >= 0 else {
                throw Self.urlError(expected: "connect_timeout in whole seconds", found: "\"\(timeout)\"")
            }
            // libpq: 0 means wait forever; the driver needs a bound, so a day stands in.
            connectTimeoutSeconds = seconds == 0 ? 86_400 : max(seconds, 2)
        }
        applicationName = parts.applicationName ?? env("PGAPPNAME")
        timeZone = env("PGTZ")
        dateStyle = env("PGDATESTYLE")
    }

    static func urlError(expected: String, found: String) -> PostgresSourceError {
        PostgresSourceError(.invalidURL, message: "URL: expected \(expected), found \(found)")
    }

    static func port(_ text: String, source: String) throws(PostgresSourceError) -> Int {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let port = Int(text), (1...65535).contains(port)
        else {
            throw urlError(expected: "\(source) a port number 1-65535", found: "\"\(text)\"")
        }
        return port
    }

    /// libpq's URI grammar, each part percent-decoded; nil where the URL says nothing.
    struct URLParts {
        var user: String?
        var password: String?
        var host: String?
        var port: Int?
        var database: String?
        var sslMode: String?
        var connectTimeout: String?
        var applicationName: String?

        init(_ url: String) throws(PostgresSourceError) {
            guard var rest = Self.afterScheme(url) else {
                // Not quoted: a mistyped URL may still carry the password.
                throw PostgresLocation.urlError(
                    expected: "a URL postgres://user[:password]@host[:port]/database",
                    found: "text that does not start with postgres:// or postgresql://")
            }
            var query: Substring = ""
            if let mark = rest.firstIndex(of: "?") {
                query = rest[rest.index(after: mark)...]
                rest = rest[..<mark]
            }
            // As libpq: credentials end at the first '@' before any '/'.
            let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
            var authority = rest[..<authorityEnd]
            if let at = authority.firstIndex(of: "@") {
                let credentials = authority[..<at]
                authority = authority[authority.index(after: at)...]
                if let colon = credentials.firstIndex(of: ":") {
                    user = try Self.decoded(credentials[..<colon], part: "user name")
                    password = try Self.decoded(credentials[credentials.index(after: colon)...], part: "password")
                } else {
                    user = try Self.decoded(credentials, part: "user name")
                }
            }
            try parseHostAndPort(authority)
            if authorityEnd < rest.endIndex {
                database = try Self.decoded(rest[rest.index(after: authorityEnd)...], part: "database name")
            }
            try parseParameters(query)
            if user?.isEmpty == true { user = nil }
            if host?.isEmpty == true { host = nil }
            if database?.isEmpty == true { database = nil }
            // libpq treats an empty password as none.
            if password?.isEmpty == true { password = nil }
        }

        private static func afterScheme(_ url: String) -> Substring? {
            for scheme in ["postgresql://", "postgres://"] where url.prefix(scheme.count).lowercased() == scheme {
                return url.dropFirst(scheme.count)
            }
            return nil
        }

        private mutating func parseHostAndPort(_ authority: Substring) throws(PostgresSourceError) {
            var portText: Substring?
            if authority.first == "[" {
                guard let close = authority.firstIndex(of: "]") else {
                    throw PostgresLocation.urlError(expected: "']' closing the IPv6 address", found: "none")
                }
                host = String(authority[authority.index(after: authority.startIndex)..<close])
                let after = authority[authority.index(after: close)...]
                if after.first == ":" {
                    portText = after.dropFirst()
                } else if !after.isEmpty {
                    throw PostgresLocation.urlError(expected: "':port' after the IPv6 address", found: "\"\(after)\"")
                }
            } else if let colon = authority.lastIndex(of: ":") {
                host = try Self.decoded(authority[..<colon], part: "host")
                portText = authority[authority.index(after: colon)...]
            } else {
                host = try Self.decoded(authority, part: "host")
            }
            if let portText, !portText.isEmpty {
                port = try PostgresLocation.port(String(portText), source: "port")
            }
        }

        private mutating func parseParameters(_ query: Substring) throws(PostgresSourceError) {
            for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
                guard let equals = pair.firstIndex(of: "=") else {
                    throw PostgresLocation.urlError(
                        expected: "parameters as name=value", found: "\"\(pair.prefix(40))\"")
                }
                let name = try Self.decoded(pair[..<equals], part: "parameter name")
                let value = try Self.decoded(pair[pair.index(after: equals)...], part: "value of \(name)")
                switch name {
                case "sslmode": sslMode = value
                case "connect_timeout": connectTimeout = value
                case "application_name": applicationName = value
                case "host": host = value
                case "port": port = try PostgresLocation.port(value, source: "port")
                case "user": user = value
                case "password": password = value
                case "dbname": database = value
                default:
                    throw PostgresLocation.urlError(
                        expected:
                            "a parameter sslmode, connect_timeout, application_name, host, port, user, password or dbname",
                        found: "\"\(name.prefix(40))\"")
                }
            }
        }

        /// Percent-decoding; `%` not followed by two hex digits, or bytes that are not UTF-8, are errors.
        static func decoded(_ text: Substring, part: String) throws(PostgresSourceError) -> String {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            var iterator = text.utf8.makeIterator()
            while let byte = iterator.next() {
                guard byte == UInt8(ascii: "%") else {
                    bytes.append(byte)
                    continue
                }
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw PostgresLocation.urlError(
                        expected: "%XX (two hex digits) in the \(part)", found: "a malformed escape")
                }
                bytes.append(high << 4 | low)
            }
            guard let decoded = String(validating: bytes, as: UTF8.self), !decoded.utf8.contains(0) else {
                throw PostgresLocation.urlError(expected: "UTF-8 text in the \(part)", found: "other bytes")
            }
            return decoded
        }

        private static func hexValue(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
    }
}
