#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a PostgreSQL database is and how to log in, parsed the way libpq parses it.
///
/// The URL form is `postgres[ql]://[user[:password]@][host][:port][/database][?param=value&…]`
/// with percent-encoding in every part; `host` may be `[IPv6]` or, percent-encoded, an absolute
/// Unix-socket directory (`%2Fvar%2Frun%2Fpostgresql`). Parameters: `sslmode`
/// (`disable`, `prefer`, `require`, `verify-ca`, `verify-full`), `connect_timeout` (seconds),
/// `application_name`, and `host`, `port`, `user`, `password`, `dbname` as alternatives to the
/// URL's parts. What the URL leaves out comes from the environment handed in, as libpq does:
/// `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE`, `PGSSLMODE`, `PGCONNECT_TIMEOUT`,
/// `PGAPPNAME`, and `PGTZ`/`PGDATESTYLE` (sent as the session's `TimeZone`/`DateStyle`, which
/// decide how timestamps print). Then the defaults: the Unix socket in `/var/run/postgresql`
/// (Debian's libpq; `/tmp` elsewhere), port 5432, the system user, a database named like the
/// user, `sslmode=prefer`. `~/.pgpass` is not read.
///
/// Nothing here prints the password: ``description``, ``redacted``, ``endpoint`` and the
/// reflection used by `dump` and test failure messages leave it out.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// libpq's `sslmode`, less `allow` (plain first, TLS on refusal), which the driver cannot do.
    public enum SSLMode: String, Sendable, Hashable, CaseIterable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it, without checking its certificate; libpq's default.
        case prefer
        /// TLS or nothing, without checking the certificate (libpq's meaning of `require`).
        case require
        /// TLS with the certificate checked against the system's trust roots, not the host name.
        case verifyCA = "verify-ca"
        /// TLS with the certificate and host name checked.
        case verifyFull = "verify-full"
    }

    /// Host name, IP address, or an absolute Unix-socket directory (starts with `/`).
    public var host: String
    public var port: Int
    public var user: String
    public var database: String
    public var sslMode: SSLMode
    /// Seconds to wait for the connection; nil waits 10 s (the driver's default).
    public var connectTimeoutSeconds: Int?
    public var applicationName: String?
    /// Session `TimeZone` (from `PGTZ`); nil keeps the server's.
    public var timeZone: String?
    /// Session `DateStyle` (from `PGDATESTYLE`); nil keeps the server's.
    public var dateStyle: String?
    /// Kept out of every description; read only by the connection.
    var password: String?

    public init(
        host: String, port: Int = 5432, user: String, database: String, password: String? = nil,
        sslMode: SSLMode = .prefer
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.database = database
        self.password = password
        self.sslMode = sslMode
    }

    /// Whether a password will be sent (from the URL or `PGPASSWORD`).
    public var hasPassword: Bool { password != nil }

    /// Whether `host` names a Unix-socket directory rather than a network host.
    public var isUnixSocket: Bool { host.hasPrefix("/") }

    /// For messages: `127.0.0.1:5432, database "crm", user "bi"` (socket: its file path).
    public var endpoint: String {
        let place = isUnixSocket ? socketPath : (host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)")
        return "\(place), database \"\(database)\", user \"\(user)\""
    }

    /// The URL without the password: `postgres://bi@db.internal:5432/crm?sslmode=require`.
    public var redacted: String {
        let hostPart =
            isUnixSocket
            ? Self.percentEncoded(host) : (host.contains(":") ? "[\(host)]" : Self.percentEncoded(host))
        return "postgres://\(Self.percentEncoded(user))@\(hostPart):\(port)/\(Self.percentEncoded(database))"
            + "?sslmode=\(sslMode.rawValue)"
    }

    public var description: String { redacted }
    public var debugDescription: String { "PostgresLocation(\(redacted))" }
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "host": host, "port": port, "user": user, "database": database, "sslMode": sslMode,
                "hasPassword": hasPassword,
            ])
    }

    /// `<dir>/.s.PGSQL.<port>`, the socket file libpq connects to for a directory host.
    var socketPath: String {
        (host.hasSuffix("/") ? host : host + "/") + ".s.PGSQL.\(port)"
    }

    /// The effective user's login name, libpq's last resort for the user name.
    public static func currentSystemUser() -> String? {
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return nil }
        return String(cString: name)
    }

    #if os(Linux)
        /// Debian and Ubuntu build libpq with this socket directory.
        static let defaultSocketDirectory = "/var/run/postgresql"
    #else
        static let defaultSocketDirectory = "/tmp"
    #endif

    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%"
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 15)]))
            }
        }
        return out
    }
}
