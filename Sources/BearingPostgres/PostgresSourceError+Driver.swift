import PostgresNIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension PostgresSourceError {
    /// Translates what postgres-nio or SwiftNIO threw into one line. `query` and `bodyOffset`
    /// (where the user's query starts in the statement that failed) turn a server's error
    /// position into a line and column of the user's query.
    init(driverError error: any Error, location: PostgresLocation, query: TextQuery? = nil, bodyOffset: Int? = nil) {
        let endpoint = location.endpoint
        guard let driverError = error as? PSQLError else {
            self.init(.connection, endpoint: endpoint, message: Self.networkMessage(error, location: location))
            return
        }
        switch driverError.code {
        case .server:
            let info = driverError.serverInfo
            var message = info?[.message] ?? "no message"
            if let detail = info?[.detail] { message += " (\(detail))" }
            if let hint = info?[.hint] { message += "; hint: \(hint)" }
            var position: (line: Int, column: Int)? = nil
            if let query, let bodyOffset, let reported = info?[.position].flatMap({ Int($0) }) {
                position = query.lineAndColumn(serverPosition: reported, bodyOffset: bodyOffset)
            }
            self.init(
                .server, endpoint: endpoint, sqlState: info?[.sqlState], queryLine: position?.line,
                queryColumn: position?.column, message: message)
            severity = info?[.severity]
        case .connectionError:
            let underlying = driverError.underlying.map { Self.networkMessage($0, location: location) }
            self.init(.connection, endpoint: endpoint, message: underlying ?? "connection error")
        case .sslUnsupported:
            self.init(
                .connection, endpoint: endpoint,
                message: "the server does not offer TLS, which sslmode=\(location.sslMode.rawValue) requires")
        case .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            self.init(.connection, endpoint: endpoint, message: "TLS could not be set up (\(driverError.code))")
        case .authMechanismRequiresPassword:
            self.init(
                .connection, endpoint: endpoint,
                message: "the server asks for a password; give it in the URL or in PGPASSWORD")
        case .unsupportedAuthMechanism:
            self.init(
                .connection, endpoint: endpoint,
                message: "the server asks for an authentication method this client lacks (it has password, md5, SCRAM-SHA-256)")
        case .saslError:
            self.init(.connection, endpoint: endpoint, message: "SCRAM-SHA-256 authentication failed")
        case .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
            self.init(.connection, endpoint: endpoint, message: "the server closed the connection")
        case .queryCancelled:
            self.init(.server, endpoint: endpoint, message: "the query was cancelled")
        default:
            self.init(.protocolViolation, endpoint: endpoint, message: "driver error: \(driverError.code)")
        }
    }

    /// Connection failures as a person would say them: `connection refused`, not a struct dump.
    static func networkMessage(_ error: any Error, location: PostgresLocation) -> String {
        if let connectionError = error as? NIOConnectionError {
            if let first = connectionError.connectionErrors.first {
                return networkMessage(first.error, location: location)
            }
            return "cannot resolve host name \"\(location.host)\""
        }
        if let ioError = error as? IOError {
            return String(cString: strerror(ioError.errnoCode)).lowercased()
        }
        if let channelError = error as? ChannelError, case .connectTimeout(let amount) = channelError {
            return "no answer within \(amount.nanoseconds / 1_000_000_000) s"
        }
        if let tlsError = error as? NIOSSLError {
            // BoringSSL's text carries a build path; say what the user can act on.
            if "\(tlsError)".contains("CERTIFICATE_VERIFY_FAILED") {
                return "TLS: the server's certificate is not trusted by this machine "
                    + "(sslmode=\(location.sslMode.rawValue) checks it; sslmode=require does not)"
            }
            return "TLS failed: \(tlsError)"
        }
        if let hostError = error as? NIOSSLExtraError, hostError == .failedToValidateHostname {
            return "TLS: the server's certificate is not for host \"\(location.host)\" (sslmode=verify-full)"
        }
        return "\(error)"
    }
}
